"""Backup and restore of the database and the uploaded files, with a manifest that proves it.

``make backup`` (``manage.py backup``) writes a folder ``backups/<time>/`` with:

* ``database.dump`` – PostgreSQL: ``pg_dump --format=custom`` (consistent: one snapshot);
  SQLite: a copy made with SQLite's online backup;
* ``media.tar.gz`` – every file under ``MEDIA_ROOT`` (local storage; with S3 storage, keep the
  bucket versioned instead: the files are not copied);
* ``manifest.json`` – the row count of every table and the SHA-256 of every uploaded file and
  of the two archives.

``make restore BACKUP=backups/<time>`` (``manage.py restore``) checks the archives against the
manifest, replaces the database and the uploaded files with the backup's, and then counts and
hashes again: it reports success only if every count and every checksum is identical.
Stop the web and worker processes during a restore.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

MANIFEST = "manifest.json"
DATABASE = "database.dump"
MEDIA = "media.tar.gz"


class BackupError(Exception):
    pass


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_counts() -> dict[str, int]:
    """Rows per table of every installed model (and many-to-many table)."""
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            tables.add(model._meta.db_table)
    existing = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(tables & existing):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def media_checksums(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _postgres_env() -> tuple[list[str], dict]:
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return args, env


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return path


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _local_media() -> bool:
    return not getattr(settings, "AWS_STORAGE_BUCKET_NAME", "")


def backup(target: Path) -> dict:
    """Write a backup into the folder ``target`` (created); return the manifest."""
    target.mkdir(parents=True, exist_ok=False)
    vendor = connection.vendor
    dump = target / DATABASE
    connection.close()
    if vendor == "postgresql":
        args, env = _postgres_env()
        subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            [_program("pg_dump"), "--format=custom", "--no-owner", "--file", str(dump), *args],
            env=env,
            check=True,
        )
    elif vendor == "sqlite":
        source = sqlite3.connect(connection.settings_dict["NAME"])
        with sqlite3.connect(dump) as copy:
            source.backup(copy)
        source.close()
    else:  # pragma: no cover
        raise BackupError(f"no backup for the {vendor} database")
    media = target / MEDIA
    root = _media_root()
    if _local_media():
        with tarfile.open(media, "w:gz") as archive:
            if root.exists():
                archive.add(root, arcname="media")
    manifest = {
        "created": timezone.now().isoformat(),
        "database_vendor": vendor,
        "tables": table_counts(),
        "media": media_checksums(root) if _local_media() else {},
        "media_storage": "local" if _local_media() else "s3 (not copied: use bucket versioning)",
        "files": {DATABASE: sha256(dump), **({MEDIA: sha256(media)} if media.exists() else {})},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def restore(source: Path) -> dict:
    """Replace the database and the uploaded files with the backup in ``source``; verify."""
    manifest = json.loads((source / MANIFEST).read_text())
    for name, checksum in manifest["files"].items():
        if sha256(source / name) != checksum:
            raise BackupError(f"{name} does not match the manifest: the backup is damaged")
    vendor = connection.vendor
    if vendor != manifest["database_vendor"]:
        raise BackupError(f"the backup is of {manifest['database_vendor']}, this is {vendor}")
    for alias in connections:
        connections[alias].close()
    if vendor == "postgresql":
        args, env = _postgres_env()
        subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            [
                _program("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                str(source / DATABASE),
            ],
            env=env,
            check=True,
        )
    else:
        with (
            sqlite3.connect(source / DATABASE) as backup_db,
            sqlite3.connect(connection.settings_dict["NAME"]) as live,
        ):
            backup_db.backup(live)
    if MEDIA in manifest["files"]:
        root = _media_root()
        with tempfile.TemporaryDirectory() as unpacked:
            with tarfile.open(source / MEDIA, "r:gz") as archive:
                archive.extractall(unpacked, filter="data")
            if root.exists():
                shutil.rmtree(root)
            restored = Path(unpacked) / "media"
            if restored.exists():
                shutil.copytree(restored, root)
            else:
                root.mkdir(parents=True, exist_ok=True)
    result = {"tables": table_counts(), "media": media_checksums(_media_root())}
    differences = [
        f"table {table}: {manifest['tables'][table]} in the backup, {count} restored"
        for table, count in result["tables"].items()
        if manifest["tables"].get(table) != count
    ]
    if MEDIA in manifest["files"] and result["media"] != manifest["media"]:
        differences.append("the uploaded files differ from the backup's")
    if differences:
        raise BackupError("; ".join(differences))
    return result
