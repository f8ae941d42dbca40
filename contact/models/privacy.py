"""What stays after a privacy request is answered: the date, the kind, a keyed hash, counts."""

from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


def privacy_address_hash(address):
    """A keyed hash (SECRET_KEY) of the address in any letter case: it tells whether the
    same person asked again, and nobody without the key can test an address against it."""
    normalised = address.strip().lower()
    return salted_hmac(
        "contact.privacy_request.address", normalised, algorithm="sha256"
    ).hexdigest()


class PrivacyRequest(models.Model):
    """A person asked for everything held about their address, or for it to be deleted."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("export everything held")
        DELETE = "delete", _("export, then delete everything held")

    kind = models.CharField(_("request"), max_length=10, choices=Kind.choices)
    answered_at = models.DateTimeField(_("answered"), auto_now_add=True, db_index=True)
    address_hash = models.CharField(
        _("address (keyed hash)"),
        max_length=64,
        db_index=True,
        help_text=_("Never the address itself: a hash made with the site's secret key."),
    )
    record_counts = models.JSONField(
        _("records found"), default=dict, help_text=_("How many rows of each kind were found.")
    )

    class Meta:
        verbose_name = _("privacy request")
        ordering = ["-answered_at"]

    def __str__(self):
        answered = f" of {self.answered_at:%Y-%m-%d}" if self.answered_at else ""
        return f"Privacy request {self.pk}{answered}"

    def records_summary(self):
        return ", ".join(f"{name}: {count}" for name, count in self.record_counts.items())

    records_summary.short_description = _("records found")
