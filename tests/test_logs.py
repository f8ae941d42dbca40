"""Operations: the proxy's request id in every log line and response; JSON logs with no
personal data when LOG_FORMAT=json."""

import copy
import io
import json
import logging.config
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client


@pytest.fixture
def json_log():
    """The site's own LOGGING with LOG_FORMAT=json, written to a buffer for the test."""
    config = copy.deepcopy(settings.LOGGING)
    config["handlers"]["console"]["formatter"] = "json"
    logging.config.dictConfig(config)
    buffer = io.StringIO()
    logging.getLogger().handlers[0].setStream(buffer)
    yield buffer
    logging.config.dictConfig(settings.LOGGING)


def lines(buffer):
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_request_id_from_the_proxy_comes_back_on_the_response(client, db):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="5b7e1c0a-91f2-4c53-9a57-2f6c4d1e8b90")
    assert response["X-Request-ID"] == "5b7e1c0a-91f2-4c53-9a57-2f6c4d1e8b90"


def test_a_request_without_a_usable_id_gets_a_fresh_one(client, db):
    first = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith a line break")
    second = client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_json_error_line_has_the_request_id_and_no_token_path_or_email(json_log, db):
    client = Client(raise_request_exception=False)
    failure = RuntimeError("Key (email)=(ada.lovelace@example.com) already exists.")
    with mock.patch("contact.newsletter.views.read_token", side_effect=failure):
        response = client.get("/newsletter/confirm/secret-token-123/", HTTP_X_REQUEST_ID="req-42")
    assert response.status_code == 500
    assert response["X-Request-ID"] == "req-42"

    (entry,) = [line for line in lines(json_log) if line["logger"] == "django.request"]
    assert entry["level"] == "ERROR"
    assert entry["request_id"] == "req-42"
    assert entry["message"] == "Internal Server Error: /newsletter/confirm/<str:token>/"
    assert "Key (email)=([email]) already exists." in entry["exception"]
    written = json_log.getvalue()
    assert "secret-token-123" not in written
    assert "ada.lovelace@example.com" not in written


def test_json_lines_outside_a_request_have_an_empty_request_id(json_log):
    logging.getLogger("mindful.tasks").warning("Retrying %s emails", 3)
    (entry,) = lines(json_log)
    assert entry["message"] == "Retrying 3 emails"
    assert entry["request_id"] == ""
    assert set(entry) == {"time", "level", "logger", "message", "request_id"}
