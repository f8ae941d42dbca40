"""Set-up, verification and recovery-code pages, inside Wagtail's admin."""

import segno
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from django_otp import devices_for_user, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .devices import (
    confirm_app_device,
    has_second_factor,
    new_recovery_codes,
    pending_app_device,
    recovery_codes_left,
    remove_second_factor,
    requires_second_factor,
)
from .forms import CodeForm

WRONG_CODE = gettext_lazy(
    "That code did not work. Check your app's clock, or wait a moment after several tries."
)


def safe_next(request, default=None):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse("wagtailadmin_home")


class AdminPage(WagtailAdminTemplateMixin):
    header_icon = "lock"
    page_title = gettext_lazy("Two-step verification")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailadmin_account"), "label": _("Account")},
            {"url": "", "label": self.get_page_title()},
        ]


class OverviewView(AdminPage, TemplateView):
    template_name = "mindful/admin/two_factor_overview.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            **kwargs,
            enabled=has_second_factor(user),
            required=requires_second_factor(user),
            codes_left=recovery_codes_left(user),
        )


class SetupView(AdminPage, FormView):
    """Scan a QR code, type the app's code; on success the recovery codes show once."""

    template_name = "mindful/admin/two_factor_setup.html"
    form_class = CodeForm
    page_title = gettext_lazy("Set up two-step verification")

    def dispatch(self, request, *args, **kwargs):
        # Someone holding only the password must not swap in their own device.
        if has_second_factor(request.user) and not request.user.is_verified():
            return redirect(reverse("mindful_two_factor:verify") + "?next=" + request.path)
        self.device = pending_app_device(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        qr = segno.make(self.device.config_url, error="m")
        secret = self.device.config_url.split("secret=", 1)[1].split("&", 1)[0]
        return super().get_context_data(
            **kwargs,
            qr_svg=qr.svg_inline(scale=5, dark="#000", light="#fff", title=_("QR code")),
            secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            required=requires_second_factor(self.request.user),
            next=safe_next(self.request),
        )

    def form_valid(self, form):
        if not self.device.verify_token(form.cleaned_data["code"]):
            form.add_error("code", WRONG_CODE)
            return self.form_invalid(form)
        codes = confirm_app_device(self.request.user, self.device)
        otp_login(self.request, self.device)
        return RecoveryCodesView.show(self.request, codes, next_url=safe_next(self.request))


class VerifyView(FormView):
    """The second step of signing in, styled like Wagtail's sign-in page."""

    template_name = "mindful/admin/two_factor_verify.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_verified() or not has_second_factor(request.user):
            return redirect(safe_next(request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, next=safe_next(self.request))

    def form_valid(self, form):
        user = self.request.user
        code = form.cleaned_data["code"]
        for device in devices_for_user(user):
            verified = verify_token(user, device.persistent_id, code)
            if verified:
                otp_login(self.request, verified)
                if isinstance(verified, StaticDevice):
                    messages.warning(
                        self.request,
                        _("You signed in with a recovery code; %(left)d left.")
                        % {"left": recovery_codes_left(user)},
                    )
                return redirect(safe_next(self.request))
        form.add_error("code", WRONG_CODE)
        return self.form_invalid(form)


class RecoveryCodesView(AdminPage, TemplateView):
    """POST: replace the recovery codes and show the new ones, this once."""

    template_name = "mindful/admin/two_factor_recovery_codes.html"
    http_method_names = ["post"]
    page_title = gettext_lazy("Your recovery codes")

    def post(self, request):
        return self.show(request, new_recovery_codes(request.user))

    @classmethod
    def show(cls, request, codes, next_url=None):
        view = cls(request=request)
        context = view.get_context_data(codes=codes, next=next_url)
        return view.render_to_response(context)  # the admin's never_cache: kept nowhere


class DisableView(AdminPage, TemplateView):
    http_method_names = ["post"]

    def post(self, request):
        if requires_second_factor(request.user):
            messages.error(request, _("Your role requires two-step verification."))
        else:
            remove_second_factor(request.user)
            messages.success(request, _("Two-step verification is off."))
        return redirect("mindful_two_factor:overview")


overview = OverviewView.as_view()
setup = SetupView.as_view()
verify = VerifyView.as_view()
recovery_codes = RecoveryCodesView.as_view()
disable = DisableView.as_view()
