"""Groups and their permissions, set by data migrations: the one helper they all call.

Migrations import this module and nothing else of the project's, so it imports
only Django and must keep working for every migration that uses it. Django makes
permissions after migrations (post_migrate), so the helper creates the ones it
grants first.
"""

from django.db import migrations

# Wagtail's own migrations create these two groups; clinicians belong to one of them.
CLINICIAN_GROUPS = ["Editors", "Moderators"]


def permissions_for(apps, grants):
    """The Permission rows for grants, (app_label, model, actions) triples, made if missing.

    The codename is `<action>_<model>`, as Django names them ("access_admin" is
    ("wagtailadmin", "admin", ["access"])).
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    permissions = []
    for app_label, model, actions in grants:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            permissions.append(permission)
    return permissions


def grant_permissions(group_names, grants, *, create_groups=False):
    """A RunPython operation giving each named group the permissions in `grants`.

    With create_groups the groups are made (and deleted again when migrating
    backwards); otherwise only groups that exist are changed, and going backwards
    takes the permissions away again.
    """

    def forward(apps, schema_editor):
        Group = apps.get_model("auth", "Group")
        permissions = permissions_for(apps, grants)
        if create_groups:
            for name in group_names:
                Group.objects.get_or_create(name=name)
        for group in Group.objects.filter(name__in=group_names):
            group.permissions.add(*permissions)

    def backward(apps, schema_editor):
        Group = apps.get_model("auth", "Group")
        groups = Group.objects.filter(name__in=group_names)
        if create_groups:
            groups.delete()
            return
        permissions = permissions_for(apps, grants)
        for group in groups:
            group.permissions.remove(*permissions)

    return migrations.RunPython(forward, backward)
