"""Bulk approve and reject in the comments listing (tick comments, then pick an action)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from .invalidation import purge_posts
from .models import Comment, CommentStatus


class SetCommentStatusBulkAction(SnippetBulkAction):
    models = [Comment]
    template_name = "blog/admin/confirm_bulk_comment_status.html"
    new_status = None

    def check_perm(self, comment):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", comment
        )

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        comments = Comment.objects.filter(pk__in=[comment.pk for comment in objects])
        post_ids = set(comments.values_list("post_id", flat=True))
        updated = comments.update(status=cls.new_status)
        # update() sends no signals: clear the posts whose comments changed here.
        purge_posts(post_ids)
        return updated, 0

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self}


class ApproveCommentsBulkAction(SetCommentStatusBulkAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected comments")
    action_priority = 10
    new_status = CommentStatus.APPROVED

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d comment approved.", "%(count)d comments approved.", num_parent_objects
        ) % {"count": num_parent_objects}


class RejectCommentsBulkAction(SetCommentStatusBulkAction):
    display_name = _("Reject")
    action_type = "reject"
    aria_label = _("Reject the selected comments")
    action_priority = 20
    new_status = CommentStatus.REJECTED

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d comment rejected.", "%(count)d comments rejected.", num_parent_objects
        ) % {"count": num_parent_objects}
