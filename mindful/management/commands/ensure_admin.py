import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from mindful.settings.environment import env


class Command(BaseCommand):
    help = (
        "Create a superuser if none exists. Reads ADMIN_USERNAME, ADMIN_EMAIL and "
        "ADMIN_PASSWORD from the environment; without a password it generates one and prints it."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An admin user already exists; nothing to do.")
            return
        username = env("ADMIN_USERNAME", default="admin")
        password = env("ADMIN_PASSWORD", default="") or secrets.token_urlsafe(12)
        User.objects.create_superuser(
            username=username,
            email=env("ADMIN_EMAIL", default="admin@localhost"),
            password=password,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Created admin user for /admin/: username {username!r}, password {password!r}"
            )
        )
