"""Writes of e-förslag: the process's rules, a proposal sent in, the official's review, support
(one per person, as "Håller med"), reaching the threshold, expiry and the committee's answer.

Who proposes and who supports is a ``Voice`` of the discussion (a signed-in account, or an
e-mail address confirmed by link), and one person is one ``voter_key``, exactly as for
"Håller med". The proposer and every supporter follow the proposal on their behalf, so what
happens to it (published, refused, reached, answered) reaches them in their daily digest, one
notice per event, never one mail per support.
"""

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from visionsprocess import changes
from visionsprocess.decisions.services import decision_create
from visionsprocess.models import Body, ProcessRole, Role
from visionsprocess.notices.services import follow_implicit
from visionsprocess.services import absolute_url, email_send_template

from .. import eproposal_notices as notices
from ..models import EProposal, EProposalRules, EProposalState, EProposalSupport, RefusalRule
from ..models.eproposals import ANSWER_MAX_LENGTH, TEXT_MAX_LENGTH, TITLE_MAX_LENGTH
from .discussion import Voice, voter_key

logger = logging.getLogger(__name__)

MATTER = "e_proposal"
TITLE_MIN_LENGTH = 5
TEXT_MIN_LENGTH = 10


def rules_of(process) -> EProposalRules | None:
    return EProposalRules.objects.select_related("committee").filter(process=process).first()


def is_open(process) -> bool:
    rules = rules_of(process)
    return bool(rules and rules.is_open)


# --- Rules -------------------------------------------------------------------------------------


@transaction.atomic
def rules_set(
    *,
    process,
    is_open: bool,
    min_age: int,
    residents_only: bool,
    threshold: int,
    period_days: int,
    committee: Body | None,
) -> EProposalRules:
    if committee is not None and committee.municipality_id != process.municipality_id:
        raise ValidationError({"committee": _("Choose a body of the process's own municipality.")})
    if is_open and committee is None:
        raise ValidationError(
            {"committee": _("Choose the committee that handles a proposal that reaches it.")}
        )
    rules, _created = EProposalRules.objects.get_or_create(process=process)
    rules.is_open = bool(is_open)
    rules.min_age = min_age
    rules.residents_only = bool(residents_only)
    rules.threshold = threshold
    rules.period_days = period_days
    rules.committee = committee
    rules.full_clean()
    rules.save()
    changes.record(process=process)
    return rules


# --- Sending one in ----------------------------------------------------------------------------


def _clean_text(value: str, *, field: str, minimum: int, maximum: int, empty: str) -> str:
    value = (value or "").replace("\x00", "").strip()
    if len(value) < minimum:
        raise ValidationError({field: empty})
    if len(value) > maximum:
        raise ValidationError(
            {
                field: _("At most %(limit)s characters (it has %(length)s).")
                % {"limit": maximum, "length": len(value)}
            }
        )
    return value


@transaction.atomic
def eproposal_submit(
    *,
    process,
    voice: Voice,
    title: str,
    what: str,
    why: str,
    birth_year: int,
    resident: bool,
    display_name: str = "",
) -> EProposal:
    """A proposal, waiting for an official's review. Refuses, with the rule, a proposer the
    published rules exclude (too young, not a resident), and a process not open for them."""
    rules = rules_of(process)
    if rules is None or not rules.is_open:
        raise ValidationError(_("This process does not take e-proposals now."))
    if not voice.is_known:
        raise ValidationError(_("Log in, or confirm your e-mail address, to send a proposal."))
    errors = {}
    cleaned = {}
    for field, value, minimum, maximum, empty in (
        ("title", title, TITLE_MIN_LENGTH, TITLE_MAX_LENGTH, _("Give your proposal a title.")),
        ("what", what, TEXT_MIN_LENGTH, TEXT_MAX_LENGTH, _("Write what you propose.")),
        ("why", why, TEXT_MIN_LENGTH, TEXT_MAX_LENGTH, _("Write why you propose it.")),
    ):
        try:
            cleaned[field] = _clean_text(
                value, field=field, minimum=minimum, maximum=maximum, empty=empty
            )
        except ValidationError as error:
            errors.update(error.message_dict)
    this_year = timezone.localdate().year
    if not isinstance(birth_year, int) or not (this_year - 120 <= birth_year <= this_year):
        errors["birth_year"] = [_("Give your year of birth, e.g. 1990.")]
    elif this_year - birth_year < rules.min_age:
        errors["birth_year"] = [
            _("The rules say that a proposer is at least %(age)s years old (this year).")
            % {"age": rules.min_age}
        ]
    if rules.residents_only and not resident:
        errors["resident"] = [
            _("The rules say that a proposer is registered as living in the municipality.")
        ]
    if errors:
        raise ValidationError(errors)
    signed_in = getattr(voice.user, "is_authenticated", False)
    proposal = EProposal(
        process=process,
        proposer=voice.user if signed_in else None,
        proposer_participant=None if signed_in else voice.participant,
        display_name=(display_name or "").strip()[:60],
        birth_year=birth_year,
        resident_declared=bool(resident),
        threshold=rules.threshold,
        committee=rules.committee,
        **cleaned,
    )
    proposal.full_clean(exclude=["process", "proposer", "proposer_participant", "committee"])
    proposal.save()
    if voice.email:
        follow_implicit(target=proposal, email=voice.email, user=voice.user)
    changes.record(process=process)
    return proposal


