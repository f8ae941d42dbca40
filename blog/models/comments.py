from django.db import models
from django.utils.translation import gettext_lazy as _

from mindful.outbox import claimable

COMMENT_MAX_LENGTH = 3000


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=CommentStatus.APPROVED)

    def pending(self):
        return self.filter(status=CommentStatus.PENDING)

    def notification_unsent(self):
        """Comments awaiting moderation whose notification to the practice has not gone out."""
        return self.pending().filter(notification_sent_at__isnull=True)

    def notification_claimable(self):
        return claimable(self.notification_unsent(), "notification_claimed_at")


class Comment(models.Model):
    """A reader's comment on a post. Plain text; shown only once a clinician approves it."""

    post = models.ForeignKey("blog.BlogPostPage", on_delete=models.CASCADE, related_name="comments")
    name = models.CharField(_("name"), max_length=80)
    email = models.EmailField(_("email"), max_length=254, help_text=_("Never shown on the site."))
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    status = models.CharField(
        max_length=10,
        choices=CommentStatus.choices,
        default=CommentStatus.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    urgent = models.BooleanField(
        _("mentions self-harm"),
        default=False,
        db_index=True,
        help_text=_(
            "Set when the comment uses words about suicide or self-harm. The writer was shown "
            "the crisis line; read it first and consider whether to reach out."
        ),
    )
    address_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("A keyed hash of the sender's network address, for rate limits only."),
    )

    # The email telling the practice a comment awaits moderation (mindful/outbox.py).
    notification_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    notification_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    notification_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    notification_error = models.CharField(max_length=200, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["post", "status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CommentStatus.values),
                name="blog_comment_status_valid",
            )
        ]

    def __str__(self):
        return f"{self.name} on “{self.post.title}”"

    @property
    def excerpt(self):
        return self.body if len(self.body) <= 80 else self.body[:79] + "…"
