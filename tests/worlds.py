"""Worlds built once per test module, each test rolled back to them.

A permission matrix asks hundreds of (URL, role) questions of one world; building that world
for every question cost most of the matrices' time (rendered PDFs, archive packages, a dozen
factories). ``module_world(build)`` makes a module-scoped ``world`` fixture instead: the world
is built once, inside a transaction that is rolled back when the module ends, and every test
runs in a savepoint inside it (pytest-django's ``db`` nests in the open transaction), so every
test still starts from the same, untouched world::

    def matrix_world(role_users):
        process, users = role_users
        return {"process": process, "users": users, ...}

    world = module_world(matrix_world)

While the world is built, the settings of ``tests/conftest.py``'s ``_test_settings`` hold (fast
hasher, e-mail in memory, tasks eager), files go to a directory of the module's own, and
``on_commit`` callbacks can be run with ``capture_on_commit`` (Django's
``captureOnCommitCallbacks``). Each test of the module gets that directory as ``MEDIA_ROOT``
again (the world's rendered files are there) and the builder's extra ``settings``.

Use it only in modules whose tests all use the ``db`` (not ``transactional_db``) fixture, and
whose tests do not change the world's Python objects in place.
"""

import uuid
from contextlib import contextmanager

import pytest
from django.db import transaction
from django.test import TestCase, override_settings

capture_on_commit = TestCase.captureOnCommitCallbacks


def make_role_users():
    """One user per role in a fresh process, plus a citizen and a member of another process
    (the ``role_users`` fixture's world)."""
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


def standard_settings(media_root) -> dict:
    """The settings every test runs with (``tests/conftest.py``'s ``_test_settings``)."""
    from django.conf import settings

    return {
        "MEDIA_ROOT": media_root,
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "ACCOUNT_RATE_LIMITS": False,
        "CELERY_TASK_ALWAYS_EAGER": True,
        "CACHES": {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"test-world-{uuid.uuid4().hex}",
            }
        },
    }


@contextmanager
def _eager_tasks():
    from visionsprocess.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.task_eager_propagates = previous


class ModuleWorld(dict):
    """The world (a dict) and what each test of the module must find again."""

    media_root = None
    settings: dict


def module_world(build, settings=None):
    """A module-scoped ``world`` fixture: ``build(role_users)`` once, in a transaction rolled
    back at the module's end; ``settings`` hold while it is built and in each test."""
    extra = dict(settings or {})

    @pytest.fixture(scope="module")
    def world(request, django_db_setup, django_db_blocker, tmp_path_factory):
        global _active
        media_root = tmp_path_factory.mktemp("world-media")
        with override_settings(**standard_settings(media_root), **extra), _eager_tasks():
            with django_db_blocker.unblock():
                atomic = transaction.atomic()
                atomic.__enter__()
                try:
                    built = ModuleWorld(build(make_role_users()))
                except BaseException:
                    transaction.set_rollback(True)
                    atomic.__exit__(None, None, None)
                    raise
            built.media_root = media_root
            built.settings = extra
            _active = (request.module, built)
            try:
                yield built
            finally:
                _active = None
                with django_db_blocker.unblock():
                    transaction.set_rollback(True)
                    atomic.__exit__(None, None, None)

    return world


#: (module, world) of the module world being used, if any.
_active = None


def apply_to_test(request, settings) -> None:
    """Called by ``_test_settings`` for each test: a test of a module world gets the world's
    ``MEDIA_ROOT`` and extra settings again. (The module-scoped ``world`` is set up before the
    test's function-scoped fixtures.)"""
    if _active is None or _active[0] is not request.module or "world" not in request.fixturenames:
        return
    world = _active[1]
    settings.MEDIA_ROOT = world.media_root
    for name, value in world.settings.items():
        setattr(settings, name, value)
