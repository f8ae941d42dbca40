"""`manage.py backup` and `manage.py restore_backup`: a round trip on the demo data.

The backup is restored into a new, private database and a new media folder by a separate
process running with that deployment's settings, as an operator would do it.
"""

import io
import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.test import override_settings
from wagtail.images import get_image_model
from wagtail.models import Page

from blog.models import BlogPostPage
from contact.models import Inquiry
from contact.newsletter.models import Subscriber
from mindful.backup import media_names
from tests.inquiry_factories import InquiryFactory
from tests.newsletter_factories import SubscriberFactory

# The tests read no rows themselves; the mark makes pytest-django create the test database
# that the module's backup fixture fills.
pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)


def database_url(name):
    database = settings.DATABASES["default"]
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{database['USER']}{password}@{host}:{port}/{name}"


def admin_connection():
    database = settings.DATABASES["default"]
    link = psycopg2.connect(
        dbname="postgres",
        user=database["USER"],
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or "127.0.0.1",
        port=database.get("PORT") or 5432,
    )
    link.autocommit = True
    return link


@pytest.fixture
def new_database():
    """A new, empty, private database beside the test database; dropped afterwards."""
    name = f"{settings.DATABASES['default']['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    link = admin_connection()
    with link.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    link.close()
    yield name
    link = admin_connection()
    with link.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    link.close()


def rows(database_name, sql):
    database = settings.DATABASES["default"]
    with (
        psycopg2.connect(
            dbname=database_name,
            user=database["USER"],
            password=database.get("PASSWORD") or None,
            host=database.get("HOST") or "127.0.0.1",
            port=database.get("PORT") or 5432,
        ) as link,
        link.cursor() as cursor,
    ):
        cursor.execute(sql)
        return cursor.fetchall()


@pytest.fixture(scope="module")
def backup(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo site plus private submissions, backed up once by `manage.py backup`.

    Yields the backup folder and what the site held, read before the data is flushed.
    """
    media_root = tmp_path_factory.mktemp("media")
    output = tmp_path_factory.mktemp("backups")
    disk = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=str(media_root), STORAGES={**settings.STORAGES, "default": disk}
        ),
    ):
        call_command("load_demo_content", verbosity=0)
        InquiryFactory.create_batch(3)
        SubscriberFactory.create_batch(2)
        call_command("backup", output=str(output), stdout=io.StringIO())
        site = {
            "inquiries": Inquiry.objects.count(),
            "subscribers": Subscriber.objects.count(),
            "posts": BlogPostPage.objects.count(),
            "page_titles": list(Page.objects.order_by("path").values_list("title", flat=True)),
            "media": media_names(FileSystemStorage(location=media_root)),
            "images": list(get_image_model().objects.values_list("file", flat=True)),
        }
        call_command("flush", interactive=False, verbosity=0)
    (folder,) = output.iterdir()
    yield folder, media_root, site


def restore(backup, database_name, media_root):
    """`manage.py restore_backup` in its own process, configured for the new deployment."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mindful.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": database_url(database_name),
        "MEDIA_ROOT": str(media_root),
    }
    environment.pop("MEDIA_S3_BUCKET", None)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "restore_backup", str(backup)],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_backup_holds_a_dump_the_media_and_the_row_counts(backup):
    folder, media_root, site = backup
    assert folder.name.startswith("mindful-")
    assert (folder / "database.dump").read_bytes()[:5] == b"PGDMP"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tables"]["contact_inquiry"] == site["inquiries"] == 3
    assert manifest["tables"]["blog_blogpostpage"] == site["posts"] > 0
    assert manifest["media_files"] == len(site["media"]) >= len(site["images"]) > 0
    for name in site["media"]:
        assert (folder / "media" / name).read_bytes() == (media_root / name).read_bytes()


def test_restore_into_a_new_database_and_media_folder_checks_counts_and_pages(
    backup, new_database, tmp_path
):
    folder, media_root, site = backup
    restored_media = tmp_path / "restored-media"
    result = restore(folder, new_database, restored_media)
    assert result.returncode == 0, result.stderr
    assert "Restored and checked" in result.stdout

    # Seen from outside the command: the same rows and the same files.
    assert rows(new_database, "SELECT count(*) FROM contact_inquiry") == [(3,)]
    subscribers = f"SELECT count(*) FROM {Subscriber._meta.db_table}"  # noqa: S608
    assert rows(new_database, subscribers) == [(site["subscribers"],)]
    titles = rows(new_database, "SELECT title FROM wagtailcore_page ORDER BY path")
    assert titles == [(title,) for title in site["page_titles"]]
    for name in site["images"]:
        assert (restored_media / name).read_bytes() == (media_root / name).read_bytes()

    # A second restore over the now-full database is refused, not merged.
    again = restore(folder, new_database, tmp_path / "other-media")
    assert again.returncode != 0
    assert "already has tables; restore into a new, empty database" in again.stderr


def test_restore_fails_loudly_when_rows_are_missing(backup, new_database, tmp_path):
    tampered = shutil.copytree(backup[0], tmp_path / "tampered")
    manifest = json.loads((tampered / "manifest.json").read_text())
    manifest["tables"]["contact_inquiry"] += 1  # the backup claims a row the dump lacks
    (tampered / "manifest.json").write_text(json.dumps(manifest))

    result = restore(tampered, new_database, tmp_path / "restored-media")
    assert result.returncode != 0
    assert "Row counts differ after restoring: contact_inquiry: 4 in the backup, 3 restored" in (
        result.stderr
    )
