"""The Intake group answers privacy requests and sees the dated records they leave."""

from django.db import migrations

from mindful.group_permissions import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("contact", "0005_privacy_request"),
    ]

    operations = [
        grant_permissions(["Intake"], [("contact", "privacyrequest", ["add", "view"])]),
    ]
