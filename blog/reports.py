"""Reports → Due for clinical review: live posts whose last review is older than the interval."""

from django.db.models import F, Max, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from .models import BlogPostAuthor, BlogPostPage, ClinicalReview
from .models.review import review_interval


def posts_due_for_review(now=None):
    """Live posts never reviewed or last reviewed before the interval, longest-waiting first."""
    cutoff = (now or timezone.now()) - review_interval()
    authors = BlogPostAuthor.objects.select_related("clinician").order_by("sort_order")
    return (
        BlogPostPage.objects.live()
        .annotate(last_reviewed=Max("clinical_reviews__reviewed_at"))
        .filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=cutoff))
        .order_by(F("last_reviewed").asc(nulls_first=True), "date", "pk")
        .prefetch_related(Prefetch("post_authors", queryset=authors))
    )


class AuthorsColumn(Column):
    def get_value(self, instance):
        return ", ".join(clinician.title for clinician in instance.authors)


class DueForReviewView(ReportView):
    page_title = _("Due for clinical review")
    header_icon = "time"
    index_url_name = "blog_reports:due_for_review"
    index_results_url_name = "blog_reports:due_for_review_results"
    # Clinicians (Editors, Moderators) may view clinical reviews: a data migration grants it.
    permission_policy = ModelPermissionPolicy(ClinicalReview)
    any_permission_required = ["view"]
    columns = [
        TitleColumn("title", label=_("Post"), url_name="wagtailadmin_pages:edit"),
        AuthorsColumn("authors", label=_("Written by")),
        DateColumn("last_reviewed", label=_("Last reviewed")),
        DateColumn("last_published_at", label=_("Last published")),
    ]
    list_export = ["title", "last_reviewed", "last_published_at"]
    export_headings = {"title": _("Post"), "last_reviewed": _("Last reviewed")}

    def get_queryset(self):
        return posts_due_for_review()
