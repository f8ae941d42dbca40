"""The "Intake" group: the people who may see, work through and export inquiries.

Inquiries may hold health information, so page editors do not get these
permissions; add a clinician to this group in Settings > Groups instead.
"""

from django.db import migrations

INTAKE_GROUP = "Intake"
INQUIRY_PERMISSIONS = [("view", "Can view inquiry"), ("change", "Can change inquiry"), ("delete", "Can delete inquiry")]


def create_intake_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    # Permissions are normally made after migrations (post_migrate); make ours now.
    inquiry_type, _ = ContentType.objects.get_or_create(app_label="contact", model="inquiry")
    permissions = [
        Permission.objects.get_or_create(
            content_type=inquiry_type, codename=f"{action}_inquiry", defaults={"name": name}
        )[0]
        for action, name in INQUIRY_PERMISSIONS
    ]
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group, _ = Group.objects.get_or_create(name=INTAKE_GROUP)
    group.permissions.add(access_admin, *permissions)


def remove_intake_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=INTAKE_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contact", "0002_inquiry"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_intake_group, remove_intake_group)]
