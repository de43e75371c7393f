"""Databases that are migrated once per test run, for the tests that start the project in
another process as an operator would (``manage.py migrate``, gunicorn, workers).

Migrating an empty database costs about a minute of CPU (118 migrations), and these tests did
it each for itself: three times on SQLite in ``test_backup.py``, once in ``test_production.py``
and once on PostgreSQL in ``test_two_nodes.py``. Now:

* ``migrated_sqlite`` copies an SQLite file that ``manage.py migrate`` made once in another
  process (shared by the pytest-xdist workers, under a file lock);
* ``collected_static`` is a ``STATIC_ROOT`` that ``manage.py collectstatic`` filled once under
  production settings (hashed and compressed names: about 50 s of CPU, done twice before);
* ``clone_test_database(name)`` makes a PostgreSQL database as a copy (``CREATE DATABASE ...
  TEMPLATE``) of the test database as pytest-django migrated it, kept aside before any test ran
  (``keep_pristine_copy``, from ``django_db_setup`` in ``tests/conftest.py``).

The tests still run ``manage.py migrate`` on these copies, as an operator would; it finds
nothing to do. Migrating from an empty database is still tested: by pytest-django's test
database, and by the run that makes the SQLite file.
"""

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SQLITE_NAME = "migrated.sqlite3"


def _shared_directory(tmp_path_factory) -> Path:
    """The run's temporary directory that every pytest-xdist worker sees."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def _locked(path: Path):
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def operator_env(**extra) -> dict:
    """The environment of ``manage.py`` in another process, without the test run's own
    database, broker and cache."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DATABASE_URL", "DEBUG", "CACHE_URL")
    }
    env["DJANGO_SETTINGS_MODULE"] = "visionsprocess.settings"
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory) -> Path:
    """An SQLite file as ``manage.py migrate`` leaves it on an empty database (made once)."""
    shared = _shared_directory(tmp_path_factory)
    template = shared / SQLITE_NAME
    with _locked(shared / f"{SQLITE_NAME}.lock"):
        if not template.exists():
            partial = shared / f"{SQLITE_NAME}.partial"
            partial.unlink(missing_ok=True)
            env = operator_env(
                DATABASE_URL=f"sqlite:///{partial}", MEDIA_ROOT=str(shared / "migrate-media")
            )
            result = subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            assert result.returncode == 0, result.stdout + result.stderr
            for suffix in ("-wal", "-shm", "-journal"):
                assert not Path(f"{partial}{suffix}").exists(), "the migrated file is complete"
            partial.rename(template)
    return template


@pytest.fixture
def migrated_sqlite(tmp_path, migrated_sqlite_template) -> Path:
    """This test's own copy of the migrated SQLite file (``tmp_path / 'db.sqlite3'``)."""
    target = tmp_path / "db.sqlite3"
    shutil.copyfile(migrated_sqlite_template, target)
    return target


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """A ``STATIC_ROOT`` as ``DJANGO_ENV=production manage.py collectstatic`` leaves it (made
    once per run; the servers only read it)."""
    shared = _shared_directory(tmp_path_factory)
    static = shared / "collected-static"
    with _locked(shared / "collected-static.lock"):
        if not static.exists():
            partial = shared / "collected-static.partial"
            shutil.rmtree(partial, ignore_errors=True)
            env = operator_env(
                DJANGO_ENV="production",
                SECRET_KEY="collectstatic-test-" + "k" * 40,
                ALLOWED_HOSTS="127.0.0.1",
                DATABASE_URL=f"sqlite:///{shared / 'collectstatic.sqlite3'}",
                STATIC_ROOT=str(partial),
                LOG_LEVEL="WARNING",
            )
            result = subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            assert result.returncode == 0, result.stdout + result.stderr
            partial.rename(static)
    return static


# --- PostgreSQL ---------------------------------------------------------------------------------


def _pristine_name(connection) -> str:
    return f"{connection.settings_dict['NAME']}_pristine"


def keep_pristine_copy() -> None:
    """Copy the freshly migrated test database aside (PostgreSQL only; a second or two)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    name, copy = connection.settings_dict["NAME"], _pristine_name(connection)
    connection.close()  # a template must have no other sessions
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')


def drop_pristine_copy() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{_pristine_name(connection)}"')


def clone_test_database(admin_connection, name: str) -> None:
    """Create the database ``name`` as the migrated test database was before any test ran
    (``admin_connection``: a psycopg connection in autocommit mode to another database)."""
    from django.db import connection

    admin_connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{_pristine_name(connection)}"')
