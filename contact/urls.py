from django.urls import path

from contact import newsletter_views

app_name = "newsletter"

urlpatterns = [
    path("", newsletter_views.signup, name="signup"),
    path("check-your-inbox/", newsletter_views.check_inbox, name="check_inbox"),
    path("confirm/<str:token>/", newsletter_views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", newsletter_views.unsubscribe, name="unsubscribe"),
]
