"""Our own `check --deploy` checks: each misconfiguration is named, each good setting passes."""

import pytest
from django.test import override_settings

from mindful import checks

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://x:1/0"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def error_ids(check):
    return [message.id for message in check(None)]


@pytest.mark.parametrize(
    "site_url",
    ["http://localhost:8000", "http://127.0.0.1:8000", "http://[::1]", "http://mindful.localhost"],
)
def test_public_url_on_this_machine_fails(site_url):
    with override_settings(SITE_URL=site_url):
        assert error_ids(checks.check_site_url) == ["mindful.E001"]


def test_real_public_url_passes():
    with override_settings(SITE_URL="https://mindful.example"):
        assert error_ids(checks.check_site_url) == []


def test_immediate_task_backend_fails_and_database_backend_passes():
    with override_settings(TASKS=IMMEDIATE_TASKS):
        assert error_ids(checks.check_task_backend) == ["mindful.E002"]
    with override_settings(TASKS=DATABASE_TASKS):
        assert error_ids(checks.check_task_backend) == []


@pytest.mark.parametrize("backend", ["console", "locmem"])
def test_email_backend_that_sends_nothing_fails(backend):
    with override_settings(EMAIL_BACKEND=f"django.core.mail.backends.{backend}.EmailBackend"):
        assert error_ids(checks.check_email_backend) == ["mindful.E003"]


def test_smtp_email_backend_passes():
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend"):
        assert error_ids(checks.check_email_backend) == []


@pytest.mark.parametrize("timeout", [None, 0])
def test_missing_email_timeout_fails(timeout):
    with override_settings(EMAIL_TIMEOUT=timeout):
        assert error_ids(checks.check_email_timeout) == ["mindful.E004"]
    with override_settings(EMAIL_TIMEOUT=10):
        assert error_ids(checks.check_email_timeout) == []


def test_several_workers_with_a_per_process_cache_fail(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    with override_settings(CACHES=LOCMEM):
        assert error_ids(checks.check_shared_cache) == ["mindful.E005"]
    with override_settings(CACHES=REDIS):
        assert error_ids(checks.check_shared_cache) == []


def test_one_worker_may_use_a_per_process_cache(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    with override_settings(CACHES=LOCMEM):
        assert error_ids(checks.check_shared_cache) == []
