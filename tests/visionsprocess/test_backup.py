"""make backup / make restore: a round trip gives identical row counts and file checksums.

Run as an operator would, through manage.py in another process: on an SQLite file of its own,
and on PostgreSQL (the test database, with pg_dump and pg_restore).
"""

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)

SEED = """
import django; django.setup()
from django.core.files.base import ContentFile
from visionsprocess.models import Municipality, VisionProcess
m = Municipality.objects.create(name="Vaggeryds kommun", code="0682")
m.logo.save("logo.png", ContentFile(b"\\x89PNG logo bytes"))
for n in range(3):
    VisionProcess.objects.create(municipality=m, title=f"Vision 2040 ({n})", slug=f"vision-{n}",
                                 horizon_year=2040)
"""
DAMAGE = """
import django; django.setup()
from visionsprocess.models import VisionProcess
VisionProcess.objects.filter(slug="vision-0").delete()
VisionProcess.objects.create(municipality_id=VisionProcess.objects.first().municipality_id,
                             title="Efter säkerhetskopian", slug="efter", horizon_year=2040)
"""


def run(env, *args, code=None):
    command = [sys.executable, "-c", code] if code else [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def round_trip(env, tmp_path):
    media = Path(env["MEDIA_ROOT"])
    run(env, code=SEED)
    (media / "contributions").mkdir(parents=True, exist_ok=True)
    (media / "contributions" / "film.mp4").write_bytes(os.urandom(200_000))
    out = run(env, "backup", "--output", str(tmp_path / "backup"))
    assert "Backup written" in out
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["tables"]["visionsprocess_visionprocess"] == 3
    assert len(manifest["media"]) == 2

    # Things go wrong after the backup: a row deleted, one added, files changed and lost.
    run(env, code=DAMAGE)
    (media / "contributions" / "film.mp4").write_bytes(b"overwritten")
    shutil.rmtree(media / "municipality")

    out = run(env, "restore", str(tmp_path / "backup"), "--yes")
    assert "every count and checksum identical" in out
    check = run(env, "backup", "--output", str(tmp_path / "after"))
    assert "Backup written" in check
    after = json.loads((tmp_path / "after" / "manifest.json").read_text())
    assert after["tables"] == manifest["tables"]
    assert after["media"] == manifest["media"]


def test_backup_and_restore_round_trip_on_sqlite(tmp_path, migrated_sqlite):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SETTINGS_MODULE": "visionsprocess.settings",
    }
    env.pop("REDIS_URL", None)
    run(env, "migrate", "--noinput", "-v0")
    round_trip(env, tmp_path)


def test_a_damaged_backup_is_refused(tmp_path, migrated_sqlite):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.pop("REDIS_URL", None)
    run(env, "migrate", "--noinput", "-v0")
    run(env, "backup", "--output", str(tmp_path / "backup"))
    with open(tmp_path / "backup" / "database.dump", "ab") as dump:
        dump.write(b"x")
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "backup"), "--yes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "damaged" in result.stderr


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_on_postgresql(tmp_path):
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(tmp_path / "media")}
    env.pop("REDIS_URL", None)
    connection.close()
    round_trip(env, tmp_path)


def _sqlite_env(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SETTINGS_MODULE": "visionsprocess.settings",
    }
    env.pop("REDIS_URL", None)
    return env


def test_restore_without_a_terminal_changes_nothing_and_says_why(tmp_path, migrated_sqlite):
    """``make restore BACKUP=... < /dev/null`` (cron, a script): nobody can answer the
    question, so nothing is replaced, with a sentence instead of a traceback; ``--noinput``
    (or ``--yes``) restores without asking."""
    env = _sqlite_env(tmp_path)
    run(env, "migrate", "--noinput", "-v0")
    run(env, code=SEED)
    run(env, "backup", "--output", str(tmp_path / "backup"))
    run(env, code=DAMAGE)
    asked = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "backup")],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert asked.returncode != 0
    assert "Traceback" not in asked.stderr
    assert "Nothing was changed" in asked.stderr and "--yes" in asked.stderr
    slugs = "from visionsprocess.models import VisionProcess as V; print(sorted(V.objects.values_list('slug', flat=True)))"
    assert "efter" in run(env, code=f"import django; django.setup(); {slugs}")
    out = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "backup"), "--noinput"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert "every count and checksum identical" in out.stdout
    assert "efter" not in run(env, code=f"import django; django.setup(); {slugs}")


@pytest.mark.django_db
def test_restore_replaces_every_version_and_forgets_every_cached_count(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    """After a restore the inbox showed 4,004 contributions for a database of 162: the counts
    cached before it were kept. A restore now renews every version and cached count."""
    from django.core.management import call_command

    from contributions import counting
    from contributions.models import Contribution
    from tests.contributions.staff_factories import StaffContributionFactory
    from visionsprocess import backup, changes

    process = StaffContributionFactory().process
    StaffContributionFactory.create_batch(2, process=process)
    everything = Contribution.objects.filter(process=process)
    assert counting.cached_count(everything, process=process, params=[]) == 3
    before = changes.version(process=process, municipality=process.municipality_id)
    # The restore replaces the database under the cache's feet (no service records it).
    (tmp_path / backup.MANIFEST).write_text("{}")

    def restore(source):
        everything.delete()
        return {"tables": {}, "media": []}

    monkeypatch.setattr(backup, "restore", restore)
    assert counting.cached_count(everything, process=process, params=[]) == 3  # stale
    with django_capture_on_commit_callbacks(execute=True):
        call_command("restore", str(tmp_path), "--yes", stdout=io.StringIO())
    assert counting.cached_count(everything, process=process, params=[]) == 0
    assert changes.version(process=process, municipality=process.municipality_id) != before