# --- Review ------------------------------------------------------------------------------------


def _locked(proposal: EProposal) -> EProposal:
    return EProposal.objects.select_for_update().select_related("process").get(pk=proposal.pk)


@transaction.atomic
def eproposal_approve(*, proposal: EProposal, actor) -> EProposal:
    """Published: it collects support for the period of the rules it was sent in under."""
    locked = _locked(proposal)
    if locked.state != EProposalState.SUBMITTED:
        raise ValidationError(_("This proposal has already been reviewed."))
    rules = rules_of(locked.process)
    now = timezone.now()
    period = rules.period_days if rules else 90
    locked.committee = locked.committee or (rules.committee if rules else None)
    if locked.committee is None:
        raise ValidationError(
            _("Choose the committee in the rules before a proposal is published.")
        )
    locked.state = EProposalState.COLLECTING
    locked.reviewed_by = actor
    locked.reviewed_at = now
    locked.published_at = now
    locked.closes_at = now + dt.timedelta(days=period)
    locked.full_clean()
    locked.save()
    notices.state_changed(proposal=locked)
    changes.record(process=locked.process)
    return locked


@transaction.atomic
def eproposal_refuse(*, proposal: EProposal, actor, rule: str, note: str = "") -> EProposal:
    """Not published, with the published rule it breaks and a note to the proposer."""
    if rule not in RefusalRule.values:
        raise ValidationError({"rule": _("Choose the rule the proposal does not follow.")})
    locked = _locked(proposal)
    if locked.state != EProposalState.SUBMITTED:
        raise ValidationError(_("This proposal has already been reviewed."))
    locked.state = EProposalState.REFUSED
    locked.refusal_rule = rule
    locked.refusal_note = (note or "").strip()[:2000]
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    locked.full_clean()
    locked.save()
    notices.state_changed(proposal=locked)
    changes.record(process=locked.process)
    return locked


# --- Support -----------------------------------------------------------------------------------


@transaction.atomic
def eproposal_support(*, proposal: EProposal, voice: Voice) -> tuple[EProposalSupport, bool]:
    """One person's support, once. Refused after the period and before publication. The
    proposal that reaches its threshold becomes a matter for its committee (the clerk is told)."""
    if not voice.is_known:
        raise ValidationError(_("Log in, or confirm your e-mail address, to support a proposal."))
    locked = _locked(proposal)
    if locked.state == EProposalState.COLLECTING and not locked.is_collecting:
        raise ValidationError(_("The period for supporting this proposal is over."))
    if locked.state not in (EProposalState.COLLECTING, EProposalState.REACHED) or (
        locked.closes_at and locked.closes_at <= timezone.now()
    ):
        raise ValidationError(_("This proposal does not collect support now."))
    key = voter_key(voice)
    signed_in = getattr(voice.user, "is_authenticated", False)
    try:
        with transaction.atomic():
            support = EProposalSupport.objects.create(
                proposal=locked,
                voter_key=key,
                user=voice.user if signed_in else None,
                participant=None if signed_in else voice.participant,
            )
    except IntegrityError:
        return EProposalSupport.objects.get(proposal=locked, voter_key=key), False
    EProposal.objects.filter(pk=locked.pk).update(support_count=F("support_count") + 1)
    locked.refresh_from_db(fields=["support_count"])
    if voice.email:
        follow_implicit(target=locked, email=voice.email, user=voice.user)
    if locked.state == EProposalState.COLLECTING and locked.support_count >= locked.threshold:
        _reached(locked)
    changes.record(process=locked.process)
    return support, True


