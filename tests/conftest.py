"""Shared fixtures. App-specific factories live in tests/<app>/factories.py."""

import os
import uuid

import pytest
from django.db import connection

from tests import worlds

REQUIRE_ALL = os.environ.get("REQUIRE_ALL_TESTS") == "1"
#: allauth's rate limits as the settings module gives them (the tests turn them off by default).
PRODUCTION_RATE_LIMITS = dict(__import__("visionsprocess.settings").settings.ACCOUNT_RATE_LIMITS)


@pytest.fixture(autouse=True)
def _test_settings(request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ACCOUNT_RATE_LIMITS = False
    settings.CELERY_TASK_ALWAYS_EAGER = True
    # A cache of its own for every test: rate-limit counters and cached counts never carry over
    # from one test to another (nor between the processes of a parallel run sharing one Redis).
    # The fail-open Redis backend itself is tested against Redis in tests/visionsprocess.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{uuid.uuid4().hex}",
        }
    }
    # A module world (tests/worlds.py): its rendered files and settings again.
    worlds.apply_to_test(request, settings)


@pytest.fixture(autouse=True)
def _tripwire(request):
    """Fail a test in which product code writes to a table without recording a change
    (``tests/tripwire.py``). ``@pytest.mark.no_tripwire`` turns it off for a test that writes
    behind the services' back on purpose."""
    if request.node.get_closest_marker("no_tripwire") or not _uses_db(request):
        yield None
        return
    from tests.tripwire import Tripwire
    from visionsprocess import changes

    tripwire = Tripwire()
    changes.recorded.connect(tripwire.recorded, dispatch_uid="tests-tripwire")
    try:
        with connection.execute_wrapper(tripwire):
            yield tripwire
    finally:
        changes.recorded.disconnect(dispatch_uid="tests-tripwire")
    violations = tripwire.violations()
    if violations:
        pytest.fail("Writes without a recorded change:\n" + "\n".join(violations))


def _uses_db(request) -> bool:
    return bool(request.node.get_closest_marker("django_db")) or any(
        name in request.fixturenames for name in ("db", "transactional_db", "django_db_setup")
    )


def set_rate(settings, group: str, rate: str) -> None:
    """Give one rate-limit group (``settings.RATE_LIMITS``) another rate in a test."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, group: rate}


@pytest.fixture(scope="session", autouse=True)
def _serialized_rollback_in_any_order(django_db_setup):
    """Let a ``serialized_rollback`` test follow any other transactional test.

    A transactional test empties the database when it ends, and Django's ``post_migrate``
    then creates the content types and permissions again, with new ids. A later test with
    ``serialized_rollback`` loads the database as it was after migrating, ids included, and
    collided with those rows ("duplicate key ... django_content_type"), so the suite passed or
    failed depending on which tests ran before. Before loading, the re-created rows go.
    """
    from django.db import connections

    for alias in connections:
        creation = connections[alias].creation
        original = creation.deserialize_db_from_string

        def deserialize(data, _original=original, _alias=alias):
            from django.contrib.auth.models import Permission
            from django.contrib.contenttypes.models import ContentType

            Permission.objects.using(_alias).all().delete()
            ContentType.objects.using(_alias).all().delete()
            ContentType.objects.clear_cache()
            _original(data)
            ContentType.objects.clear_cache()

        creation.deserialize_db_from_string = deserialize


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
    return worlds.make_role_users()


# --- Celery against a real broker ---------------------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL", "")
#: A port nothing listens on: a broker (or cache) that is down.
DEAD_REDIS_URL = "redis://127.0.0.1:1/0"


def use_broker(url: str) -> None:
    """Point the Celery app at ``url`` and forget connections to the previous broker."""
    from visionsprocess.celery import app

    app.conf.broker_url = url
    # kombu keeps one pool per broker address for the whole process; dropping our references
    # makes the next publish take the pool of the new address (closing them would break them
    # for a later test that points at the same address again).
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker(settings):
    """Tasks go to a real broker (not eager); ``broker.down()`` / ``broker.up()`` switch it.

    Each test publishes to a queue of its own, so that workers of parallel test processes
    (pytest-xdist) never take each other's tasks.
    """
    if not REDIS_URL:
        if REQUIRE_ALL:
            pytest.fail("REDIS_URL is not set, and REQUIRE_ALL_TESTS is set.")
        pytest.skip("needs a Redis broker; set REDIS_URL")
    import uuid

    from visionsprocess.celery import app

    class Broker:
        queue = f"vp-test-{uuid.uuid4().hex[:12]}"

        def down(self):
            use_broker(DEAD_REDIS_URL)

        def up(self):
            use_broker(REDIS_URL)

        def worker(self):
            """A real Celery worker (in this process, so it sees the test database)."""
            from celery.contrib.testing.worker import start_worker

            return start_worker(
                app,
                pool="solo",
                queues=[self.queue],
                perform_ping_check=False,
                loglevel="WARNING",
                shutdown_timeout=30,
            )

    previous = (app.conf.task_always_eager, app.conf.task_default_queue, app.conf.broker_url)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    handle = Broker()
    app.conf.task_default_queue = handle.queue
    _forget_queues(app)
    handle.up()
    yield handle
    app.conf.task_always_eager, app.conf.task_default_queue = previous[:2]
    _forget_queues(app)
    use_broker(previous[2])


def _forget_queues(app) -> None:
    """Celery caches the queues (and the default one) on first use; without this a worker
    started by a later test would consume this test's queue, not the default one."""
    for name in ("queues", "default_queue", "router"):
        app.amqp.__dict__.pop(name, None)


