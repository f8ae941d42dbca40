"""The Intake group answers privacy requests and sees the dated records they leave."""

from django.db import migrations

from mindful.group_permissions import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("contact", "0003_privacy_request"),
        ("contact", "0002_intake_group"),
    ]

    operations = [
        grant_permissions(["Intake"], [("contact", "privacyrequest", ["add", "view"])]),
    ]
