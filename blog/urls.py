from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("comments/delete/<str:token>/", views.delete_comment, name="blog_comment_delete"),
]
