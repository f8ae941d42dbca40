"""Clinicians (Wagtail's Editors and Moderators groups) see the mailing list and send posts.

Inquiries are not granted here: only the Intake group sees them (0003_intake_group).
"""

from django.db import migrations

from mindful.group_permissions import clinician_grants

GRANTS = [
    ("subscriber", ["view", "change"]),
    ("postsend", ["add", "view"]),
]


class Migration(migrations.Migration):
    dependencies = [
        ("contact", "0004_merge_0002_mailing_list_0003_intake_group"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(*clinician_grants("contact", GRANTS))]
