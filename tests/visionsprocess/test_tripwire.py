"""The tripwire of the tests (tests/tripwire.py): product code that writes to a table without
recording a change (visionsprocess.changes) fails the test; set-up and bookkeeping do not."""

import pytest
from django.db import connection
from django.test import RequestFactory

from dialog.services import meeting_update
from tests.dialog.factories import MeetingFactory
from tests.tripwire import ROOT, Tripwire, table_written
from tests.visionsprocess import tripwire_views
from visionsprocess import changes

pytestmark = pytest.mark.django_db


def _watching(tripwire: Tripwire):
    changes.recorded.connect(tripwire.recorded, dispatch_uid="test-tripwire-own")
    return connection.execute_wrapper(tripwire)


@pytest.fixture
def here_is_product():
    """A tripwire for which ``tripwire_views`` is product code (its views stand for real ones)."""
    tripwire = Tripwire(product=lambda filename: filename == tripwire_views.__file__)
    yield tripwire
    changes.recorded.disconnect(dispatch_uid="test-tripwire-own")


def test_a_view_that_writes_without_recording_a_change_trips_the_wire(here_is_product):
    meeting = MeetingFactory()
    with _watching(here_is_product):
        tripwire_views.careless_view(RequestFactory().post("/"), meeting.pk)
    violations = here_is_product.violations()
    assert len(violations) == 1
    assert "careless_view" in violations[0] and "dialog_meeting" in violations[0]


def test_a_view_that_records_its_change_passes(here_is_product):
    meeting = MeetingFactory()
    with _watching(here_is_product):
        tripwire_views.careful_view(RequestFactory().post("/"), meeting.pk)
    assert here_is_product.violations() == []


def test_each_entry_point_answers_for_its_own_writes(here_is_product):
    """A view that records does not cover another one that does not."""
    meeting = MeetingFactory()
    with _watching(here_is_product):
        tripwire_views.careful_view(RequestFactory().post("/"), meeting.pk)
        tripwire_views.careless_view(RequestFactory().post("/"), meeting.pk)
    violations = here_is_product.violations()
    assert len(violations) == 1 and "careless_view" in violations[0]


def test_set_up_through_factories_and_services_that_record_pass():
    tripwire = Tripwire()
    try:
        with _watching(tripwire):
            meeting = MeetingFactory()  # set-up: the model layer, called from the tests
            meeting_update(meeting=meeting, data={"title": "Framtidskväll i Vaggeryd"})
    finally:
        changes.recorded.disconnect(dispatch_uid="test-tripwire-own")
    assert tripwire.violations() == []
    assert tripwire.entries, "the service's writes were seen"


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('SELECT "dialog_meeting"."id" FROM "dialog_meeting"', None),
        ('INSERT INTO "dialog_meeting" ("title") VALUES (%s)', "dialog_meeting"),
        ('UPDATE "visionsprocess_municipality" SET "name" = %s', "visionsprocess_municipality"),
        ('DELETE FROM "django_session" WHERE "session_key" = %s', None),
        (
            "INSERT INTO contributions_contributiontheme (a) SELECT 1",
            "contributions_contributiontheme",
        ),
        # An official opening a contribution for the first time sets only its read_at.
        (
            'UPDATE "contributions_contribution" SET "read_at" = %s WHERE '
            '("contributions_contribution"."id" = %s AND '
            '"contributions_contribution"."read_at" IS NULL)',
            None,
        ),
        (
            'UPDATE "contributions_contribution" SET "read_at" = %s, "moderation_state" = %s '
            'WHERE "id" = %s',
            "contributions_contribution",
        ),
        ('UPDATE "dialog_meeting" SET "read_at" = %s WHERE "id" = %s', "dialog_meeting"),
        ('UPDATE "dialog_registration" SET "reminder_sent_at" = %s WHERE "id" = %s', None),
    ],
)
def test_what_the_tripwire_counts_as_a_write(sql, table):
    assert table_written(sql) == table


def test_no_product_code_wraps_the_database_connection():
    """The execute wrapper belongs to the tests; product code records its changes instead."""
    tops = [
        top
        for top in ROOT.iterdir()
        if top.is_dir()
        and not top.is_symlink()
        and top.name not in {"tests", "node_modules"}
        and not top.name.startswith(".")
    ]
    sources = [*ROOT.glob("*.py"), *(path for top in tops for path in top.rglob("*.py"))]
    offenders = [
        str(path.relative_to(ROOT))
        for path in sources
        if "execute_wrapper" in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert len(sources) > 100 and offenders == []
