"""Restricting an admin viewset: the one way, through Wagtail's own permission policies.

Register a policy for the model in the app's wagtail_hooks.py and Wagtail does the
rest: it hides the buttons and menu items for actions the user may not take and
refuses those views (a redirect to the dashboard with "Sorry, you do not have
permission", like every refused admin request).
"""

from wagtail.permission_policies import ModelPermissionPolicy


class ModelPermissionPolicyWithout(ModelPermissionPolicy):
    """Django's model permissions, minus `actions` nobody takes in the admin, superusers included.

    ModelPermissionPolicyWithout(Inquiry, {"add"}): inquiries come only from the public form.
    """

    def __init__(self, model, actions, **kwargs):
        super().__init__(model, **kwargs)
        self.never = frozenset(actions)

    def user_has_permission(self, user, action):
        return action not in self.never and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in self.never])
