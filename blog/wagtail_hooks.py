from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from mindful.exports import SafeSpreadsheetExportMixin

from .bulk_actions import ApproveCommentsBulkAction, RejectCommentsBulkAction
from .models import BlogCategory, Comment, ContentNote
from .reports import DueForReviewView


class BlogCategoryViewSet(SnippetViewSet):
    model = BlogCategory
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]


class ContentNoteViewSet(SnippetViewSet):
    model = ContentNote
    icon = "warning"
    menu_label = _("Content notes")
    list_display = ["text"]
    search_fields = ["text"]
    panels = [FieldPanel("text")]


class CommentIndexView(SafeSpreadsheetExportMixin, IndexView):
    """Readers write comments: their text stays inert in exports."""


class CommentViewSet(SnippetViewSet):
    """The moderation queue: filter by status and post, approve or reject in bulk, export."""

    model = Comment
    index_view_class = CommentIndexView
    icon = "comment"
    menu_label = _("Comments")
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["name", "excerpt", "post", "status", "urgent", "created_at"]
    list_filter = ["status", "urgent", "post"]
    list_export = ["created_at", "post", "name", "email", "body", "status"]
    export_filename = "blog-comments"
    search_fields = ["name", "email", "body"]
    ordering = ["-created_at"]
    panels = [
        FieldPanel("post"),
        FieldPanel("name"),
        FieldPanel("email"),
        FieldPanel("body"),
        FieldPanel("status"),
        FieldPanel("urgent", read_only=True),
    ]

    def get_queryset(self, request):
        return Comment.objects.select_related("post")


class BlogViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Blog")
    menu_icon = "doc-full"
    menu_order = 200
    items = (CommentViewSet, BlogCategoryViewSet, ContentNoteViewSet)


class PendingCommentsPanel(Component):
    """Dashboard panel: how many comments wait for a clinician, with a link to them."""

    name = "pending_comments"
    order = 50
    template_name = "blog/admin/pending_comments_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {
            "count": Comment.objects.pending().count(),
            "url": reverse("wagtailsnippets_blog_comment:list") + "?status=pending",
        }


@hooks.register("construct_homepage_panels")
def add_pending_comments_panel(request, panels):
    if request.user.has_perm("blog.change_comment"):
        panels.append(PendingCommentsPanel(request.user))


register_snippet(BlogViewSetGroup)
hooks.register("register_bulk_action", ApproveCommentsBulkAction)
hooks.register("register_bulk_action", RejectCommentsBulkAction)


@hooks.register("register_admin_urls")
def register_review_report_urls():
    urls = [
        path("", DueForReviewView.as_view(), name="due_for_review"),
        path(
            "results/", DueForReviewView.as_view(results_only=True), name="due_for_review_results"
        ),
    ]
    return [path("reports/due-for-clinical-review/", include((urls, "blog_reports")))]


class DueForReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("blog.view_clinicalreview")


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return DueForReviewMenuItem(
        _("Due for clinical review"),
        reverse("blog_reports:due_for_review"),
        name="due-for-clinical-review",
        icon_name="time",
        order=50,
    )
