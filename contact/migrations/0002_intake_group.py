"""The "Intake" group: the people who may see, work through and export inquiries.

Inquiries may hold health information, so page editors do not get these
permissions; add a clinician to this group in Settings > Groups instead.
"""

from django.db import migrations

from mindful.group_permissions import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("contact", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        grant_permissions(
            ["Intake"],
            [
                ("contact", "inquiry", ["view", "change", "delete"]),
                ("wagtailadmin", "admin", ["access"]),
            ],
            create_groups=True,
        )
    ]
