import pytest
from django.core.cache import cache
from django.core.management import call_command

from mindful.models import HomePage
from tests.object_storage import start_s3_server

# `demo`: the demo site loaded once per module (tests/demo_fixtures.py).
pytest_plugins = ["tests.demo_fixtures"]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # Browser tests come last, after pytest-django's own ordering: they commit a demo site
    # and flush the database afterwards, which also removes what data migrations made
    # (groups, the clinical review workflow) that the tests before them rely on.
    items.sort(key=lambda item: "tests/browser/" in str(item.path))
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


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """moto's S3 server on a free loopback port, shared by the whole session."""
    server = start_s3_server(tmp_path_factory.mktemp("moto") / "moto.log")
    yield server
    server.stop()


@pytest.fixture
def uncached_pages(settings):
    """Every request renders its page (no page cache): for tests counting a page's queries."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def force_login_passes_the_second_step(monkeypatch):
    """`client.force_login(user)` skips the password; here it skips the second step too.

    Staff who can read inquiries must verify a second factor (mindful/two_factor/), so
    without this every admin test would land on the set-up page. The sign-in tests in
    tests/test_staff_sign_in.py go through the real forms instead.
    """
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    force_login = Client.force_login

    def force_login_verified(self, user, backend=None):
        # Wagtail's test utilities pass AUTHENTICATION_BACKENDS[0], which is axes': it only
        # counts failed sign-ins and cannot load a user for the session.
        if backend in (None, "axes.backends.AxesStandaloneBackend"):
            backend = "django.contrib.auth.backends.ModelBackend"
        force_login(self, user, backend)
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="tests", defaults={"confirmed": True}
        )
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login_verified)
