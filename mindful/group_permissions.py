"""Granting model permissions to groups from data migrations.

Django makes permissions after migrations (post_migrate), so a data migration
that grants them has to create the ones it needs first.
"""

# Wagtail's own migrations create these two groups; clinicians belong to one of them.
CLINICIAN_GROUPS = ["Editors", "Moderators"]


def grant(apps, group_names, app_label, model, actions):
    """Give each named group (if it exists) the `actions` permissions on app_label.model."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_{model}",
            defaults={"name": f"Can {action} {model}"},
        )[0]
        for action in actions
    ]
    for group in Group.objects.filter(name__in=group_names):
        group.permissions.add(*permissions)


def revoke(apps, group_names, app_label, model, actions):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    codenames = [f"{action}_{model}" for action in actions]
    permissions = Permission.objects.filter(
        content_type__app_label=app_label, codename__in=codenames
    )
    for group in Group.objects.filter(name__in=group_names):
        group.permissions.remove(*permissions)


def clinician_grants(app_label, grants):
    """Forward and backward functions for RunPython giving clinicians' groups `grants`:
    a list of (model, actions) pairs on app_label."""

    def forward(apps, schema_editor):
        for model, actions in grants:
            grant(apps, CLINICIAN_GROUPS, app_label, model, actions)

    def backward(apps, schema_editor):
        for model, actions in grants:
            revoke(apps, CLINICIAN_GROUPS, app_label, model, actions)

    return forward, backward
