"""Gallring of e-förslag (proposers, supporters, participants who took part only there) and of
the e-mail addresses and private links of consultation answers."""

import datetime as dt

import pytest
from django.utils import timezone

from contributions.models import EProposal, EProposalSupport, Participant
from contributions.retention import REMOVED_KEY
from tests.contributions.discussion_factories import CommentFactory, ParticipantFactory
from tests.contributions.eproposal_factories import EProposalFactory
from tests.contributions.factories import PublishedContributionFactory
from tests.factories import ProcessFactory, ProcessRoleFactory, UserFactory
from tests.visionsprocess.factories_drafting import draft_world
from visionsprocess import retention
from visionsprocess.drafting import services as drafting
from visionsprocess.models import ConsultationAnswer, RetentionRule, Subscriber

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)


def _closed(process, *, keep=True):
    process.retention_rule = RetentionRule.objects.create(
        municipality=process.municipality,
        name="Medborgardialog",
        plan_reference="Informationshanteringsplan KS 2.3",
        months_after_close=24,
        keep_public_text=keep,
    )
    process.closed_on = dt.date(2024, 1, 31)
    process.save()
    return process


def _support(proposal, key, **who):
    return EProposalSupport.objects.create(proposal=proposal, voter_key=key, **who)


def test_proposer_and_supporters_are_anonymised_and_the_counts_stay():
    process = _closed(ProcessFactory())
    proposer = ParticipantFactory(display_name="Karin i Skillingaryd")
    proposal = EProposalFactory(
        process=process, display_name="Karin i Skillingaryd", proposer_participant=proposer
    )
    account = UserFactory()
    _support(proposal, "a" * 64, user=account)
    _support(proposal, "b" * 64, participant=ParticipantFactory(display_name="Ali från Hok"))
    EProposal.objects.filter(pk=proposal.pk).update(support_count=2)

    preview = retention.gallra(process=process, dry_run=True, today=TODAY)
    assert preview.counts["contributions.eproposal_proposers"] == 1
    assert preview.counts["contributions.eproposal_supports"] == 2
    result = retention.gallra(process=process, today=TODAY)

    proposal.refresh_from_db()
    assert (proposal.display_name, proposal.birth_year, proposal.proposer_participant) == (
        "",
        None,
        None,
    )
    assert proposal.title.startswith("Belysning") and proposal.support_count == 2
    supports = EProposalSupport.objects.filter(proposal=proposal)
    assert supports.count() == 2
    assert all(s.voter_key.startswith(REMOVED_KEY) for s in supports)
    assert not supports.filter(user__isnull=False).exists()
    # The two people took part only here: they go, with their addresses.
    assert not Participant.objects.exists() and not Subscriber.objects.exists()
    assert result.counts["contributions.participants"] == 2
    assert retention.preview(process=process).total == 0


def test_a_participant_who_also_took_part_in_another_process_stays():
    process = _closed(ProcessFactory())
    other = ProcessFactory(municipality=process.municipality)
    karin = ParticipantFactory(display_name="Karin")
    EProposalFactory(process=process, proposer_participant=karin)
    CommentFactory(contribution=PublishedContributionFactory(process=other), participant=karin)

    retention.gallra(process=process, today=TODAY)

    karin.refresh_from_db()
    assert karin.display_name == "Karin"
    assert not EProposal.objects.filter(proposer_participant=karin).exists()


def test_a_participant_who_also_commented_here_and_elsewhere_stays():
    process = _closed(ProcessFactory())
    other = ProcessFactory(municipality=process.municipality)
    karin = ParticipantFactory(display_name="Karin")
    CommentFactory(contribution=PublishedContributionFactory(process=process), participant=karin)
    CommentFactory(contribution=PublishedContributionFactory(process=other), participant=karin)

    retention.gallra(process=process, today=TODAY)

    assert Participant.objects.filter(pk=karin.pk).exists()


def test_without_the_public_record_the_texts_of_proposals_go_too():
    process = _closed(ProcessFactory(), keep=False)
    proposal = EProposalFactory(process=process)
    retention.gallra(process=process, today=TODAY)
    proposal.refresh_from_db()
    assert (proposal.title, proposal.what, proposal.why) == ("", "", "")


def test_another_process_keeps_its_proposers():
    process = _closed(ProcessFactory())
    kept = EProposalFactory(process=ProcessFactory(municipality=process.municipality))
    retention.gallra(process=process, today=TODAY)
    kept.refresh_from_db()
    assert kept.display_name == "Karin" and kept.birth_year == 1985


def test_consultation_answers_lose_name_address_and_private_link_but_keep_the_body():
    process = ProcessFactory(current_stage="drafting")
    official = ProcessRoleFactory(process=process, role="official").user
    politician = ProcessRoleFactory(process=process, role="politician").user
    _round, version = draft_world(process, actor=politician)
    consultation = drafting.consultation_send(
        version=version, deadline=timezone.localdate() + dt.timedelta(days=10), actor=official
    )
    drafting.consultation_answer_submit(
        consultation=consultation,
        respondent_name="Kerstin",
        organisation="Vaggeryds Företagarförening",
        email="kerstin@example.org",
        text="Lyft fram näringslivet.",
    )
    _closed(process)

    assert "kerstin@example.org" in retention.process_addresses(process)
    retention.gallra(process=process, today=TODAY)

    answer = ConsultationAnswer.objects.get()
    assert (answer.respondent_name, answer.email, answer.tracking_token) == ("–", "", None)
    assert answer.organisation == "Vaggeryds Företagarförening"
    assert answer.text == "Lyft fram näringslivet."
