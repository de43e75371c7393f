""" "Beslutet ska skickas till": a matter's distribution list and the expediering of decisions.

The list belongs to the matter (as in the memo's "Beslutet ska skickas till"); every decision on
the matter is sent to it once, when it is recorded. Each sending is one ``DecisionDispatch`` row
(who, when, to whom), unique per decision and recipient: a retried request, a second click or two
clerks at once send nothing twice. An entry with a functional e-mail address gets the decision by
e-mail through the outbox; an entry without one is recorded as expedited by hand (post, internal
mail), which the clerk sees on the decision.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..audit import audit_log
from ..models import Body, Decision, DecisionDispatch, DistributionEntry, VisionProcess
from ..outbox import email_send
from ..services import absolute_url
from .planning import _check_matter

#: At most this many recipients per matter.
MAX_ENTRIES = 40


def entries_of(*, process: VisionProcess, matter: str, target: str = ""):
    return DistributionEntry.objects.filter(
        process=process, matter=matter, target=target
    ).select_related("body")


@transaction.atomic
def distribution_entry_add(
    *,
    process: VisionProcess,
    matter: str,
    actor,
    name: str = "",
    body: Body | None = None,
    email: str = "",
    target: str = "",
) -> DistributionEntry:
    """Put a recipient on the matter's list: a free entry ("Kommunens ledningsgrupp"), a body,
    or both (the body's name is used when no name is given)."""
    _check_matter(process, matter, target)
    if body is not None and body.municipality_id != process.municipality_id:
        raise ValidationError({"body": _("Choose a body of the process's own municipality.")})
    name = " ".join((name or "").split()) or (body.name if body else "")
    if not name:
        raise ValidationError({"name": _("Name the recipient or choose a body.")})
    VisionProcess.objects.select_for_update().filter(pk=process.pk).first()
    existing = entries_of(process=process, matter=matter, target=target)
    if existing.count() >= MAX_ENTRIES:
        raise ValidationError(
            _("A distribution list has at most %(count)s recipients.") % {"count": MAX_ENTRIES}
        )
    entry = DistributionEntry(
        process=process,
        matter=matter,
        target=target,
        name=name,
        body=body,
        email=(email or "").strip().lower(),
        order=(existing.aggregate(last=Max("order"))["last"] or 0) + 1,
    )
    entry.full_clean()
    entry.save()
    audit_log(
        process=process,
        actor=actor,
        action="distribution_entry_added",
        obj=entry,
        matter=matter,
        recipient=name,
    )
    return entry


@transaction.atomic
def distribution_entry_remove(*, entry: DistributionEntry, actor) -> None:
    """Take a recipient off the list. Dispatches already made stay recorded."""
    audit_log(
        process=entry.process,
        actor=actor,
        action="distribution_entry_removed",
        obj=entry,
        matter=entry.matter,
        recipient=entry.name,
    )
    DistributionEntry.objects.filter(pk=entry.pk).delete()


def _message(decision: Decision) -> tuple[str, str]:
    """The notice of the decision, in the municipality's language (Swedish)."""
    process = decision.process
    context = {
        "decision": decision,
        "process": process,
        "url": _absolute(
            reverse("process_detail", kwargs={"slug": process.slug}),
            municipality=process.municipality_id,
        ),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("visionsprocess/decisions/email/dispatch_subject.txt", context)
        body = render_to_string("visionsprocess/decisions/email/dispatch_message.txt", context)
    return " ".join(subject.split()), body


def _absolute(path: str, *, municipality=None) -> str:
    return absolute_url(path, municipality=municipality)


@transaction.atomic
def decision_dispatch(*, decision: Decision, actor, target: str = "") -> list[DecisionDispatch]:
    """Send ``decision`` to every recipient of its matter's list it has not yet been sent to, and
    record each sending. Running it again, or twice at once, sends nothing more."""
    decision = (
        Decision.objects.select_for_update().select_related("process", "body").get(pk=decision.pk)
    )
    sent = set(decision.dispatches.values_list("recipient", flat=True))
    entries = [
        entry
        for entry in entries_of(process=decision.process, matter=decision.matter, target=target)
        if entry.name not in sent
    ]
    if not entries:
        return []
    subject, body = _message(decision)
    now = timezone.now()
    made = []
    for entry in entries:
        try:
            with transaction.atomic():
                dispatch = DecisionDispatch.objects.create(
                    decision=decision,
                    recipient=entry.name,
                    email=entry.email,
                    sent_by=actor if getattr(actor, "pk", None) else None,
                    sent_at=now,
                )
        except IntegrityError:
            continue  # another request recorded this recipient first: it sent the notice
        if entry.email:
            emails = email_send(to=[entry.email], subject=subject, body=body)
            dispatch.email_message = emails[0] if emails else None
            dispatch.save(update_fields=["email_message"])
        made.append(dispatch)
    return made


def dispatches_by_decision(*, decisions) -> dict[int, list[DecisionDispatch]]:
    """The dispatches of ``decisions`` (one query), for the clerk's decisions page."""
    result: dict[int, list[DecisionDispatch]] = {}
    rows = (
        DecisionDispatch.objects.filter(decision__in=decisions)
        .select_related("sent_by", "email_message")
        .order_by("sent_at", "pk")
    )
    for row in rows:
        result.setdefault(row.decision_id, []).append(row)
    return result
