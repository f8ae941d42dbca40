"""Clinicians (Wagtail's Editors and Moderators groups) moderate comments and keep categories."""

from django.db import migrations

from mindful.group_permissions import CLINICIAN_GROUPS, grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        grant_permissions(
            CLINICIAN_GROUPS,
            [
                ("blog", "comment", ["view", "change", "delete"]),
                ("blog", "blogcategory", ["add", "change", "delete", "view"]),
            ],
        )
    ]
