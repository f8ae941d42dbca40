"""Inquiries: people reaching out for help, and the switches for how the practice hears of them.

Losing an inquiry is the worst failure this site can have, exposing one the second
worst. So a row is written before any email is attempted, each email's delivery is
recorded on the row (a failed one is retried and shows in the admin), and no
email carries what the person wrote unless the practice switches that on.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from mindful.outbox import claimable

# Stop retrying an inquiry's emails after this many failed attempts; the admin
# filter "Emails failed" still lists it, and `retry_emails --all` forces one more try.
MAX_EMAIL_ATTEMPTS = 8


class InquiryQuerySet(models.QuerySet):
    def new(self):
        return self.filter(status=Inquiry.Status.NEW)

    def open(self):
        """Inquiries someone still has to act on."""
        return self.filter(
            status__in=[Inquiry.Status.NEW, Inquiry.Status.CONTACTED, Inquiry.Status.SCHEDULED]
        )

    def emails_unsent(self):
        """Real inquiries (not spam) with an email that has not gone out yet."""
        return self.exclude(status=Inquiry.Status.SPAM).filter(
            Q(notification_sent_at__isnull=True) | Q(acknowledgement_sent_at__isnull=True)
        )

    def emails_failed(self):
        """Unsent emails whose sending was tried at least once and failed."""
        return self.emails_unsent().filter(email_attempts__gt=0)

    def emails_claimable(self):
        """Unsent emails no live worker is sending."""
        return claimable(self.emails_unsent(), "emails_claimed_at")

    def purgeable(self, before):
        """Closed or spam inquiries last changed before `before`: the retention policy."""
        return self.filter(
            status__in=[Inquiry.Status.CLOSED, Inquiry.Status.SPAM], updated_at__lt=before
        )


class InquiryStatus(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    SCHEDULED = "scheduled", _("Scheduled")
    CLOSED = "closed", _("Closed")
    SPAM = "spam", _("Spam")


class Inquiry(models.Model):
    # Defined outside the class so that Meta's check constraint can name the same values.
    Status = InquiryStatus

    class ContactMethod(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone call")
        TEXT = "text", _("Text message")

    class SessionFormat(models.TextChoices):
        NO_PREFERENCE = "either", _("No preference")
        IN_PERSON = "in_person", _("In person (Seattle)")
        TELEHEALTH = "telehealth", _("Telehealth (video)")

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    preferred_contact_method = models.CharField(
        _("preferred contact method"),
        max_length=10,
        choices=ContactMethod.choices,
        default=ContactMethod.EMAIL,
    )
    best_times = models.CharField(_("best times to reach them"), max_length=200, blank=True)
    service = models.ForeignKey(
        "services.ServicePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("service of interest"),
    )
    # The title as the person saw it, kept if the service page is later deleted or renamed.
    service_title = models.CharField(_("service asked about"), max_length=255, blank=True)
    clinician = models.ForeignKey(
        "services.ClinicianPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("clinician asked for"),
    )
    # The name as the person saw it, kept if the clinician's page is later deleted or renamed.
    clinician_name = models.CharField(_("clinician asked for"), max_length=255, blank=True)
    session_format = models.CharField(
        _("in person or telehealth"),
        max_length=10,
        choices=SessionFormat.choices,
        default=SessionFormat.NO_PREFERENCE,
    )
    message = models.TextField(_("message"), max_length=3000)
    referral_source = models.CharField(_("how they heard of us"), max_length=200, blank=True)
    consented_at = models.DateTimeField(
        _("consent given at"),
        help_text=_("When they ticked the box saying the form is not for emergencies."),
    )

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    notes = models.TextField(
        _("internal notes"),
        blank=True,
        help_text=_("Only people in the Intake group see these. Keep clinical details out."),
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sent from page"),
    )
    address_hash = models.CharField(
        _("sender address hash"),
        max_length=64,
        blank=True,
        help_text=_("A keyed hash of the sender's network address; the address is not stored."),
    )

    # Email delivery, recorded so a failure is visible and retried rather than lost.
    notification_sent_at = models.DateTimeField(_("practice notified at"), null=True, blank=True)
    acknowledgement_sent_at = models.DateTimeField(
        _("acknowledgement sent at"), null=True, blank=True
    )
    email_attempts = models.PositiveSmallIntegerField(_("email attempts"), default=0)
    # Set while a worker sends this inquiry's emails (mindful/outbox.py), so no other does.
    emails_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_email_error = models.CharField(_("last email error"), max_length=200, blank=True)

    objects = InquiryQuerySet.as_manager()

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=InquiryStatus.values),
                name="contact_inquiry_status_valid",
            ),
        ]

    def __str__(self):
        # No name here: this label also lands in Wagtail's action log and messages.
        received = f" of {self.created_at:%Y-%m-%d}" if self.created_at else ""
        return f"Inquiry {self.pk}{received}"

    @property
    def emails_failed(self):
        return self.email_attempts > 0 and not (
            self.notification_sent_at and self.acknowledgement_sent_at
        )

    @property
    def email_state(self):
        """One word for the inbox listing."""
        if self.status == self.Status.SPAM:
            return _("None (spam)")
        if self.notification_sent_at and self.acknowledgement_sent_at:
            return _("Sent")
        return _("Failed") if self.email_attempts else _("Queued")


@register_setting(icon="mail")
class InquirySettings(BaseGenericSetting):
    """How the practice is told about inquiries. Editable by superusers only by default."""

    notification_includes_details = models.BooleanField(
        _("put the inquiry's details in the notification email"),
        default=False,
        help_text=_(
            "Off: the email only says a new inquiry arrived and links to the admin. "
            "On: it also holds the name, contact details and message, which may include "
            "health information; only switch this on if your email is secure enough for that."
        ),
    )

    panels = [FieldPanel("notification_includes_details")]

    class Meta:
        verbose_name = _("inquiry settings")
