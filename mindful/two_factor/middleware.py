from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from mindful.security_headers import is_admin_path

from .devices import has_second_factor, requires_second_factor


class SecondFactorMiddleware:
    """Keep signed-in staff who have not passed their second step out of the admin.

    Someone with a device is sent to verify it; someone who must have one (see
    `requires_second_factor`) and has none is sent to set one up. Other staff pass.
    Needs django-otp's OTPMiddleware before it (for `user.is_verified()`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and is_admin_path(request.path_info)
            and not user.is_verified()
            and request.path_info not in self.open_paths()
        ):
            if has_second_factor(user):
                return self.redirect_to("mindful_two_factor:verify", request)
            setup = reverse("mindful_two_factor:setup")
            if requires_second_factor(user) and request.path_info != setup:
                return self.redirect_to("mindful_two_factor:setup", request)
        return self.get_response(request)

    @staticmethod
    def open_paths():
        return {
            reverse("wagtailadmin_login"),
            reverse("wagtailadmin_logout"),
            reverse("mindful_two_factor:verify"),
            # What every admin page loads: icons and translations.
            reverse("wagtailadmin_sprite"),
            reverse("wagtailadmin_javascript_catalog"),
        }

    @staticmethod
    def redirect_to(name, request):
        return redirect(reverse(name) + "?" + urlencode({"next": request.get_full_path()}))
