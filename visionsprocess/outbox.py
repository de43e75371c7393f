"""The transactional outbox and durable e-mail (see ``models/outbox.py`` for the why).

Services call :func:`enqueue` instead of ``transaction.on_commit(lambda: task.delay(...))``,
with the Celery task itself (the row stores its name)::

    enqueue(tasks.send_invitations, meeting_id=meeting.pk)

Only the task itself is taken, never its name (a ``TypeError``): a task that calls back into
the service that enqueues it is defined beside that service, under the name it has always been
registered with, and the app's ``tasks`` module re-exports it for Celery's autodiscovery (e.g.
``deliver_email`` below, ``notices.services.fan_out_notice``). A task the Celery app does not have
is refused at once (``UnknownTask``), never written to wait forever. Names appear only in stored
rows, looked up by ``_registered_task`` when a row is handed over, and the system check
``visionsprocess.E030`` (``visionsprocess/outbox_checks.py``) refuses to start while a stored
row, or the beat schedule, names a task the Celery app does not have.

The row is written in the caller's transaction, so the work exists exactly when the writes it
follows exist. After the commit the row is handed to the broker at once; if the broker is down the
request still succeeds and the row waits. ``relay()`` (the beat task ``relay_outbox`` every
``OUTBOX_RELAY_SECONDS``, or ``manage.py relay_outbox``) hands over every row still waiting, with
back-off, until the broker takes it. A row may in rare cases be handed over twice (a process dying
between the broker's acceptance and our bookkeeping), so every task it names must be idempotent,
as all our tasks are.

:func:`email_send` writes one :class:`OutgoingEmail` per address and enqueues its delivery;
:func:`email_deliver` claims it once, sends it, and records sent, bounced (a permanent refusal by
the mail server: recorded, never retried) or a temporary failure (retried with back-off through the
outbox, at most ``EMAIL_MAX_ATTEMPTS`` times, then failed).
"""

import enum
import smtplib
import threading
import uuid
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.utils import timezone

from .models import EmailKind, EmailStatus, OutboxTask, OutgoingEmail
from .redact import masked_logger

logger = masked_logger(__name__)

#: How long a row handed to the broker is reserved before another relay may try it again.
LEASE = timedelta(seconds=60)
#: The longest wait between two attempts to hand a row to a broker that is down.
MAX_BACKOFF = timedelta(minutes=5)
#: An e-mail claimed this long ago by a worker that died is claimed again.
EMAIL_STALE_CLAIM = timedelta(minutes=10)
EMAIL_MAX_ATTEMPTS = 20
#: The longest wait between two attempts to send an e-mail (20 attempts span about 8 hours).
EMAIL_MAX_BACKOFF = timedelta(minutes=30)

#: Sent with ``email=<OutgoingEmail>`` when the mail server refuses a message for good.
email_bounced = Signal()


class Dispatch(enum.Enum):
    HANDED_OVER = "handed over"
    NOT_DUE = "not due or taken by another relay"
    BROKER_DOWN = "broker unreachable"


class UnknownTask(LookupError):
    """A task the Celery app does not have: a programming error, reported at once."""


def task_name(task) -> str:
    """The registered name of ``task`` (a Celery task object), checked against the Celery app:
    ``TypeError`` for a name (pass the task itself), ``UnknownTask`` for a task the app does
    not have."""
    if isinstance(task, str):
        raise TypeError(
            f"enqueue() takes the Celery task itself, not its name {task!r}: import the task "
            "from the module that defines it."
        )
    name = getattr(task, "name", None)
    if not name or not isinstance(name, str) or _registered_task(name) is None:
        raise UnknownTask(
            f"No Celery task named {name!r}: pass a task the Celery app has registered "
            "(defined with @shared_task and imported by its app's tasks module)."
        )
    return name


