"""The transactional outbox: work after a commit is never lost, e-mail is sent once, bounces stop.

Tests marked ``celery_worker`` use a real Redis broker and a real worker (REDIS_URL).
"""

import logging
import smtplib
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from visionsprocess import outbox
from visionsprocess.models import EmailStatus, OutboxTask, OutgoingEmail
from visionsprocess.services import email_send

pytestmark = pytest.mark.django_db


# --- In eager mode (the default without REDIS_URL) --------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_email_is_sent_only_after_the_transaction_commits():
    with transaction.atomic():
        email_send(to=["elin@example.org"], subject="Tack för ditt bidrag", body="Hej!")
        assert mail.outbox == []
        assert OutgoingEmail.objects.get().status == EmailStatus.PENDING
    assert [m.subject for m in mail.outbox] == ["Tack för ditt bidrag"]
    email = OutgoingEmail.objects.get()
    assert email.status == EmailStatus.SENT and email.sent_at is not None
    assert OutboxTask.objects.get().dispatched_at is not None


@pytest.mark.django_db(transaction=True)
def test_email_is_not_sent_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        email_send(to=["elin@example.org"], subject="Ska inte skickas", body="...")
        raise RuntimeError
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists() and not OutboxTask.objects.exists()


def test_each_address_gets_its_own_message_and_duplicates_one(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email_send(
            to=["a@example.org", "b@example.org", "a@example.org", ""],
            subject="Nytt möte",
            body="Välkommen",
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all(len(m.to) == 1 for m in mail.outbox), "no one sees another person's address"


def test_extra_headers_reach_the_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email_send(
            to=["elin@example.org"],
            subject="Sammanfattning",
            body="...",
            headers={
                "List-Unsubscribe": "<https://example.se/avsluta/abc/>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
    message = mail.outbox[0].message()
    assert message["List-Unsubscribe"] == "<https://example.se/avsluta/abc/>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_delivering_twice_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        email_send(to=["elin@example.org"], subject="En gång", body="...")
    email = OutgoingEmail.objects.get()
    assert outbox.email_deliver(email_id=email.pk) == EmailStatus.SENT
    assert outbox.email_deliver(email_id=email.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_a_claim_left_by_a_dead_worker_is_taken_again_later(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        email_send(to=["elin@example.org"], subject="Efter kraschen", body="...")
    email = OutgoingEmail.objects.get()
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENDING, claimed_at=timezone.now(), attempts=1
    )
    assert outbox.email_deliver(email_id=email.pk) == "skipped", "a fresh claim is respected"
    OutgoingEmail.objects.filter(pk=email.pk).update(
        claimed_at=timezone.now() - outbox.EMAIL_STALE_CLAIM - timedelta(seconds=1)
    )
    assert outbox.email_deliver(email_id=email.pk) == EmailStatus.SENT
    assert len(mail.outbox) == 1


class FailingConnection:
    """An e-mail connection that raises ``error`` on send."""

    def __init__(self, error):
        self.error = error

    def send_messages(self, messages):
        raise self.error


def _one_email():
    email_send(to=["studsar@example.org"], subject="Till fel adress", body="...")
    return OutgoingEmail.objects.get()


def test_a_permanent_refusal_is_recorded_as_bounced_and_never_retried(caplog):
    with transaction.atomic():
        email = _one_email()
    OutboxTask.objects.update(dispatched_at=timezone.now())
    bounced = []

    def listener(sender, email, **kwargs):
        bounced.append(email.pk)

    outbox.email_bounced.connect(listener)
    try:
        refused = smtplib.SMTPRecipientsRefused(
            {"studsar@example.org": (550, b"5.1.1 User unknown")}
        )
        with caplog.at_level(logging.INFO):
            status = outbox.email_deliver(email_id=email.pk, connection=FailingConnection(refused))
    finally:
        outbox.email_bounced.disconnect(listener)
    email.refresh_from_db()
    assert status == EmailStatus.BOUNCED and email.status == EmailStatus.BOUNCED
    assert email.last_error == "550 5.1.1 User unknown"
    assert bounced == [email.pk]
    assert not OutboxTask.objects.filter(dispatched_at__isnull=True).exists(), "no retry"
    assert "studsar@example.org" not in caplog.text, "addresses never reach the log"
    assert "studsar@example.org" not in email.last_error


def test_a_mail_server_that_is_down_is_retried_later_through_the_outbox():
    with transaction.atomic():
        email = _one_email()
    OutboxTask.objects.update(dispatched_at=timezone.now())
    down = ConnectionRefusedError(111, "Connection refused")
    status = outbox.email_deliver(email_id=email.pk, connection=FailingConnection(down))
    email.refresh_from_db()
    assert status == EmailStatus.PENDING and email.status == EmailStatus.PENDING
    retry = OutboxTask.objects.get(dispatched_at__isnull=True)
    assert retry.kwargs == {"email_id": email.pk}
    assert retry.not_before > timezone.now() + timedelta(seconds=20), "with back-off"
    assert mail.outbox == []


def test_a_temporary_refusal_is_retried_and_gives_up_after_the_last_attempt():
    with transaction.atomic():
        email = _one_email()
    busy = smtplib.SMTPRecipientsRefused({"studsar@example.org": (451, b"4.7.1 Try later")})
    OutgoingEmail.objects.filter(pk=email.pk).update(attempts=outbox.EMAIL_MAX_ATTEMPTS - 1)
    status = outbox.email_deliver(email_id=email.pk, connection=FailingConnection(busy))
    assert status == EmailStatus.FAILED
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED


def test_the_relay_hands_over_what_is_due_and_leaves_what_is_not(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        email_send(to=["a@example.org"], subject="Nu", body="...")
        later = outbox.enqueue(outbox.deliver_email, email_id=0, countdown=3600)
    assert outbox.relay() == 1
    assert len(mail.outbox) == 1
    later.refresh_from_db()
    assert later.dispatched_at is None, "not due yet"
    assert outbox.relay() == 0, "nothing handed over twice"


def test_a_row_handed_over_by_one_relay_is_not_taken_by_another(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        row = outbox.enqueue(outbox.deliver_email, email_id=0)
    # Another relay has leased the row: it is not due for this one.
    OutboxTask.objects.filter(pk=row.pk).update(not_before=timezone.now() + outbox.LEASE)
    assert outbox.dispatch(row.pk) is outbox.Dispatch.NOT_DUE


def test_a_stored_row_of_a_task_that_is_gone_is_kept_and_postponed_not_lost():
    # Written by an older release, before the task was renamed: ``enqueue`` refuses new ones.
    row = OutboxTask.objects.create(task="no.such.task", kwargs={"x": 1})
    assert outbox.dispatch(row.pk) is outbox.Dispatch.NOT_DUE
    row.refresh_from_db()
    assert row.dispatched_at is None and "unknown task" in row.last_error


def test_enqueue_takes_the_task_itself_and_stores_its_name(django_capture_on_commit_callbacks):
    from visionsprocess import tasks

    with django_capture_on_commit_callbacks(execute=False):
        row = outbox.enqueue(tasks.deliver_email, email_id=0)
    assert row.task == "visionsprocess.tasks.deliver_email" == tasks.deliver_email.name


@pytest.mark.parametrize(
    "task",
    [SimpleNamespace(name="no.such.task"), SimpleNamespace(name=""), object()],
    ids=["unknown name", "empty name", "not a task"],
)
def test_an_unknown_task_is_refused_at_once_with_a_clear_error(task):
    with pytest.raises(outbox.UnknownTask, match="No Celery task named"):
        outbox.enqueue(task, x=1)
    assert not OutboxTask.objects.exists(), "nothing is written to wait for ever"


@pytest.mark.parametrize("name", ["visionsprocess.tasks.deliver_email", "no.such.task", ""])
def test_a_task_name_is_refused_pass_the_task_itself(name):
    with pytest.raises(TypeError, match="takes the Celery task itself"):
        outbox.enqueue(name, email_id=0)
    assert not OutboxTask.objects.exists()


def test_every_task_a_service_enqueues_is_defined_beside_it_under_its_old_name():
    """Stored rows hold these names: a task moved beside its service keeps the name."""
    from contributions import tasks as contribution_tasks
    from dialog import tasks as dialog_tasks
    from visionsprocess import tasks
    from visionsprocess.documents import tasks as document_tasks

    names = {
        tasks.deliver_email: "visionsprocess.tasks.deliver_email",
        tasks.fan_out_notice: "visionsprocess.tasks.fan_out_notice",
        document_tasks.render_document: "visionsprocess.documents.tasks.render_document",
        document_tasks.build_archive_package: (
            "visionsprocess.documents.tasks.build_archive_package"
        ),
        dialog_tasks.send_invitations: "dialog.tasks.send_invitations",
        dialog_tasks.send_consultation_invitations: "dialog.tasks.send_consultation_invitations",
        dialog_tasks.send_consultation_reminders: "dialog.tasks.send_consultation_reminders",
        contribution_tasks.feedback_notify: "contributions.tasks.feedback_notify",
        contribution_tasks.spam_train: "contributions.tasks.spam_train",
        contribution_tasks.spam_score_comment: "contributions.tasks.spam_score_comment",
        contribution_tasks.themes_retrain: "contributions.tasks.themes_retrain",
        contribution_tasks.similarity_build: "contributions.tasks.similarity_build",
        contribution_tasks.themes_discover: "contributions.tasks.themes_discover",
        contribution_tasks.synthesis_draft: "contributions.tasks.synthesis_draft",
    }
    assert {task.name: name for task, name in names.items()} == {n: n for n in names.values()}
    assert all(outbox.task_name(task) == name for task, name in names.items())


def test_start_up_check_fails_while_a_waiting_row_names_a_task_that_is_gone():
    from visionsprocess import outbox_checks

    assert outbox_checks.outbox_tasks_exist(databases=["default"]) == []
    OutboxTask.objects.create(task="visionsprocess.tasks.renamed_away", kwargs={})
    errors = outbox_checks.outbox_tasks_exist(databases=["default"])
    assert [error.id for error in errors] == ["visionsprocess.E030"]
    assert "visionsprocess.tasks.renamed_away" in errors[0].msg
    OutboxTask.objects.update(dispatched_at=timezone.now())
    assert outbox_checks.outbox_tasks_exist(databases=["default"]) == [], "handed over: fine"


def test_start_up_check_fails_on_a_beat_schedule_entry_without_its_task(settings):
    from visionsprocess import outbox_checks

    assert outbox_checks.beat_schedule_tasks_exist() == []
    settings.CELERY_BEAT_SCHEDULE = {
        **settings.CELERY_BEAT_SCHEDULE,
        "typo": {"task": "visionsprocess.tasks.relay_outbx", "schedule": 60},
    }
    errors = outbox_checks.beat_schedule_tasks_exist()
    assert [error.id for error in errors] == ["visionsprocess.E031"]
    assert "relay_outbx" in errors[0].msg


def test_purge_deletes_old_handed_over_tasks_and_sent_mail_only(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email_send(to=["a@example.org"], subject="Gammalt", body="...")
    with django_capture_on_commit_callbacks(execute=False):
        email_send(to=["b@example.org"], subject="Väntar", body="...")
    assert outbox.purge() == (0, 0), "nothing is old yet"
    later = timezone.now() + timedelta(days=31)
    assert outbox.purge(now=later) == (1, 1)
    assert list(OutgoingEmail.objects.values_list("subject", flat=True)) == ["Väntar"]
    assert OutboxTask.objects.filter(dispatched_at__isnull=True).count() == 1


def test_health_reports_the_outbox_backlog(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        email_send(to=["a@example.org"], subject="Väntar", body="...")
    body = client.get("/health/").json()
    assert body["outbox"]["tasks_waiting"] == 1
    assert body["outbox"]["emails_waiting"] == 1


# --- With a real broker and worker ------------------------------------------------------------


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_the_broker_down_at_commit_loses_nothing_and_the_relay_delivers_later(broker, settings):
    """The broker is down when the citizen's transaction commits: the request goes on (no
    exception, fast), the work waits in the outbox, and once the broker is back the relay hands
    it over and a real worker sends every e-mail."""
    broker.down()
    started = time.monotonic()
    for number in range(5):
        with transaction.atomic():
            email_send(to=[f"medborgare{number}@example.org"], subject=f"Kvitto {number}", body="…")
    assert time.monotonic() - started < 5, "a broker that is down does not hang the request"
    assert OutboxTask.objects.filter(dispatched_at__isnull=True).count() == 5
    assert "OperationalError" in OutboxTask.objects.first().last_error
    assert outbox.relay() == 0, "still down"

    broker.up()
    OutboxTask.objects.update(not_before=timezone.now())  # skip the back-off in the test
    with broker.worker():
        assert outbox.relay() == 5
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if OutgoingEmail.objects.filter(status=EmailStatus.SENT).count() == 5:
                break
            time.sleep(0.2)
    assert sorted(OutgoingEmail.objects.values_list("status", flat=True)) == ["sent"] * 5
    assert sorted(m.subject for m in mail.outbox) == [f"Kvitto {n}" for n in range(5)]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_email_goes_through_a_real_worker_after_commit(broker):
    with broker.worker():
        with transaction.atomic():
            email_send(to=["elin@example.org"], subject="Från arbetaren", body="Hej från Vaggeryd")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not mail.outbox:
            time.sleep(0.2)
    assert [m.body for m in mail.outbox] == ["Hej från Vaggeryd"]
    assert OutgoingEmail.objects.get().status == EmailStatus.SENT
