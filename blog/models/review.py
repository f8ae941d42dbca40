"""Clinical review: a clinician who did not write a post approves it before it goes live.

The "Clinical review" workflow (made by a data migration, assigned to the blog index) has one
ClinicalReviewTask. Approving it records a ClinicalReview, which the post shows ("Reviewed by
…") and which the "Due for clinical review" report reads. While the workflow is on, nobody
publishes a post directly: the approval publishes it (blog/workflow_actions.py).
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, PagePermissionTester

from services.models import ClinicianPage

# What a reader reads: a revision that changes any of these was written by whoever saved it.
REVIEWED_FIELDS = (
    "title",
    "intro",
    "body",
    "hero_image",
    "hero_image_alt",
    "content_note",
    "content_note_text",
)


def review_interval():
    """How long a review stands before the post is due again (CLINICAL_REVIEW_INTERVAL_DAYS)."""
    return datetime.timedelta(days=settings.CLINICAL_REVIEW_INTERVAL_DAYS)


def changes_reviewed_content(revision, page):
    """True when `revision` differs from what readers see now in any reviewed field."""
    live = page.live_revision
    if not page.live or live is None:
        return True
    return any(revision.content.get(field) != live.content.get(field) for field in REVIEWED_FIELDS)


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """Approval by a clinician in the chosen groups who is not one of the post's authors."""

    class Meta:
        verbose_name = _("Clinical review task")
        verbose_name_plural = _("Clinical review tasks")

    @classmethod
    def get_description(cls):
        return _(
            "A clinician in the chosen groups who did not write the post approves it; "
            "approving publishes it and records the review on the post."
        )

    @staticmethod
    def _post_and_revision(obj):
        """(the specific post, the revision under review), or (None, None) for a page that
        cannot name its authors (the task then works like Wagtail's group approval)."""
        post = getattr(obj, "specific", obj)
        if not hasattr(post, "author_user_ids"):
            return None, None
        task_state = post.current_workflow_task_state
        return post, task_state.revision if task_state else None

    def is_author(self, obj, user):
        post, revision = self._post_and_revision(obj)
        if post is None:
            return False
        under_review = revision.as_object() if revision is not None else post
        return user.pk in under_review.author_user_ids(revision)

    def get_actions(self, obj, user):
        # An author sees no Approve button; the same rule is enforced again in on_action.
        if self.is_author(obj, user):
            return []
        return super().get_actions(obj, user)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            post, _revision = self._post_and_revision(task_state.workflow_state.content_object)
            if post is not None:
                revision = task_state.revision
                if user.pk in revision.as_object().author_user_ids(revision):
                    raise PermissionDenied("A post's author cannot approve its clinical review.")
                # Recorded before approving: approval publishes, and the published page shows it.
                ClinicalReview.record(
                    post=post, reviewer=user, revision=revision, comment=kwargs.get("comment", "")
                )
        return super().on_action(task_state, user, action_name, **kwargs)


class ClinicalReviewQuerySet(models.QuerySet):
    def latest_first(self):
        return self.select_related("reviewer_profile").order_by("-reviewed_at", "-pk")


class ClinicalReview(models.Model):
    """One approval of a post by a clinician, as shown to readers.

    The reviewer's name and profession are copied at approval time, so the post keeps saying
    who reviewed it even if a profile later changes or the account is removed.
    """

    post = models.ForeignKey(
        "blog.BlogPostPage", on_delete=models.CASCADE, related_name="clinical_reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer_profile = models.ForeignKey(
        "services.ClinicianPage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer_name = models.CharField(max_length=255)
    reviewer_profession = models.CharField(max_length=80, blank=True)
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(default=timezone.now)

    objects = ClinicalReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("clinical review")
        verbose_name_plural = _("clinical reviews")
        indexes = [models.Index(fields=["post", "-reviewed_at"])]

    def __str__(self):
        return f"{self.post_id} reviewed by {self.reviewer_name}"

    @classmethod
    def record(cls, *, post, reviewer, revision=None, comment=""):
        profile = ClinicianPage.objects.filter(user=reviewer).first()
        return cls.objects.create(
            post=post,
            reviewer=reviewer,
            reviewer_profile=profile,
            reviewer_name=profile.title
            if profile
            else reviewer.get_full_name() or reviewer.get_username(),
            reviewer_profession=profile.profession if profile else "",
            revision=revision,
            comment=comment,
        )

    @property
    def byline(self):
        """“Dr. Tabitha Moss, licensed psychologist”."""
        if self.reviewer_profession:
            return f"{self.reviewer_name}, {self.reviewer_profession}"
        return self.reviewer_name


class ReviewedPostPermissionTester(PagePermissionTester):
    """While a workflow is on for a post, only the workflow's approval publishes it.

    Nobody, administrators included, publishes directly: the Publish button disappears and
    a forged "action-publish" falls back to saving a draft. Unpublishing is untouched.
    """

    def _may_publish_directly(self):
        return super().can_publish()

    def can_publish(self):
        return self._may_publish_directly() and not self.page.has_workflow

    def can_set_view_restrictions(self):
        return self._may_publish_directly()

    def can_unschedule(self):
        return self._may_publish_directly()


class ReviewedIndexPermissionTester(PagePermissionTester):
    """New posts under a reviewed blog index cannot be created and published in one go."""

    def can_publish_subpage(self):
        return super().can_publish_subpage() and not self.page.has_workflow
