"""Clinicians (Wagtail's Editors and Moderators groups) moderate comments and keep categories."""

from django.db import migrations

from mindful.group_permissions import clinician_grants

GRANTS = [
    ("comment", ["view", "change", "delete"]),
    ("blogcategory", ["add", "change", "delete", "view"]),
]


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0002_categories_tags_authors_hero_comments"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(*clinician_grants("blog", GRANTS))]
