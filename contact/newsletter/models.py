"""The mailing list: subscribers, sends of a blog post, and one delivery per reader and post."""

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mindful.one_line import validate_one_line
from mindful.outbox import claimable

# Stop retrying one email after this many failed attempts. A newsletter delivery that
# reached it shows as failed on its send, and the admin's "Resume" tries it again.
MAX_EMAIL_ATTEMPTS = 5


class SubscriberQuerySet(models.QuerySet):
    def subscribed(self):
        return self.filter(status=Subscriber.Status.SUBSCRIBED)

    def pending(self):
        return self.filter(status=Subscriber.Status.PENDING)

    def counts_by_status(self):
        """Every status with its number of subscribers (zero included), in one query."""
        counts = dict(self.order_by().values_list("status").annotate(n=Count("pk")))
        return {status: counts.get(status, 0) for status in Subscriber.Status.values}


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        SUBSCRIBED = "subscribed", _("subscribed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        BOUNCED = "bounced", _("bounced")

    email = models.EmailField(_("email address"), max_length=254)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created = models.DateTimeField(_("signed up"), auto_now_add=True)
    consent_at = models.DateTimeField(
        _("consent given"), default=timezone.now, help_text=_("When the form was last sent.")
    )
    consent_source = models.CharField(
        _("signed up on"),
        max_length=255,
        blank=True,
        help_text=_("The page the reader was on when they signed up."),
    )
    consent_version = models.CharField(
        _("consent wording"),
        max_length=20,
        help_text=_("Which version of the consent sentence the reader agreed to."),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="newsletter_subscriber_email_ci_unique"),
        ]

    def __str__(self):
        return self.email


class ConfirmationEmailQuerySet(models.QuerySet):
    def unsent(self):
        """Asked for, not sent, the reader still waiting to confirm (no join: see outbox.claim)."""
        waiting = Subscriber.objects.pending().values("pk")
        return self.filter(sent_at__isnull=True, subscriber_id__in=waiting)

    def claimable(self):
        return claimable(self.unsent())


class ConfirmationEmail(models.Model):
    """One confirmation email a signup asked for, sent once; the rows also cap how many
    one address receives, whoever signs it up."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="confirmation_emails"
    )
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)

    objects = ConfirmationEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("confirmation email")

    def __str__(self):
        return f"Confirmation {self.pk} for subscriber {self.subscriber_id}"


class PostSendQuerySet(models.QuerySet):
    def unfinished(self):
        return self.exclude(status=PostSend.Status.SENT)


class PostSend(models.Model):
    """One request, made in the admin, to email a published post to every subscribed reader."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")

    post = models.ForeignKey(
        "blog.BlogPostPage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Only published posts can be sent."),
    )
    subject = models.CharField(
        max_length=150,
        validators=[validate_one_line],
        help_text=_("The email's subject line; the post's title usually works well."),
    )
    preview_text = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_one_line],
        help_text=_("The short line most mail apps show after the subject. Optional."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(
        default=0, help_text=_("Subscribed readers when sending started.")
    )
    sent_count = models.PositiveIntegerField(_("sent"), default=0)
    skipped_count = models.PositiveIntegerField(
        _("skipped"), default=0, help_text=_("Readers who unsubscribed while it was sending.")
    )
    failed_count = models.PositiveIntegerField(
        _("failed"),
        default=0,
        help_text=_("Readers whose email failed five times; “Resume” tries them again."),
    )
    # Last time a batch started, made progress or was queued again: a send in
    # progress with no activity for a while has stopped, and `resume_sends` restarts it.
    active_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = PostSendQuerySet.as_manager()

    class Meta:
        verbose_name = _("post email")
        verbose_name_plural = _("post emails")
        ordering = ["-created"]

    def __str__(self):
        return self.subject

    def progress(self):
        return f"{self.sent_count} / {self.total}"

    progress.short_description = _("sent / total")


class DeliveryQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True, skipped=False)

    def given_up(self):
        return self.unsent().filter(attempts__gte=MAX_EMAIL_ATTEMPTS)

    def sendable(self):
        """Unsent, tried fewer than MAX_EMAIL_ATTEMPTS times, and nobody sending it now."""
        return claimable(self.unsent().filter(attempts__lt=MAX_EMAIL_ATTEMPTS))


class Delivery(models.Model):
    """One post to one subscriber. The unique constraint is what makes sending idempotent."""

    send = models.ForeignKey(PostSend, on_delete=models.CASCADE, related_name="deliveries")
    # Copied from the send so PostgreSQL can refuse a second delivery of the same post.
    post = models.ForeignKey("blog.BlogPostPage", on_delete=models.CASCADE, related_name="+")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    skipped = models.BooleanField(default=False)
    # Set while a worker sends this email (mindful/outbox.py), so no other worker does.
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "subscriber"], name="newsletter_delivery_post_subscriber_unique"
            ),
        ]

    def __str__(self):
        return f"{self.post_id} → {self.subscriber_id}"
