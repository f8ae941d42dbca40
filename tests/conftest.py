import pytest
from django.core.cache import cache
from django.core.management import call_command

from mindful.models import HomePage


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)
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


@pytest.fixture
def uncached_pages(settings):
    """Every request renders its page (no page cache): for tests counting a page's queries."""
    settings.PAGE_CACHE_SECONDS = 0
