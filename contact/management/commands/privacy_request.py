"""Answer a privacy request from the command line.

    manage.py privacy_request export person@example.com > person.json
    manage.py privacy_request delete person@example.com --output person.json

Both write one JSON file of everything held about the address (any letter case);
`delete` then deletes it all in the same transaction. Only a dated record with a keyed
hash of the address stays (Admin → Contact → Privacy requests).
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from contact.models import PrivacyRequest
from contact.privacy import answer_privacy_request


class Command(BaseCommand):
    help = "Export (export) or export and delete (delete) everything held about one email address."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=PrivacyRequest.Kind.values)
        parser.add_argument("address", help="The person's email address, in any letter case.")
        parser.add_argument(
            "--output", help="Write the JSON to this file instead of standard output."
        )

    def handle(self, *args, kind, address, output, **options):
        try:
            validate_email(address.strip())
        except ValidationError as error:
            raise CommandError(f"Not an email address: {address!r}") from error
        document, privacy_request = answer_privacy_request(address, kind)
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(document + "\n")
        else:
            self.stdout.write(document)
        verb = "Deleted" if kind == PrivacyRequest.Kind.DELETE else "Exported"
        self.stderr.write(f"{verb}: {privacy_request.records_summary()}.")
