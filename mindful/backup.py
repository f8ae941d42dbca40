"""Backups that restore: a PostgreSQL dump, a copy of every media file, and a manifest.

A backup is a dated folder:

    mindful-20261125T142700Z/
        database.dump    pg_dump's custom format (pg_restore reads it)
        media/           every file in the media storage (local disk or the bucket)
        manifest.json    row counts of every table, taken in the dump's own snapshot

Restoring goes into a *new* deployment: the database and media storage that the current
settings point at, both of which must be empty. Then the row counts are compared with the
manifest and every live page is rendered, so a backup is only called good once it has
been seen to work.
"""

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.test import Client
from wagtail.models import Page, Site

from mindful.site_url import sync_default_site

DUMP_NAME = "database.dump"
MEDIA_DIR = "media"
MANIFEST_NAME = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def postgres_environment():
    """libpq variables for pg_dump/pg_restore, from the configured database."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backups need PostgreSQL; this site's DATABASE_URL is not PostgreSQL.")
    variables = {
        "PGDATABASE": database["NAME"],
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
    }
    return {**os.environ, **{name: value for name, value in variables.items() if value}}


def table_counts():
    """Rows in every table of the site's database, by table name."""
    tables = sorted(connection.introspection.table_names())
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def media_names(storage, folder=""):
    """Every file name in a storage, walking its folders (works for disk and buckets)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a media folder not made yet holds nothing
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names.extend(media_names(storage, f"{folder}/{sub}" if folder else sub))
    return sorted(names)


def run(command, **kwargs):
    result = subprocess.run(  # noqa: S603 (PostgreSQL's own tools, no shell)
        command, env=postgres_environment(), capture_output=True, text=True, **kwargs
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
    return result


def create_backup(output_dir, now=None):
    """Write a dated backup folder under output_dir and return its path."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    target = Path(output_dir) / f"mindful-{stamp}"
    target.mkdir(parents=True)

    # Count the rows in the very snapshot pg_dump copies, so the manifest matches the
    # dump exactly even while visitors keep writing.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = table_counts()
        run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target / DUMP_NAME}"]
        )

    names = media_names(default_storage)
    for name in names:
        destination = target / MEDIA_DIR / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(destination, "wb") as copy:
            shutil.copyfileobj(source, copy)

    manifest = {"created": stamp, "tables": counts, "media_files": len(names)}
    (target / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return target


def restore_backup(backup_dir):
    """Restore a backup into the configured (empty) database and media storage, then check.

    Returns what was checked: tables compared, media files and pages rendered.
    """
    backup_dir = Path(backup_dir)
    manifest_path = backup_dir / MANIFEST_NAME
    if not manifest_path.exists():
        raise BackupError(f"{backup_dir} holds no {MANIFEST_NAME}: not a backup folder.")
    manifest = json.loads(manifest_path.read_text())

    if connection.introspection.table_names():
        raise BackupError(
            f"The database {settings.DATABASES['default']['NAME']} already has tables; "
            "restore into a new, empty database."
        )
    media_root = backup_dir / MEDIA_DIR
    files = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
    if media_names(default_storage):
        raise BackupError("The media storage already holds files; restore into an empty one.")

    connection.close()  # pg_restore creates the tables; Django reconnects afterwards.
    run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "-d",
         settings.DATABASES["default"]["NAME"], str(backup_dir / DUMP_NAME)])  # fmt: skip

    for path in files:
        name = path.relative_to(media_root).as_posix()
        with open(path, "rb") as source:
            saved = default_storage.save(name, File(source))
        if saved != name:
            raise BackupError(f"Media file {name} was stored as {saved}.")

    check_counts(manifest)
    # The new deployment may answer at another address (SITE_URL): make the Site follow,
    # as `manage.py sync_site` does on every release.
    sync_default_site()
    if len(files) != manifest["media_files"]:
        raise BackupError(
            f"The backup lists {manifest['media_files']} media files but holds {len(files)}."
        )
    pages = check_pages_render()
    return {"tables": len(manifest["tables"]), "media_files": len(files), "pages": pages}


def check_counts(manifest):
    counts = table_counts()
    differences = [
        f"{table}: {expected} in the backup, {counts.get(table)} restored"
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    ]
    if differences:
        raise BackupError("Row counts differ after restoring: " + "; ".join(differences))


def check_pages_render():
    """Every live page of the default site answers 200 through the full middleware."""
    site = Site.objects.get(is_default_site=True)
    public = urlsplit(settings.SITE_URL)
    client = Client(HTTP_HOST=public.netloc)
    pages = Page.objects.live().public().descendant_of(site.root_page, inclusive=True)
    failures = []
    for page in pages.specific():
        path = page.get_url_parts()[2]
        response = client.get(path, secure=public.scheme == "https")
        if response.status_code != 200:
            failures.append(f"{path} answered {response.status_code}")
    if failures:
        raise BackupError("Pages do not render after restoring: " + "; ".join(failures))
    return pages.count()
