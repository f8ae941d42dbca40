import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mindful.form_values import CSRF_FIELD, fresh_form_values
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


@never_cache
@require_GET
def form_values(request):
    """This visitor's CSRF token and other per-visitor form values, for static/js/site.js.

    Same-origin only: without CORS headers no other site can read the answer.
    """
    response = JsonResponse(fresh_form_values(request))
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


# Django's reasons when a post did not come from a page of this site.
CROSS_SITE_REASONS = ("Origin checking failed", "Referer checking failed")


@never_cache
def csrf_failure(request, reason=""):
    """A form arrived without a valid CSRF token (settings.CSRF_FAILURE_VIEW).

    Cached pages hold no token, so a visitor without JavaScript lands here. When the post
    came from this site, the page shows it again, with the visitor's entries kept in hidden
    fields and a fresh token, to send with one more click. A post from another site is
    refused without that button.
    """
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE", "same-origin")
    from_this_site = fetch_site in ("same-origin", "none") and not reason.startswith(
        CROSS_SITE_REASONS
    )
    entries = []
    if from_this_site:
        entries = [
            (name, value)
            for name, values in request.POST.lists()
            if name != CSRF_FIELD
            for value in values
        ]
    context = {"from_this_site": from_this_site, "entries": entries, "action": request.path}
    return render(request, "csrf_failure.html", context, status=403)


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


@never_cache
@require_GET
def select_one(request):
    """`SELECT 1` through the whole middleware stack: the floor make bench compares pages to.

    Routed only when BENCH_FLOOR_VIEW is set (scripts/bench sets it).
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("1", content_type="text/plain")
