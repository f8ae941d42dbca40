"""One production-mode deployment for the whole tests/production/ session.

PostgreSQL (a private cluster), Redis, aiosmtpd, gunicorn with deploy/gunicorn.conf.py,
db_worker and Caddy with deploy/Caddyfile, started once (tests/servers.py). Tests reach
the site only through Caddy at `stack.site_url`, as a browser would; fault tests stop
and start single servers and must leave them running.
"""

import time

import pytest

from tests.production.visitor import Visitor
from tests.servers import ProductionStack


@pytest.fixture(scope="session")
def stack():
    # A claim on an email older than this is a dead worker's (mindful/outbox.py): short
    # here, so the fault tests see a killed worker's email sent again within seconds.
    deployment = ProductionStack(EMAIL_CLAIM_TIMEOUT=15)
    try:
        deployment.start()
    except Exception:
        print(deployment.logs())
        deployment.stop()
        raise
    yield deployment
    deployment.stop()


SCHEDULE_AHEAD_SECONDS = 60

# A copy of the newest demo post, saved and "published" with a go-live time a minute
# ahead, as an editor schedules a post in the admin. Prints its URL path.
SCHEDULE_POST = f"""
from datetime import timedelta
from django.utils import timezone
from blog.models import BlogPostPage
source = BlogPostPage.objects.live().order_by("-date").first()
post = source.copy(
    to=source.get_parent(),
    update_attrs={{"title": "Scheduled for later", "slug": "scheduled-for-later"}},
    keep_live=False,
)
post.go_live_at = timezone.now() + timedelta(seconds={SCHEDULE_AHEAD_SECONDS})
post.save_revision().publish()
print(post.url_path.split("/", 2)[2])
"""


@pytest.fixture(scope="session", autouse=True)
def scheduled_post(stack):
    """Scheduled as the session starts, so the minute passes while other tests run.

    Returns the post's path and the monotonic time at which it is due.
    """
    output = stack.manage("shell", "--no-imports", "-c", SCHEDULE_POST).stdout
    due = time.monotonic() + SCHEDULE_AHEAD_SECONDS
    return "/" + output.strip().splitlines()[-1], due


@pytest.fixture
def visitor(stack):
    """A new visitor with a loopback address of their own and no cookies."""
    with Visitor(stack.site_url) as session:
        yield session


@pytest.fixture
def make_visitor(stack):
    """More visitors, each from another address, for tests that need several people."""
    visitors = []

    def make():
        visitors.append(Visitor(stack.site_url))
        return visitors[-1]

    yield make
    for session in visitors:
        session.close()


@pytest.fixture
def admin(stack):
    with Visitor(stack.site_url) as session:
        session.log_in(stack.ADMIN_USERNAME, stack.ADMIN_PASSWORD)
        yield session


@pytest.fixture(autouse=True)
def report_server_logs(request, stack):
    """On failure, show what gunicorn, db_worker and Caddy said."""
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print(stack.logs())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report
