"""One production-mode deployment for the whole tests/production/ session.

PostgreSQL (a private cluster), Redis, aiosmtpd, gunicorn with deploy/gunicorn.conf.py,
db_worker and Caddy with deploy/Caddyfile, started once (tests/servers.py). Tests reach
the site only through Caddy at `stack.site_url`, as a browser would; fault tests stop
and start single servers and must leave them running.
"""

import pytest

from tests.production.visitor import Visitor
from tests.servers import ProductionStack


@pytest.fixture(scope="session")
def stack():
    deployment = ProductionStack()
    try:
        deployment.start()
    except Exception:
        print(deployment.logs())
        deployment.stop()
        raise
    yield deployment
    deployment.stop()


@pytest.fixture
def visitor(stack):
    """A new visitor with a loopback address of their own and no cookies."""
    with Visitor(stack.site_url) as session:
        yield session


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