def _reached(proposal: EProposal) -> None:
    proposal.state = EProposalState.REACHED
    proposal.reached_at = timezone.now()
    proposal.save(update_fields=["state", "reached_at", "modified"])
    notices.state_changed(proposal=proposal)
    clerks = list(
        ProcessRole.objects.filter(process=proposal.process, role=Role.CLERK)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .distinct()
    )
    if clerks:
        from django.urls import reverse

        email_send_template(
            to=clerks,
            template="contributions/eproposals/email/reached",
            context={
                "proposal": proposal,
                "process": proposal.process,
                "url": absolute_url(
                    reverse(
                        "contributions:staff_eproposals", kwargs={"slug": proposal.process.slug}
                    )
                ),
            },
            kind="eproposal_reached",
        )


def has_supported(*, proposal: EProposal, voice: Voice) -> bool:
    if not voice.is_known:
        return False
    return EProposalSupport.objects.filter(proposal=proposal, voter_key=voter_key(voice)).exists()


# --- Expiry ------------------------------------------------------------------------------------


def eproposals_expire(*, now=None) -> int:
    """Mark every proposal past its period without reaching the threshold as expired.
    Idempotent: an expired proposal is not collecting, so a second run finds nothing."""
    now = now or timezone.now()
    count = 0
    for pk in list(EProposal.objects.past_period(now).values_list("pk", flat=True)[:1000]):
        with transaction.atomic():
            locked = EProposal.objects.select_for_update().select_related("process").get(pk=pk)
            if locked.state != EProposalState.COLLECTING or locked.closes_at > now:
                continue
            locked.state = EProposalState.EXPIRED
            locked.save(update_fields=["state", "modified"])
            notices.state_changed(proposal=locked)
            changes.record(process=locked.process)
            count += 1
    return count


# --- The committee's answer --------------------------------------------------------------------


@transaction.atomic
def eproposal_answer(
    *,
    proposal: EProposal,
    actor,
    answer: str,
    body: Body | None = None,
    meeting_date: dt.date | None = None,
    paragraph_number: int | None = None,
    dnr: str = "",
    outcome: str = "",
) -> EProposal:
    """Record the committee's decision (unless one is already recorded on the decisions page)
    and publish the answer with it."""
    answer = (answer or "").replace("\x00", "").strip()
    errors = {}
    if len(answer) < TEXT_MIN_LENGTH:
        errors["answer"] = [_("Write the answer to the proposal.")]
    elif len(answer) > ANSWER_MAX_LENGTH:
        errors["answer"] = [
            _("At most %(limit)s characters (it has %(length)s).")
            % {"limit": ANSWER_MAX_LENGTH, "length": len(answer)}
        ]
    locked = _locked(proposal)
    if locked.state == EProposalState.ANSWERED:
        raise ValidationError(_("This proposal has already been answered."))
    if locked.state != EProposalState.REACHED:
        raise ValidationError(_("Only a proposal that reached its threshold is answered here."))
    if locked.decision_id is None and (body is None or meeting_date is None or not outcome):
        errors.setdefault("body", []).append(
            _("Give the committee's decision: body, meeting date and outcome.")
        )
    if errors:
        raise ValidationError(errors)
    if locked.decision_id is None:
        decision = decision_create(
            process=locked.process,
            matter=MATTER,
            target=str(locked.pk),
            body=body,
            meeting_date=meeting_date,
            paragraph_number=paragraph_number,
            dnr=dnr,
            outcome=outcome,
            actor=actor,
        )
        locked.decision = decision
    locked.answer = answer
    locked.answered_at = timezone.now()
    locked.state = EProposalState.ANSWERED
    locked.full_clean(exclude=["decision"])
    locked.save()
    notices.state_changed(proposal=locked)
    changes.record(process=locked.process)
    return locked
