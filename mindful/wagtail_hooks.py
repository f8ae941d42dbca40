from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from mindful.two_factor import urls as two_factor_urls


@hooks.register("register_admin_urls")
def two_factor_admin_urls():
    return [path("two-factor/", include(two_factor_urls))]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("mindful_two_factor:overview"),
        "label": _("Two-step verification"),
        "help_text": _("Sign in with a code from an app on your phone as well as your password."),
    }
