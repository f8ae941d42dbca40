"""Logs that several app servers can share: one JSON object a line, a request id, no personal data.

With LOG_FORMAT=json every line is a JSON object (time, level, logger, message, request_id,
and the traceback if any) that a log collector can index without parsing text. The request
id is the `X-Request-ID` header the proxy sets (deploy/Caddyfile), so a line from any app
server can be matched with the proxy's and with the id a visitor reads off the response.

Inquiries may hold health information, so the formatter writes only the fields above,
never the request object Django attaches to error records, writes a URL's route
("newsletter/confirm/<str:token>/") instead of its path (which would carry the token),
and blanks out email addresses, which PostgreSQL quotes in constraint errors.
"""

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

REQUEST_ID_HEADER = "X-Request-ID"
# Ids from the proxy are UUIDs; accept any short token of safe characters, nothing else.
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")

current_request_id = contextvars.ContextVar("request_id", default="")


class RequestIdMiddleware:
    """Take the proxy's X-Request-ID (or make one), for the logs and the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = offered if VALID_REQUEST_ID.match(offered) else uuid.uuid4().hex
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Put the request id (empty outside a request) on every record."""

    def filter(self, record):
        record.request_id = current_request_id.get()
        return True


class RouteNotPathFilter(logging.Filter):
    """Django's request errors name the path; name the URL's route instead.

    Paths hold tokens (confirm and unsubscribe links) and search terms.
    """

    def filter(self, record):
        request = getattr(record, "request", None)
        if request is not None and isinstance(record.args, tuple) and len(record.args) == 2:
            match = getattr(request, "resolver_match", None)
            route = match.route if match is not None else "(unresolved)"
            record.args = (record.args[0], "/" + route)
        return True


def without_email_addresses(text):
    return EMAIL_ADDRESS.sub("[email]", text)


class JsonFormatter(logging.Formatter):
    """One JSON object a line, with an explicit list of fields."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": without_email_addresses(record.getMessage()),
            "request_id": getattr(record, "request_id", ""),
        }
        if record.exc_info:
            entry["exception"] = without_email_addresses(self.formatException(record.exc_info))
        return json.dumps(entry)
