import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mindful.health import database_answers, oldest_waiting_task_age, task_age_limit

# Seconds a visitor (or a retrying client) is asked to wait while the database is away.
DATABASE_RETRY_AFTER_SECONDS = 30


@never_cache
@require_GET
def healthz(request):
    """Tell a monitor whether this app server can reach its database and tasks are worked."""
    try:
        database_answers()
        task_age = oldest_waiting_task_age()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    report = {"status": "ok", "database": "up", "oldest_task_age_seconds": task_age}
    if task_age > task_age_limit():
        # Nothing is taking tasks off the queue: no email leaves. Is db_worker running?
        report.update(status="unavailable", tasks="stalled")
        return JsonResponse(report, status=503)
    return JsonResponse(report)


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


def server_error(request):
    """handler500: a lost database connection is a 503 with Retry-After, not a 500.

    Django calls this for an exception raised anywhere in a request (view, middleware,
    template), while the exception is being handled, so it can be looked at here.
    Neither page touches the database: both are rendered without a request context.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(render_to_string("500.html"))
