import pytest
from django.core.cache import cache
from django.core.management import call_command

from mindful.models import HomePage

# `demo`: the demo site loaded once per module (tests/demo_fixtures.py).
pytest_plugins = ["tests.demo_fixtures"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)
            # A module that serves one site to all its tests (see test_design.py) says so
            # with its own django_db mark; every other browser test flushes after itself.
            if item.get_closest_marker("django_db") is None:
                item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits and cached fragments live in the cache: start every test with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_site(db):
    """The full demo page tree, built by the same command `make run` uses."""
    call_command("load_demo_content", verbosity=0)
    return HomePage.objects.get()


@pytest.fixture
def home_page(demo_site):
    return demo_site
