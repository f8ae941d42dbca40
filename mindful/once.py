"""Once is once: a form sent twice (a double click, back-and-resend, a script replaying the
same POST) stores one row and sends one set of emails; the repeat gets the same answer.

Two keys recognise a repeat:

- The form's one-time key. Pages are cached whole, so the key is not rendered into them:
  `static/js/site.js` fetches a fresh one from `/form-values/` (mindful.form_values) as the
  page loads and writes it into the hidden `submission_key` input. Every copy of that POST
  carries the same key.
- Without JavaScript there is no key, so the same visitor (the keyed hash of their network
  address) sending the same entries within SAME_CONTENT_SECONDS counts as a repeat too.

Both are remembered in the cache (shared by every worker), claimed with `cache.add`, which
only one of two simultaneous requests wins. Only hashes are kept, never the entries.
"""

import json
import secrets

from django import forms
from django.core.cache import cache
from django.core.validators import RegexValidator
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

# How long a one-time key is remembered: longer than any page stays open in a tab.
KEY_SECONDS = 24 * 3600
# How long the same entries from the same visitor count as the same submission.
SAME_CONTENT_SECONDS = 10 * 60
# Fields that differ between two sends of one form, so they are left out of its fingerprint.
NOT_CONTENT = {"submission_key", "rendered_at", "website"}


def new_submission_key():
    return secrets.token_urlsafe(18)


def submission_key_field():
    """The hidden one-time key input, filled in by site.js (data-fresh) and never rendered."""
    return forms.CharField(
        required=False,
        max_length=64,
        validators=[
            RegexValidator(r"^[A-Za-z0-9_-]*$", _("This form is damaged; please reload the page."))
        ],
        widget=forms.HiddenInput(attrs={"data-fresh": "submission_key"}),
    )


def _cache_key(scope, kind, value):
    digest = salted_hmac(f"mindful.once.{scope}.{kind}", value, algorithm="sha256").hexdigest()
    return f"once:{scope}:{kind}:{digest}"


class OneSubmission:
    """One send of a valid form. `claim()` says whether it is the first; a handler that does
    not go on to store it (a rate limit) or fails while storing calls `release()`."""

    def __init__(self, scope, visitor_hash, form):
        content = {
            name: value for name, value in form.cleaned_data.items() if name not in NOT_CONTENT
        }
        fingerprint = visitor_hash + json.dumps(content, sort_keys=True, default=str)
        self.keys = {_cache_key(scope, "content", fingerprint): SAME_CONTENT_SECONDS}
        submission_key = form.cleaned_data.get("submission_key")
        if submission_key:
            self.keys[_cache_key(scope, "key", submission_key)] = KEY_SECONDS
        self.claimed = []

    def claim(self):
        """True the first time; False for a repeat (every key is claimed either way)."""
        added = {key: cache.add(key, 1, seconds) for key, seconds in self.keys.items()}
        self.claimed = [key for key, answer in added.items() if answer]
        # None: the cache is unreachable (IGNORE_EXCEPTIONS answers None), so no repeat can be
        # recognised; storing a possible repeat beats dropping an acknowledged submission.
        return False not in added.values()

    def release(self):
        cache.delete_many(self.claimed)
        self.claimed = []

    def __enter__(self):
        return self

    def __exit__(self, error_type, error, traceback):
        if error_type is not None:
            self.release()  # nothing was stored: sending the form again must work
        return False
