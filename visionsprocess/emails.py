"""Sending e-mail from the services of every app: through the outbox, durably, after the commit.

Below the services and the notices (which send confirmations), above only the outbox."""

from django.template.loader import render_to_string

from . import outbox


def email_send(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str | None = None,
    headers: dict[str, str] | None = None,
    kind: str = "",
    municipality=None,
) -> None:
    """Send an e-mail to each address, durably: written to the outbox in the current transaction
    and sent by a Celery worker after the commit (see ``visionsprocess.outbox``). ``kind``: an
    ``EmailKind`` (confirmation links and receipts are limited per address). The sender is
    ``municipality``'s (by default the municipality of the request being served)."""
    outbox.email_send(
        to=to,
        subject=subject,
        body=body,
        html_body=html_body,
        headers=headers,
        kind=kind,
        municipality=municipality,
    )


def email_send_template(
    *,
    to: list[str],
    template: str,
    context: dict,
    headers: dict[str, str] | None = None,
    kind: str = "",
    municipality=None,
) -> None:
    """Render ``<template>_subject.txt`` and ``<template>_message.txt`` and send them."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_message.txt", context)
    email_send(
        to=to, subject=subject, body=body, headers=headers, kind=kind, municipality=municipality
    )
