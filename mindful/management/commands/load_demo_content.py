import sys
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create the demo page tree and content. Safe to run again: what exists is kept. "
        "Each app contributes through its own demo.py, loaded in INSTALLED_APPS order."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                # Only the project's own apps: inside the project, outside the virtualenv.
                app_path = Path(app_config.path)
                if not app_path.is_relative_to(settings.BASE_DIR) or app_path.is_relative_to(
                    sys.prefix
                ):
                    continue
                module_name = f"{app_config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                import_module(module_name).load()
                self.stdout.write(f"Demo content loaded: {app_config.label}")
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
