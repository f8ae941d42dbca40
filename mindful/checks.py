"""Deploy checks of our own (`manage.py check --deploy`): each names one misconfiguration
that would break a real deployment while every page still looks fine."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register

from mindful.settings.environment import web_concurrency

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "testserver"}  # noqa: S104
NON_SENDING_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}
IN_REQUEST_TASK_BACKENDS = {
    "django_tasks.backends.immediate.ImmediateBackend",
    "django_tasks.backends.dummy.DummyBackend",
}
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register("mindful", deploy=True)
def check_site_url(app_configs, **kwargs):
    hostname = urlsplit(settings.SITE_URL).hostname or ""
    if hostname in LOCAL_HOSTS or hostname.endswith(".localhost"):
        return [
            Error(
                f"SITE_URL is {settings.SITE_URL}, an address of this machine: every emailed "
                "link, canonical URL and sitemap entry would point there.",
                hint="Set SITE_URL to the public address, e.g. https://mindful.example.",
                id="mindful.E001",
            )
        ]
    return []


@register("mindful", deploy=True)
def check_task_backend(app_configs, **kwargs):
    backend = settings.TASKS["default"]["BACKEND"]
    if backend in IN_REQUEST_TASK_BACKENDS:
        return [
            Error(
                f"The task backend is {backend}: email and sending a post to the list would "
                "run inside visitors' requests (or not at all), and a failure would be lost.",
                hint="Use TASK_BACKEND=django_tasks_db.DatabaseBackend and run "
                "`manage.py db_worker` (deploy/mindful-worker.service).",
                id="mindful.E002",
            )
        ]
    return []


@register("mindful", deploy=True)
def check_email_backend(app_configs, **kwargs):
    if settings.EMAIL_BACKEND in NON_SENDING_EMAIL_BACKENDS:
        return [
            Error(
                f"The email backend is {settings.EMAIL_BACKEND}, which sends nothing: "
                "inquiries, confirmations and posts would never reach anyone.",
                hint="Set EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.com:587.",
                id="mindful.E003",
            )
        ]
    return []


@register("mindful", deploy=True)
def check_email_timeout(app_configs, **kwargs):
    if not getattr(settings, "EMAIL_TIMEOUT", None):
        return [
            Error(
                "EMAIL_TIMEOUT is not set: a mail server that stops answering would hold "
                "the worker forever and no other email would leave.",
                hint="Set EMAIL_TIMEOUT to a number of seconds, e.g. 10.",
                id="mindful.E004",
            )
        ]
    return []


@register("mindful", deploy=True)
def check_shared_cache(app_configs, **kwargs):
    workers = web_concurrency()
    backend = settings.CACHES["default"]["BACKEND"]
    if workers > 1 and backend in PER_PROCESS_CACHES:
        return [
            Error(
                f"WEB_CONCURRENCY is {workers} but the cache ({backend}) is private to each "
                "process: every rate limit would allow that many times its limit.",
                hint="Set REDIS_URL to a Redis server shared by every process, or "
                "WEB_CONCURRENCY=1.",
                id="mindful.E005",
            )
        ]
    return []
