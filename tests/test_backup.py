"""`manage.py backup` and `manage.py restore_backup`: a round trip on the demo data.

The backup is restored into a new, private database and a new media folder by a separate
process running with that deployment's settings, as an operator would do it.
"""

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

from contact.newsletter.models import Subscriber
from mindful.backup import media_names

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


def create_database(purpose):
    """A new, empty, private database beside the test database."""
    name = f"{settings.DATABASES['default']['NAME']}_{purpose}_{uuid.uuid4().hex[:8]}"
    link = admin_connection()
    with link.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    link.close()
    return name


def drop_database(name):
    link = admin_connection()
    with link.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    link.close()


@pytest.fixture
def new_database():
    name = create_database("restore")
    yield name
    drop_database(name)


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


SUBMISSIONS = """
from tests.inquiry_factories import InquiryFactory
from tests.newsletter_factories import SubscriberFactory
InquiryFactory.create_batch(3)
SubscriberFactory.create_batch(2)
"""


def manage(*args, database_name, media_root):
    """One manage.py command in its own process, for the deployment at database_name."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mindful.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": database_url(database_name),
        "MEDIA_ROOT": str(media_root),
    }
    environment.pop("MEDIA_S3_BUCKET", None)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def backup(tmp_path_factory):
    """A deployment of its own (database and media folder) with the demo site and private
    submissions, backed up once by `manage.py backup`.

    Yields the backup folder, the media folder, and what the site held.
    """
    source = create_database("source")
    media_root = tmp_path_factory.mktemp("media")
    output = tmp_path_factory.mktemp("backups")
    try:
        for command in (
            ["migrate", "--noinput"],
            ["load_demo_content"],
            ["shell", "--no-imports", "-c", SUBMISSIONS],
            ["backup", "--output", str(output)],
        ):
            result = manage(*command, database_name=source, media_root=media_root)
            assert result.returncode == 0, result.stderr
        site = {
            "inquiries": rows(source, "SELECT count(*) FROM contact_inquiry")[0][0],
            "subscribers": rows(source, f"SELECT count(*) FROM {Subscriber._meta.db_table}")[0][0],  # noqa: S608
            "posts": rows(source, "SELECT count(*) FROM blog_blogpostpage")[0][0],
            "page_titles": [
                title
                for (title,) in rows(source, "SELECT title FROM wagtailcore_page ORDER BY path")
            ],
            "media": media_names(FileSystemStorage(location=media_root)),
            "images": [name for (name,) in rows(source, "SELECT file FROM wagtailimages_image")],
        }
        (folder,) = output.iterdir()
        yield folder, media_root, site
    finally:
        drop_database(source)


def restore(backup, database_name, media_root):
    """`manage.py restore_backup` in its own process, configured for the new deployment."""
    return manage("restore_backup", str(backup), database_name=database_name, media_root=media_root)


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
