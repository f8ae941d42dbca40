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


def test_cache_is_redis_when_redis_url_is_set(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
    assert cache_from_env()["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    monkeypatch.delenv("REDIS_URL")
    assert cache_from_env()["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


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
    "ALLOWED_HOSTS": "mindful.example",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "EMAIL_URL": "smtp+tls://mailer:password@smtp.example:587",
    "CSRF_TRUSTED_ORIGINS": "https://mindful.example",
    "WAGTAILADMIN_BASE_URL": "https://mindful.example",
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
