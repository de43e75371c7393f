"""Celery tasks of the core: the outbox relay and e-mail delivery."""

import logging

from celery import shared_task

from . import outbox
from .notices.services import fan_out_notice  # noqa: F401 (defined beside the service it runs)
from .outbox import deliver_email  # noqa: F401 (defined beside the service it runs)

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def relay_outbox() -> int:
    """Beat task: hand every outbox row still waiting (e.g. after a broker outage) to the broker."""
    return outbox.relay()


@shared_task(acks_late=True, ignore_result=True)
def purge_outbox() -> tuple[int, int]:
    """Beat task (daily): delete handed-over tasks and old e-mails (they hold addresses)."""
    return outbox.purge()


@shared_task(acks_late=True, ignore_result=True)
def send_notice_digests(*, now: str | None = None) -> int:
    """Beat task (every 15 minutes): the daily digests that are due (see notices.digest)."""
    from django.utils.dateparse import parse_datetime

    from .notices.digest import digests_send

    return digests_send(now=parse_datetime(now) if now else None)


@shared_task(acks_late=True, ignore_result=True)
def purge_notices() -> dict:
    """Beat task (daily): expired confirmations, ended follows, old deliveries and digests."""
    from .notices.digest import purge

    return purge()


from .documents.tasks import build_archive_package, render_document  # noqa: E402, F401


@shared_task(acks_late=True, ignore_result=True)
def check_feedback_promises() -> int:
    """Beat task (daily): tell the officials of each process whose promised feedback is late."""
    from .promises import feedback_promises_check

    return feedback_promises_check()


@shared_task(acks_late=True, ignore_result=True)
def gallra_due() -> dict:
    """Beat task (daily): gallring of every closed process whose retention period has passed
    and which still holds personal data (idempotent: a second run finds nothing to remove)."""
    from .retention import gallra_due as run

    return run()
