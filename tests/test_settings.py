"""Settings come from the environment; bad values fail early with a clear message."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from mindful.settings.environment import BASE_DIR, cache_from_env, parse_database_url


def test_postgres_url_becomes_a_postgresql_database():
    config = parse_database_url("postgres://mindful:secret@db.internal:5433/mindful")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "mindful")
    assert config["CONN_HEALTH_CHECKS"] is True


def test_sqlite_url_becomes_a_sqlite_database():
    config = parse_database_url("sqlite:///db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"


@pytest.mark.parametrize(
    "url", ["mysqlx://user:pw@host/db", "not a url", "", "postgres://user:pw@host:5432/"]
)
def test_bad_database_url_gives_a_clear_error_without_echoing_it(url):
    with pytest.raises(ImproperlyConfigured) as error:
        parse_database_url(url)
    message = str(error.value)
    assert "DATABASE_URL" in message
    assert "pw" not in message


DATABASE = {"HOST": "db.internal", "PORT": 5432, "NAME": "mindful"}


def test_cache_is_redis_when_redis_url_is_set(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
    config = cache_from_env(DATABASE)
    assert config["BACKEND"] == "django_redis.cache.RedisCache"
    # A Redis outage degrades to no cache instead of raising in every request.
    assert config["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    monkeypatch.delenv("REDIS_URL")
    assert cache_from_env(DATABASE)["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_cache_key_prefix_differs_per_database_unless_set(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
    monkeypatch.delenv("CACHE_KEY_PREFIX", raising=False)
    one = cache_from_env(DATABASE)["KEY_PREFIX"]
    again = cache_from_env(dict(DATABASE))["KEY_PREFIX"]
    other_site = cache_from_env({**DATABASE, "NAME": "other_practice"})["KEY_PREFIX"]
    other_server = cache_from_env({**DATABASE, "HOST": "db2.internal"})["KEY_PREFIX"]
    assert one == again
    assert len({one, other_site, other_server}) == 3
    monkeypatch.setenv("CACHE_KEY_PREFIX", "practice-two")
    assert cache_from_env(DATABASE)["KEY_PREFIX"] == "practice-two"


def run_manage(args, **env):
    """Run manage.py in a clean process with only the given environment on top of PATH."""
    environment = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", str(BASE_DIR))}
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "mindful.settings.production",
    "SECRET_KEY": "k" * 20 + "-production-like-secret-key-for-the-test-only-0123456789",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "EMAIL_URL": "smtp+tls://mailer:password@smtp.example:587",
    "SITE_URL": "https://mindful.example",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    result = run_manage(["check"], **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_development_secret_key():
    result = run_manage(["check"], **{**PRODUCTION, "SECRET_KEY": "django-insecure-" + "x" * 60})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_bad_database_url_stops_manage_py_with_a_readable_message():
    result = run_manage(["check"], DATABASE_URL="mysqlx://user:hunter2@host/db")
    assert result.returncode != 0
    assert "DATABASE_URL is not a database URL this site can use" in result.stderr
    assert "hunter2" not in result.stderr


def test_production_refuses_to_start_without_site_url():
    env = {key: value for key, value in PRODUCTION.items() if key != "SITE_URL"}
    result = run_manage(["check"], **env)
    assert result.returncode != 0
    assert "SITE_URL must be set in production" in result.stderr


def test_site_url_with_a_path_stops_the_site_with_a_sentence():
    result = run_manage(["check"], **{**PRODUCTION, "SITE_URL": "https://mindful.example/site/"})
    assert result.returncode != 0
    assert "SITE_URL must be only scheme, host and optional port" in result.stderr


PRINT_SETTINGS = (
    "from django.conf import settings as s; "
    "print(s.WAGTAILADMIN_BASE_URL, s.CSRF_TRUSTED_ORIGINS, s.ALLOWED_HOSTS, "
    "s.SESSION_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER, s.TASKS['default']['BACKEND'], "
    "s.TRUSTED_PROXY_COUNT)"
)


def test_admin_links_csrf_origin_and_hosts_follow_site_url():
    result = run_manage(["shell", "--no-imports", "-c", PRINT_SETTINGS], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "https://mindful.example",
        "['https://mindful.example']",
        "['mindful.example']",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "django_tasks_db.DatabaseBackend",
        "1",
    ]


def test_deploy_check_names_each_misconfiguration_in_a_sentence():
    result = run_manage(
        ["check", "--deploy"],
        **{
            **PRODUCTION,
            "SITE_URL": "http://127.0.0.1:8000",
            "TASK_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "EMAIL_URL": "consolemail://",
            "EMAIL_TIMEOUT": "0",
            "REDIS_URL": "",
            "WEB_CONCURRENCY": "3",
        },
    )
    assert result.returncode != 0
    for sentence in [
        "SITE_URL is http://127.0.0.1:8000, an address of this machine",
        "The task backend is django_tasks.backends.immediate.ImmediateBackend",
        "The email backend is django.core.mail.backends.console.EmailBackend, which sends nothing",
        "EMAIL_TIMEOUT is not set",
        "WEB_CONCURRENCY is 3 but the cache",
    ]:
        assert sentence in result.stderr


def test_trusted_proxies_typo_stops_the_site_with_a_sentence():
    result = run_manage(["check"], **{**PRODUCTION, "TRUSTED_PROXIES": "127.0.0.1,10.0.0.0/33"})
    assert result.returncode != 0
    assert "TRUSTED_PROXIES must list IP addresses or networks" in result.stderr
