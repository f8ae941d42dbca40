"""Remove a staff member's authenticator app and recovery codes.

For someone who lost both their phone and their recovery codes: at their next sign-in
they set up two-step verification again (required for Intake and superusers).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mindful.two_factor.devices import remove_second_factor


class Command(BaseCommand):
    help = "Remove USERNAME's two-step verification devices, so they set it up again."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user is called {username!r}.") from None
        remove_second_factor(user)
        self.stdout.write(f"Two-step verification removed for {username}; set up at next sign-in.")
