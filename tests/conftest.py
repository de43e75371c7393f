"""Shared fixtures. App-specific factories live in tests/<app>/factories.py."""

import os

import pytest
from django.db import connection

REQUIRE_ALL = os.environ.get("REQUIRE_ALL_TESTS") == "1"


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ACCOUNT_RATE_LIMITS = False
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    """Run tasks in-process unless a test asks for the real worker (marker celery_worker)."""
    from visionsprocess.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _require_postgres(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        if REQUIRE_ALL:
            pytest.fail("This test needs PostgreSQL (DATABASE_URL), and REQUIRE_ALL_TESTS is set.")
        pytest.skip("needs PostgreSQL; set DATABASE_URL")


@pytest.fixture
def role_users(db):
    """One user per role in a fresh process, plus a citizen and a member of another process."""
    from tests.factories import ProcessFactory, ProcessRoleFactory, UserFactory
    from visionsprocess.models import Role

    process = ProcessFactory()
    other = ProcessFactory()
    users = {"anonymous": None, "citizen": UserFactory()}
    for role in Role.values:
        users[role] = ProcessRoleFactory(process=process, role=role).user
    users["other_official"] = ProcessRoleFactory(process=other, role=Role.OFFICIAL).user
    users["superuser"] = UserFactory(is_superuser=True, is_staff=True)
    return process, users
