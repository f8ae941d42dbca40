"""`make run`: the demo site on SQLite with the dev settings, as the README promises, serves
every page type (search included, which on PostgreSQL goes through its own full-text query)."""

import os
import subprocess
import sys
from pathlib import Path

PATHS = [
    "/",
    "/blog/",
    "/blog/how-does-psychotherapy-work/",
    "/blog/category/therapy-basics/",
    "/blog/feed/",
    "/search/?q=therapy",
    "/search/?q=nothing-matches-this",
    "/services/individual-therapy/",
    "/clinicians/tabitha-moss/",
    "/contact/",
    "/sitemap.xml",
    "/sitemap-pages.xml",
]
CHECK = f"""
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
for path in {PATHS!r}:
    print(path, client.get(path).status_code)
search = client.get("/search/?q=therapy").content.decode()
print("therapy results", search.count("<mark>"))
"""


def manage(*args, env):
    return subprocess.run(  # noqa: S603 (our own command line)
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout


def test_the_demo_site_on_sqlite_serves_every_page_type(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mindful.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SITE_URL": "http://127.0.0.1:8000",
    }
    env.pop("REDIS_URL", None)
    manage("migrate", "--noinput", "-v0", env=env)
    manage("load_demo_content", "-v0", env=env)
    lines = manage("shell", "-v0", "-c", CHECK, env=env).splitlines()
    assert [line for line in lines if line.startswith("/")] == [f"{path} 200" for path in PATHS]
    assert int(lines[-1].split()[-1]) > 0
