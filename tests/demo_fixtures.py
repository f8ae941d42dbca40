"""The demo site built once per test module, inside a transaction rolled back at its end.

Each test still runs in its own savepoint (pytest-django's `db`), so tests stay independent
while the loader (pages, drawn images, renditions) runs once per module instead of per test.
"""

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_content", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_module, db):
    """Use in a test to get the shared demo site (and database access)."""
    return demo_module
