"""The answer django-axes gives once sign-in is paused (AXES_LOCKOUT_CALLABLE).

It is the same whatever username was typed, known or not, so it tells an attacker
nothing about which accounts exist.
"""

from django.conf import settings
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(
        request, "mindful/admin/locked_out.html", {"cooloff_minutes": minutes}, status=429
    )
