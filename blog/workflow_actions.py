"""What happens when a workflow is approved (settings.WAGTAIL_FINISH_WORKFLOW_ACTION).

Wagtail imports this while it defines its own models, so nothing here may import models.
"""


def publish_approved(workflow_state, user=None):
    """Publish what the workflow approved.

    The approval is the permission: a clinical reviewer may approve a post they could not
    publish directly (blog.models.review.ReviewedPostPermissionTester), so Wagtail's publish
    permission check is skipped here, as it is for scheduled publishing.
    """
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
