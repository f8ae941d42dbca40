"""Security headers that Django's SecurityMiddleware does not set itself.

- Content-Security-Policy through django-csp: the strict policy in
  ``CONTENT_SECURITY_POLICY`` everywhere, except under the Wagtail admin, which gets
  ``ADMIN_CONTENT_SECURITY_POLICY`` (its own scripts set inline styles, and the page
  editor previews pages in a same-origin frame). The looser policy never reaches a
  public page.
- Cross-Origin-Resource-Policy, so other sites cannot embed our responses.

Referrer-Policy, X-Content-Type-Options, Cross-Origin-Opener-Policy and HSTS come
from Django's SecurityMiddleware; Permissions-Policy from django-permissions-policy.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy chosen by URL prefix."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if is_admin_path(request.path_info):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        elif getattr(request, "is_preview", False):
            # Wagtail renders a preview by passing a copy of the request, with the
            # page's own path, through the middleware again; the page keeps its
            # strict policy but may show inside the editor's preview frame.
            parts.config = {
                **settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
                "frame-ancestors": ["'self'"],
            }
        return parts


class CrossOriginResourcePolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        return response


def is_admin_path(path):
    return path.startswith(reverse("wagtailadmin_home"))
