from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from mindful.exports import SafeSpreadsheetExportMixin

from .bulk_actions import ApproveCommentsBulkAction, RejectCommentsBulkAction
from .models import BlogCategory, Comment


class BlogCategoryViewSet(SnippetViewSet):
    model = BlogCategory
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]


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
    list_display = ["name", "excerpt", "post", "status", "created_at"]
    list_filter = ["status", "post"]
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
    ]

    def get_queryset(self, request):
        return Comment.objects.select_related("post")


class BlogViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Blog")
    menu_icon = "doc-full"
    menu_order = 200
    items = (CommentViewSet, BlogCategoryViewSet)


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
