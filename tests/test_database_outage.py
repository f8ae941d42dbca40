"""While the database is away the site answers 503 with Retry-After, never a 500."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client


@pytest.fixture
def visitor():
    # As in production: an exception becomes the error page, not a test failure.
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_page_answers_503_with_retry_after_when_the_database_is_down(visitor, demo_site, error):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
        side_effect=error("could not connect to server"),
    ):
        response = visitor.get("/about/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "<h1>Back in a moment</h1>" in html
    assert 'call or text <a href="tel:988">988</a>' in html


def test_form_post_answers_503_when_the_database_drops_mid_request(visitor, demo_site):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("terminating connection due to administrator command"),
    ):
        response = visitor.post("/newsletter/", {"email": "reader@example.com"})
    assert response.status_code == 503
    assert "Retry-After" in response


def test_other_errors_still_answer_500(visitor, demo_site):
    with mock.patch("mindful.models.StandardPage.serve", side_effect=ValueError("a bug")):
        response = visitor.get("/about/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
