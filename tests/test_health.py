"""/healthz for load balancers, robots.txt, and the site's own 404 page."""

from datetime import timedelta
from unittest import mock

from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up", "oldest_task_age_seconds": 0}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_down(client, db):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_healthz_answers_503_when_no_connection_can_be_made(client, db):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
        side_effect=OperationalError("could not connect to server"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_unknown_page_renders_the_sites_404_template(client, demo_site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn’t find that page" in html
    assert 'class="skip-link"' in html
    assert "call or text 988" in html.replace('<a href="tel:988">988</a>', "988")
    assert 'name="robots" content="noindex"' in html


def test_robots_txt_points_at_the_sitemap(client, demo_site):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_sitemap_lists_the_demo_pages(client, demo_site):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    for path in ["/about/", "/services/", "/blog/", "/contact/", "/privacy/"]:
        assert path in body


def enqueue_waiting_task(age_seconds):
    """A task row as db_worker would find it, enqueued `age_seconds` ago and never run."""
    task = DBTaskResult.objects.create(
        task_path="mindful.health.database_answers",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
    )
    enqueued = timezone.now() - timedelta(seconds=age_seconds)
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=enqueued)
    return task


def test_healthz_reports_the_age_of_the_oldest_waiting_task(client, db):
    enqueue_waiting_task(40)
    enqueue_waiting_task(5)
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert 40 <= body["oldest_task_age_seconds"] < 60


@override_settings(HEALTHZ_MAX_TASK_AGE_SECONDS=300)
def test_healthz_answers_503_when_a_task_waited_too_long(client, db):
    enqueue_waiting_task(301)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["tasks"] == "stalled"


def test_tasks_scheduled_for_later_are_not_waiting(client, db):
    task = enqueue_waiting_task(3600)
    DBTaskResult.objects.filter(pk=task.pk).update(run_after=timezone.now() + timedelta(hours=1))
    assert client.get("/healthz").json()["oldest_task_age_seconds"] == 0