# --- A real SMTP server -------------------------------------------------------------------------


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that Django's SMTP backend sends to.

    ``smtp_server.messages`` are the delivered messages (``email.message.EmailMessage``);
    ``smtp_server.refuse(address)`` makes the server answer 550 for that recipient (a bounce);
    ``smtp_server.wait_for(predicate)`` waits until a delivered message matches.
    """
    import email
    import socket
    import threading
    import time
    from email import policy

    from aiosmtpd.controller import Controller

    class Handler:
        def __init__(self):
            self.messages = []
            self.refused = set()
            self.lock = threading.Lock()

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.lower() in self.refused:
                return "550 5.1.1 No such user here"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            message = email.message_from_bytes(envelope.content, policy=policy.default)
            with self.lock:
                self.messages.append(message)
            return "250 Message accepted for delivery"

        def refuse(self, address):
            self.refused.add(address.lower())

        def wait_for(self, predicate, timeout=60):
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                with self.lock:
                    found = [m for m in self.messages if predicate(m)]
                if found:
                    return found[-1]
                time.sleep(0.2)
            raise AssertionError("no such message was delivered to the SMTP server")

    def free_port():
        for port in [*range(8131, 8140), 0]:
            with socket.socket() as probe:
                try:
                    probe.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return probe.getsockname()[1]
        raise RuntimeError("no free port for the SMTP server")

    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    try:
        yield handler
    finally:
        controller.stop()


# --- The order of files in a parallel run -------------------------------------------------------

#: Files that take a minute or more of one worker. pytest-xdist (``--dist loadfile``) hands out
#: files in the order they are collected, so these go first: begun last, one of them would keep
#: one worker busy while the other has nothing left to do.
LONG_FILES = (
    "tests/visionsprocess/test_two_nodes.py",
    "tests/visionsprocess/test_tenancy_isolation.py",
    "tests/visionsprocess/test_fuzz.py",
    "tests/visionsprocess/test_retention_demo.py",
    "tests/contributions/test_themes_evaluate.py",
)


def pytest_collection_modifyitems(config, items):
    def rank(item):
        path = item.nodeid.split("::", 1)[0]
        return LONG_FILES.index(path) if path in LONG_FILES else len(LONG_FILES)

    items.sort(key=rank)  # stable: the rest keep their order


# --- Databases migrated once per run (tests/migrated.py) ----------------------------------------

from tests.migrated import (  # noqa: E402, F401
    collected_static,
    migrated_sqlite,
    migrated_sqlite_template,
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database; on PostgreSQL also a copy of it as migrated, before any
    test ran, for the tests that start the project in other processes (``tests/migrated.py``)."""
    from tests import migrated

    with django_db_blocker.unblock():
        migrated.keep_pristine_copy()
    yield
    with django_db_blocker.unblock():
        migrated.drop_pristine_copy()
