"""Celery tasks of the core."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_kwargs={"max_retries": 5},
    acks_late=True,
)
def send_email(self, *, to: list[str], subject: str, body: str, html_body: str | None = None):
    """Send one e-mail. Addresses are not logged (personal data)."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=list(to)
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()
    logger.info("sent e-mail %r to %d recipient(s)", subject, len(to))


from .documents.tasks import build_archive_package, render_document  # noqa: E402, F401
