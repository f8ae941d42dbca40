"""Spam defences shared by every public form: honeypot, minimum fill time, rate limits.

Spam checks sit in the form's `clean()` so a flagged submission is still a valid
form: callers decide whether to store it as spam or to drop it.
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from mindful.client_address import client_ip
from mindful.hostile_input import CleanTextForm
from mindful.once import submission_key_field

# People take longer than this to fill in even the shortest form; most bots do not.
MIN_FILL_SECONDS = getattr(settings, "SPAM_MIN_FILL_SECONDS", 3)
# A form left open longer than this is treated like a fresh one (no spam flag).
MAX_FORM_AGE_SECONDS = 60 * 60 * 24
TIMESTAMP_SALT = "mindful.spam.rendered_at"


def client_address_hash(request):
    """A keyed hash of the sender's address: enough to rate-limit, useless to identify.

    The raw IP is never stored. Behind the site's proxies the address comes from
    `client_ip`, which trusts X-Forwarded-For only as far as TRUSTED_PROXY_COUNT /
    TRUSTED_PROXIES allow.
    """
    address = client_ip(request) or "unknown"
    return salted_hmac("mindful.spam.client_address", address, algorithm="sha256").hexdigest()


def is_rate_limited(scope, identity, limit, period_seconds):
    """Count one more attempt for `identity` in `scope`; True once `limit` is exceeded.

    Uses the configured cache (Redis in production), so every app server shares
    the count. A fixed window per period keeps it to one atomic increment.
    """
    window = int(time.time() // period_seconds)
    key = f"ratelimit:{scope}:{identity}:{window}"
    # add() is atomic: only the first attempt in a window creates the counter.
    if cache.add(key, 1, timeout=period_seconds):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=period_seconds)
        return limit < 1
    # None: the cache is unreachable and django-redis ignored the error. Nobody can be
    # counted, so nobody is refused; the outage must not stop people reaching us.
    return count is not None and count > limit


def fresh_rendered_at():
    """A signed "the form was shown now", checked by SpamProtectedForm.filled_too_fast."""
    return signing.dumps(time.time(), salt=TIMESTAMP_SALT)


class SpamProtectedForm(CleanTextForm):
    """A form with a honeypot field and a signed render time.

    After `is_valid()`, `self.is_spam` says whether the submission looked automated.
    Render the hidden fields with `{% include "includes/spam_fields.html" %}`; it also
    carries the one-time key that makes a resent form a repeat (mindful.once).
    """

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # A cached page holds an old time; site.js replaces it (mindful.form_values).
    rendered_at = forms.CharField(
        required=False, widget=forms.HiddenInput(attrs={"data-fresh": "rendered_at"})
    )
    # Makes a resent form a repeat (mindful.once); site.js fills it in, it is never rendered.
    submission_key = submission_key_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_spam = False
        if not self.is_bound:
            self.initial["rendered_at"] = fresh_rendered_at()

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website") or self.filled_too_fast(cleaned_data.get("rendered_at", "")):
            self.is_spam = True
        return cleaned_data

    @staticmethod
    def filled_too_fast(token):
        try:
            rendered_at = signing.loads(token, salt=TIMESTAMP_SALT, max_age=MAX_FORM_AGE_SECONDS)
        except signing.SignatureExpired:
            return False
        except signing.BadSignature:
            return True  # missing or forged: no person's browser sends that
        return time.time() - float(rendered_at) < MIN_FILL_SECONDS
