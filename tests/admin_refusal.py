"""How the Wagtail admin answers a request the user has no permission for."""

from django.urls import reverse


def refused(response):
    """Wagtail redirects a refused admin request to the dashboard, which shows
    "Sorry, you do not have permission to access this area."."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