def enqueue(task, *, countdown: int = 0, **kwargs) -> OutboxTask:
    """Write ``task`` (the Celery task itself, never its name) to the outbox in the current
    transaction; it is handed to Celery after commit.

    ``kwargs`` must be JSON-serialisable (ids, not objects). With ``countdown`` the task waits
    at least that many seconds and is handed over by the relay. A task the Celery app does not
    have raises ``UnknownTask`` here, in the caller's transaction; a name raises ``TypeError``.
    """
    now = timezone.now()
    row = OutboxTask.objects.create(
        task=task_name(task), kwargs=kwargs, not_before=now + timedelta(seconds=countdown)
    )
    if not countdown:
        transaction.on_commit(lambda: dispatch(row.pk))
    return row


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=2 ** min(attempts, 12)), MAX_BACKOFF)


def dispatch(pk: int) -> Dispatch:
    """Hand one outbox row to the broker, unless it is done, not due, or leased by another relay.

    Never raises: the caller may be a citizen's request that has already committed its writes.
    """
    now = timezone.now()
    claimed = OutboxTask.objects.filter(
        pk=pk, dispatched_at__isnull=True, not_before__lte=now
    ).update(not_before=now + LEASE, attempts=F("attempts") + 1)
    if not claimed:
        return Dispatch.NOT_DUE
    row = OutboxTask.objects.get(pk=pk)
    task = _registered_task(row.task)
    if task is None:
        # Only a row written by an older release can name a task that is gone (``enqueue``
        # refuses unknown ones): it is kept, and the start-up check refuses to start until it
        # is dealt with (``outbox_checks``).
        logger.error("outbox %s: no task named %s; retried later", pk, row.task)
        _postpone(row, f"unknown task {row.task}")
        return Dispatch.NOT_DUE
    eager = task.app.conf.task_always_eager
    try:
        task.apply_async(kwargs=row.kwargs, retry=False)
    except Exception as error:  # noqa: BLE001
        if not eager:
            logger.warning(
                "outbox %s: broker did not take %s (%s); retried later",
                pk,
                row.task,
                error.__class__.__name__,
            )
            _postpone(row, f"{error.__class__.__name__}: {error}")
            return Dispatch.BROKER_DOWN
        # Eager mode ran the task in this process and it raised: it did run; the task's own
        # failure handling applies, and the request that committed must not fail for it.
        logger.exception("outbox %s: task %s failed when run eagerly", pk, row.task)
    OutboxTask.objects.filter(pk=pk).update(dispatched_at=timezone.now(), last_error="")
    return Dispatch.HANDED_OVER


_IMPORT_LOCK = threading.Lock()


def _registered_task(name: str):
    """The registered Celery task ``name`` (the one path by name: a stored row's, or the check of
    a task object's name), ``None`` if there is none; the apps' ``tasks`` modules are imported
    on first use (a web process imports them only when it first hands work over)."""
    from .celery import app

    task = app.tasks.get(name)
    if task is None:
        # One thread imports; the others wait for it (with gunicorn's threaded workers a second
        # thread found the import already started but not finished, and the task "unknown").
        with _IMPORT_LOCK:
            app.loader.import_default_modules()  # runs the apps' task autodiscovery
            task = app.tasks.get(name)
    return task


def _postpone(row: OutboxTask, reason: str) -> None:
    OutboxTask.objects.filter(pk=row.pk, dispatched_at__isnull=True).update(
        not_before=timezone.now() + _backoff(row.attempts), last_error=reason[:500]
    )


def _email_backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=2 ** min(attempts + 4, 12)), EMAIL_MAX_BACKOFF)


