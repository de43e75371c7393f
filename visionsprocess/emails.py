"""Sending e-mail from the services of every app: through the outbox, durably, after the commit.

Below the services and the notices (which send confirmations), above only the outbox."""

from django.template.loader import render_to_string

from . import outbox, tenancy


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
    """Render ``<template>_subject.txt`` and ``<template>_message.txt`` and send them.

    Outside a request (a worker) and without ``municipality``, the e-mail is the municipality's
    of the first object in ``context`` that belongs to one (a meeting, a process ...): its sender
    and its host for links made while rendering (``tenancy.activate``)."""
    if municipality is None and tenancy.current.get() is None:
        municipality = tenancy.municipality_among(context.values())
    if municipality is not None and tenancy.current.get() is None:
        if isinstance(municipality, int):
            municipality = tenancy.host_map()["by_id"].get(municipality) or municipality
        with tenancy.activate(municipality):
            return email_send_template(
                to=to,
                template=template,
                context=context,
                headers=headers,
                kind=kind,
                municipality=municipality,
            )
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_message.txt", context)
    email_send(
        to=to, subject=subject, body=body, headers=headers, kind=kind, municipality=municipality
    )
