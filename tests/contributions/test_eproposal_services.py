"""Services of e-förslag: sending one in under the rules, review, support once per person,
the threshold, expiry, the committee's answer with its decision, the notices."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from contributions.models import EProposal, EProposalState, EProposalSupport, RefusalRule
from contributions.services import eproposals as services
from contributions.services.discussion import Voice
from tests.contributions.discussion_factories import ParticipantFactory
from tests.contributions.eproposal_factories import EProposalFactory, EProposalRulesFactory
from tests.factories import ProcessFactory, ProcessRoleFactory, UserFactory
from visionsprocess.models import Decision, DecisionOutcome, Follow, Notice, Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def rules():
    return EProposalRulesFactory(process=ProcessFactory())


@pytest.fixture
def process(rules):
    return rules.process


def submit(process, voice=None, **kwargs):
    data = {
        "title": "Belysning längs cykelvägen",
        "what": "Sätt upp belysning längs gång- och cykelvägen.",
        "why": "Det är mörkt på vintern och många cyklar till skolan.",
        "birth_year": 1990,
        "resident": True,
    }
    data.update(kwargs)
    return services.eproposal_submit(
        process=process, voice=voice or Voice(user=UserFactory()), **data
    )


def test_submitted_proposal_waits_for_review_with_the_rules_it_was_sent_under(process, rules):
    proposal = submit(process)
    assert proposal.state == EProposalState.SUBMITTED
    assert proposal.threshold == rules.threshold
    assert proposal.committee == rules.committee
    assert not proposal.is_public


def test_proposer_follows_the_proposal(process):
    user = UserFactory()
    proposal = submit(process, Voice(user=user))
    assert Follow.objects.filter(target_id=proposal.pk, subscriber__email=user.email).exists()


def test_closed_process_refuses_a_proposal():
    process = EProposalRulesFactory(is_open=False, committee=None).process
    with pytest.raises(ValidationError, match="does not take e-proposals"):
        submit(process)


def test_process_without_rules_refuses_a_proposal():
    with pytest.raises(ValidationError):
        submit(ProcessFactory())


def test_unknown_voice_cannot_propose(process):
    with pytest.raises(ValidationError, match="confirm your e-mail"):
        submit(process, Voice(participant=ParticipantFactory(confirmed_at=None)))


def test_too_young_proposer_is_refused_with_the_rule(process):
    year = timezone.localdate().year - 10
    with pytest.raises(ValidationError) as error:
        submit(process, birth_year=year)
    assert "at least 16" in error.value.message_dict["birth_year"][0]
    assert not EProposal.objects.exists()


def test_non_resident_is_refused_when_the_rules_say_residents_only(process):
    with pytest.raises(ValidationError) as error:
        submit(process, resident=False)
    assert "resident" in error.value.message_dict


def test_non_resident_may_propose_when_the_rules_allow_it(process, rules):
    rules.residents_only = False
    rules.save()
    assert submit(process, resident=False).pk


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", ""), ("what", "   "), ("why", "x"), ("title", "x" * 121), ("what", "x" * 4001)],
)
def test_empty_or_oversize_text_is_refused(process, field, value):
    with pytest.raises(ValidationError) as error:
        submit(process, **{field: value})
    assert field in error.value.message_dict


def test_script_is_kept_as_text(process):
    proposal = submit(process, title="<script>alert(1)</script> Lampor")
    assert proposal.title == "<script>alert(1)</script> Lampor"


def test_approve_publishes_for_the_period(process):
    proposal = submit(process)
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    approved = services.eproposal_approve(proposal=proposal, actor=official)
    assert approved.state == EProposalState.COLLECTING
    assert approved.closes_at - approved.published_at == dt.timedelta(days=90)
    assert Notice.objects.filter(key=f"contributions.eproposal:{proposal.pk}:collecting").exists()


def test_approve_twice_is_refused(process):
    proposal = submit(process)
    services.eproposal_approve(proposal=proposal, actor=None)
    with pytest.raises(ValidationError, match="already been reviewed"):
        services.eproposal_approve(proposal=proposal, actor=None)


def test_refusal_keeps_the_rule_and_tells_the_proposer(process):
    proposal = submit(process)
    refused = services.eproposal_refuse(
        proposal=proposal, actor=None, rule=RefusalRule.INDIVIDUAL, note="Det gäller en fastighet."
    )
    assert refused.state == EProposalState.REFUSED
    assert refused.refusal_rule == RefusalRule.INDIVIDUAL
    notice = Notice.objects.get(key=f"contributions.eproposal:{proposal.pk}:refused")
    assert notice.context["rule"] == RefusalRule.INDIVIDUAL


def test_refusal_without_a_rule_is_refused(process):
    proposal = submit(process)
    with pytest.raises(ValidationError):
        services.eproposal_refuse(proposal=proposal, actor=None, rule="no-such-rule")
    proposal.refresh_from_db()
    assert proposal.state == EProposalState.SUBMITTED


def test_support_counts_once_per_person_account_and_address_alike():
    proposal = EProposalFactory(threshold=10)
    user = UserFactory(email="anna@example.org")
    participant = ParticipantFactory(subscriber__email="Anna@Example.org")
    _s, first = services.eproposal_support(proposal=proposal, voice=Voice(user=user))
    _s, second = services.eproposal_support(proposal=proposal, voice=Voice(participant=participant))
    assert (first, second) == (True, False)
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_unconfirmed_address_cannot_support():
    proposal = EProposalFactory()
    with pytest.raises(ValidationError):
        services.eproposal_support(
            proposal=proposal, voice=Voice(participant=ParticipantFactory(confirmed_at=None))
        )
    assert not EProposalSupport.objects.exists()


def test_support_after_the_period_is_refused():
    proposal = EProposalFactory(closes_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="period for supporting"):
        services.eproposal_support(proposal=proposal, voice=Voice(user=UserFactory()))
    proposal.refresh_from_db()
    assert proposal.support_count == 0


@pytest.mark.parametrize("state", [EProposalState.SUBMITTED, EProposalState.REFUSED])
def test_unpublished_proposal_cannot_be_supported(state):
    proposal = EProposalFactory(state=state, refusal_rule=RefusalRule.UNCLEAR)
    with pytest.raises(ValidationError):
        services.eproposal_support(proposal=proposal, voice=Voice(user=UserFactory()))


def test_reaching_the_threshold_makes_a_matter_and_tells_the_clerk(
    django_capture_on_commit_callbacks,
):
    proposal = EProposalFactory(threshold=2)
    clerk = ProcessRoleFactory(process=proposal.process, role=Role.CLERK).user
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            services.eproposal_support(proposal=proposal, voice=Voice(user=UserFactory()))
    proposal.refresh_from_db()
    assert proposal.state == EProposalState.REACHED
    assert proposal.reached_at is not None
    assert [m.to for m in mail.outbox if "threshold" in m.subject] == [[clerk.email]]
    from visionsprocess.registry import decision_matters

    targets = decision_matters.get(services.MATTER).targets(proposal.process)
    assert targets == [(str(proposal.pk), proposal.title)]


def test_supporters_follow_and_hear_once_per_event_not_per_support():
    proposal = EProposalFactory(threshold=3)
    for _ in range(3):
        services.eproposal_support(proposal=proposal, voice=Voice(user=UserFactory()))
    assert Follow.objects.filter(target_id=proposal.pk).count() == 3
    assert Notice.objects.filter(kind="contributions.eproposal").count() == 1


def test_support_goes_on_after_the_threshold_within_the_period():
    proposal = EProposalFactory(threshold=1)
    services.eproposal_support(proposal=proposal, voice=Voice(user=UserFactory()))
    services.eproposal_support(proposal=proposal, voice=Voice(user=UserFactory()))
    proposal.refresh_from_db()
    assert (proposal.state, proposal.support_count) == (EProposalState.REACHED, 2)


def test_expiry_marks_past_proposals_once():
    past = EProposalFactory(closes_at=timezone.now() - dt.timedelta(hours=1))
    current = EProposalFactory()
    assert services.eproposals_expire() == 1
    assert services.eproposals_expire() == 0
    past.refresh_from_db()
    current.refresh_from_db()
    assert past.state == EProposalState.EXPIRED
    assert current.state == EProposalState.COLLECTING


def test_expired_is_shown_before_the_task_runs():
    proposal = EProposalFactory(closes_at=timezone.now() - dt.timedelta(hours=1))
    assert proposal.shown_state == EProposalState.EXPIRED
    assert proposal.days_left == 0


def reached_proposal():
    proposal = EProposalFactory(threshold=1)
    services.eproposal_support(proposal=proposal, voice=Voice(user=UserFactory()))
    proposal.refresh_from_db()
    return proposal


def answer(proposal, **kwargs):
    data = {
        "answer": "Tekniska nämnden beslutar att belysning sätts upp under 2025.",
        "body": proposal.committee,
        "meeting_date": timezone.localdate() - dt.timedelta(days=3),
        "paragraph_number": 45,
        "dnr": "TN 2024/112",
        "outcome": DecisionOutcome.APPROVED,
    }
    data.update(kwargs)
    clerk = ProcessRoleFactory(process=proposal.process, role=Role.CLERK).user
    return services.eproposal_answer(proposal=proposal, actor=clerk, **data)


def test_answer_records_the_decision_and_publishes_the_answer():
    proposal = reached_proposal()
    answered = answer(proposal)
    decision = Decision.objects.get()
    assert answered.state == EProposalState.ANSWERED
    assert answered.decision == decision
    assert decision.matter == services.MATTER
    assert decision.full_reference.endswith("§ 45, Dnr TN 2024/112")
    assert "Belysning" in decision.subject
    assert Notice.objects.filter(key=f"contributions.eproposal:{proposal.pk}:answered").exists()


def test_answer_uses_a_decision_recorded_on_the_decisions_page():
    from visionsprocess.decisions.services import decision_create

    proposal = reached_proposal()
    decision = decision_create(
        process=proposal.process,
        matter=services.MATTER,
        target=str(proposal.pk),
        body=proposal.committee,
        meeting_date=timezone.localdate(),
        paragraph_number=7,
        dnr="",
        outcome=DecisionOutcome.REJECTED,
        actor=UserFactory(),
    )
    proposal.refresh_from_db()
    assert proposal.decision == decision
    answered = services.eproposal_answer(
        proposal=proposal, actor=None, answer="Nämnden avslår förslaget, se beslutet."
    )
    assert answered.decision == decision
    assert Decision.objects.count() == 1


def test_answer_without_a_decision_is_refused_and_nothing_changes():
    proposal = reached_proposal()
    with pytest.raises(ValidationError):
        services.eproposal_answer(proposal=proposal, actor=None, answer="Ett svar utan beslut.")
    proposal.refresh_from_db()
    assert proposal.state == EProposalState.REACHED
    assert not Decision.objects.exists()


def test_answer_with_a_future_date_is_refused():
    proposal = reached_proposal()
    with pytest.raises(ValidationError):
        answer(proposal, meeting_date=timezone.localdate() + dt.timedelta(days=5))
    proposal.refresh_from_db()
    assert proposal.state == EProposalState.REACHED


def test_answer_twice_is_refused():
    proposal = reached_proposal()
    answer(proposal)
    with pytest.raises(ValidationError, match="already been answered"):
        answer(proposal, paragraph_number=46)


def test_collecting_proposal_cannot_be_answered():
    proposal = EProposalFactory()
    with pytest.raises(ValidationError):
        answer(proposal)


def test_answered_proposal_is_a_deed():
    from visionsprocess.outcome import outcome_deeds

    proposal = reached_proposal()
    answer(proposal)
    deeds = [d for d in outcome_deeds.deeds(proposal.process) if d.title == proposal.title]
    assert len(deeds) == 1
    assert "TN" in deeds[0].text


def test_rules_need_a_committee_of_the_own_municipality_to_open():
    process = ProcessFactory()
    with pytest.raises(ValidationError):
        services.rules_set(
            process=process,
            is_open=True,
            min_age=16,
            residents_only=True,
            threshold=100,
            period_days=90,
            committee=None,
        )


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("collecting", "är publicerat och samlar stöd"),
        ("refused", "Regeln: Det är reklam eller kommersiellt"),
        ("reached", "är nu ett ärende för Tekniska nämnden"),
        ("expired", "nådde inte 3 stöd i tid"),
    ],
)
def test_digest_item_says_what_happened_in_swedish(state, expected):
    from django.utils import translation

    from visionsprocess.notices.digest import _render_item

    proposal = EProposalFactory(
        state=EProposalState.SUBMITTED if state == "collecting" else state,
        refusal_rule=RefusalRule.COMMERCIAL if state == "refused" else "",
    )
    if state == "collecting":
        proposal = services.eproposal_approve(proposal=proposal, actor=None)
    else:
        from contributions import eproposal_notices

        eproposal_notices.state_changed(proposal=proposal)
    notice = Notice.objects.get(key=f"contributions.eproposal:{proposal.pk}:{state}")
    with translation.override("sv"):
        headline, rest = _render_item(notice)
    assert expected in f"{headline}\n{rest}"
    assert proposal.title in headline


def test_two_supports_at_once_from_one_person_count_once():
    """The other request's row is already there (it committed between our check and insert):
    the unique constraint keeps one row and the counter does not move."""
    from contributions.services.discussion import voter_key

    proposal = EProposalFactory(threshold=10)
    voice = Voice(user=UserFactory())
    EProposalSupport.objects.create(proposal=proposal, voter_key=voter_key(voice))
    _support, new = services.eproposal_support(proposal=proposal, voice=voice)
    assert new is False
    assert EProposalSupport.objects.filter(proposal=proposal).count() == 1
    proposal.refresh_from_db()
    assert proposal.support_count == 0