def relay(*, limit: int = 500) -> int:
    """Hand every due row to the broker; stops at the first sign the broker is down.

    Returns how many rows were handed over.
    """
    due = list(
        OutboxTask.objects.filter(dispatched_at__isnull=True, not_before__lte=timezone.now())
        .order_by("not_before", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    handed_over = 0
    for pk in due:
        result = dispatch(pk)
        if result is Dispatch.BROKER_DOWN:
            break
        handed_over += result is Dispatch.HANDED_OVER
    if due:
        logger.info("outbox relay: %d of %d due task(s) handed over", handed_over, len(due))
    return handed_over


def backlog() -> dict:
    """What waits in the outbox, for ``/health/``: counts and the age of the oldest, in seconds."""
    now = timezone.now()
    waiting = OutboxTask.objects.filter(dispatched_at__isnull=True)
    oldest = waiting.order_by("created").values_list("created", flat=True).first()
    mail = OutgoingEmail.objects.filter(status__in=[EmailStatus.PENDING, EmailStatus.SENDING])
    oldest_mail = mail.order_by("created").values_list("created", flat=True).first()
    return {
        "tasks_waiting": waiting.count(),
        "oldest_task_seconds": int((now - oldest).total_seconds()) if oldest else 0,
        "emails_waiting": mail.count(),
        "oldest_email_seconds": int((now - oldest_mail).total_seconds()) if oldest_mail else 0,
    }


def purge(*, now=None) -> tuple[int, int]:
    """Delete what is no longer needed: handed-over tasks after 7 days; e-mails (which hold
    addresses) 30 days after they were sent, 90 days after they bounced or failed."""
    now = now or timezone.now()
    tasks, _ = OutboxTask.objects.filter(
        dispatched_at__isnull=False, dispatched_at__lt=now - timedelta(days=7)
    ).delete()
    emails, _ = OutgoingEmail.objects.filter(
        Q(status=EmailStatus.SENT, sent_at__lt=now - timedelta(days=30))
        | Q(
            status__in=[EmailStatus.BOUNCED, EmailStatus.FAILED],
            created__lt=now - timedelta(days=90),
        )
    ).delete()
    return tasks, emails


# --- E-mail -------------------------------------------------------------------------------------


#: Kinds of e-mail anyone can have sent to any address by typing it into a form.
UNSOLICITED_KINDS = (EmailKind.CONFIRMATION, EmailKind.RECEIPT)


def unsolicited_mail_allowed(address: str, *, now=None) -> bool:
    """Whether ``address`` may be sent one more confirmation link or receipt today.

    Anyone can type anyone's address into the follow form or a contribution, from as many
    client addresses as they have, so the per-client rate limits alone let four clients send
    forty mails to one stranger. Counted per recipient in the database (whoever asked, and
    while the cache is down too): at most ``UNSOLICITED_MAILS_PER_ADDRESS_PER_DAY`` such mails
    to one address in 24 hours.
    """
    now = now or timezone.now()
    sent = OutgoingEmail.objects.filter(
        kind__in=UNSOLICITED_KINDS,
        created__gte=now - timedelta(days=1),
        to__iexact=address.strip(),
    ).count()
    return sent < settings.UNSOLICITED_MAILS_PER_ADDRESS_PER_DAY


def email_send(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str | None = None,
    headers: dict[str, str] | None = None,
    kind: str = EmailKind.OTHER,
    municipality=None,
) -> list[OutgoingEmail]:
    """Write one e-mail per address and enqueue its delivery (after the current transaction).
    The sender is ``municipality``'s (by default the municipality of the request being
    served; ``tenancy.sender_email``)."""
    from .tenancy import mail_domain, sender_email

    from_email = sender_email(municipality)
    domain = mail_domain(municipality)
    if from_email == settings.DEFAULT_FROM_EMAIL:
        from_email = ""
    emails = []
    for address in dict.fromkeys(a.strip() for a in to if a and a.strip()):
        email = OutgoingEmail.objects.create(
            to=address,
            from_email=from_email,
            kind=kind,
            subject=" ".join(subject.split())[:300],
            body=body,
            html_body=html_body or "",
            headers={"Message-ID": new_message_id(domain), **(headers or {})},
        )
        enqueue(deliver_email, email_id=email.pk)
        emails.append(email)
    return emails


def new_message_id(domain: str) -> str:
    """A Message-ID of the sending municipality's own domain (its primary host name; see
    ``tenancy.mail_domain``), not the host name of the worker (often "localhost", which spam
    filters count against a message). Made when the e-mail is written and kept in its headers,
    so it is the same on every retry and whichever worker delivers it."""
    return f"<vp.{uuid.uuid4().hex}@{domain}>"


def message_id(email) -> str:
    """The Message-ID of an e-mail written without one in its headers (before they were kept
    there): of SITE_URL's domain, the same on every retry."""
    from urllib.parse import urlsplit

    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<vp.{email.pk}.{email.created:%Y%m%d%H%M%S}@{host}>"


def _permanent(error: Exception) -> str | None:
    """A readable reason if the mail server refused the message for good (5xx), else ``None``.

    The reason never contains the address (it goes to the database and the log)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        if codes and all(code >= 500 for code in codes):
            code, message = next(iter(error.recipients.values()))
            return f"{code} {_text(message)}"
        return None
    if isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500:
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return None


def _text(message) -> str:
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    return " ".join(str(message).split())[:300]


def email_deliver(*, email_id: int, connection=None) -> str:
    """Send one outgoing e-mail if nobody else has; returns the resulting status."""
    now = timezone.now()
    claimed = (
        OutgoingEmail.objects.filter(pk=email_id)
        .filter(
            Q(status=EmailStatus.PENDING)
            | Q(status=EmailStatus.SENDING, claimed_at__lt=now - EMAIL_STALE_CLAIM)
        )
        .update(status=EmailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "skipped"
    email = OutgoingEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=email.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"Message-ID": message_id(email), **(email.headers or {})},
        connection=connection,
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    try:
        message.send()
    except (OSError, smtplib.SMTPException) as error:
        reason = _permanent(error)
        if reason is not None:
            OutgoingEmail.objects.filter(pk=email_id).update(
                status=EmailStatus.BOUNCED, last_error=reason[:500]
            )
            logger.warning("e-mail %s refused by the mail server: %s", email_id, reason)
            email.status, email.last_error = EmailStatus.BOUNCED, reason
            email_bounced.send(sender=OutgoingEmail, email=email)
            return EmailStatus.BOUNCED
        detail = f"{error.__class__.__name__}: {_text(getattr(error, 'smtp_error', '') or '')}"
        if email.attempts >= EMAIL_MAX_ATTEMPTS:
            OutgoingEmail.objects.filter(pk=email_id).update(
                status=EmailStatus.FAILED, last_error=detail[:500]
            )
            logger.error("e-mail %s failed after %d attempts: %s", email_id, email.attempts, detail)
            return EmailStatus.FAILED
        with transaction.atomic():
            OutgoingEmail.objects.filter(pk=email_id).update(
                status=EmailStatus.PENDING, last_error=detail[:500]
            )
            enqueue(
                deliver_email,
                email_id=email_id,
                countdown=int(_email_backoff(email.attempts).total_seconds()),
            )
        logger.warning("e-mail %s not sent (%s); retried later", email_id, detail)
        return EmailStatus.PENDING
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=EmailStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    logger.info("e-mail %s sent", email_id)
    return EmailStatus.SENT


@shared_task(name="visionsprocess.tasks.deliver_email", acks_late=True, ignore_result=True)
def deliver_email(*, email_id: int) -> str:
    """Send one outgoing e-mail (claimed once; a duplicate or retried task sends nothing more).

    Defined beside ``email_deliver``, which enqueues it again for a retry (``visionsprocess.tasks``
    re-exports it for Celery's autodiscovery; the name stays the one stored rows hold)."""
    return email_deliver(email_id=email_id)


#: The registered name of the delivery task (what an outbox row stores).
DELIVER_EMAIL = deliver_email.name
