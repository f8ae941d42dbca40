"""Clinicians (Wagtail's Editors and Moderators groups) moderate comments and keep categories."""

from django.db import migrations

from mindful.group_permissions import CLINICIAN_GROUPS, grant, revoke

GRANTS = [
    ("comment", ["view", "change", "delete"]),
    ("blogcategory", ["add", "change", "delete", "view"]),
]


def grant_permissions(apps, schema_editor):
    for model, actions in GRANTS:
        grant(apps, CLINICIAN_GROUPS, "blog", model, actions)


def revoke_permissions(apps, schema_editor):
    for model, actions in GRANTS:
        revoke(apps, CLINICIAN_GROUPS, "blog", model, actions)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0002_categories_tags_authors_hero_comments"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
