"""The municipality's own e-förslag (``/e-forslag/``): opened by its administrator, rules set on
the standing process's staff page, proposed, reviewed, supported once per person, the threshold
making a matter for the clerk, the answer with a core decision; never listed among the
processes, never seen at another municipality's host; gallring proposal by proposal; bad input
answered, never a 500."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contributions.models import EProposal, EProposalState, EProposalSupport, MunicipalEProposals
from contributions.retention_municipal_eproposals import gallra_municipal_eproposals
from contributions.services import eproposals as services
from contributions.services.discussion import Voice, voter_key
from contributions.services.municipal_eproposals import (
    municipal_eproposals_open,
    municipal_process,
)
from tests.contributions.eproposal_factories import (
    CommitteeFactory,
    EProposalFactory,
    EProposalRulesFactory,
)
from tests.factories import MunicipalityFactory, ProcessFactory, ProcessRoleFactory, UserFactory
from visionsprocess.models import (
    Decision,
    HostName,
    MunicipalityRole,
    MunicipalityRoleKind,
    RetentionRule,
    Role,
    VisionProcess,
)

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Belysning längs cykelvägen",
    "what": "Sätt upp belysning längs gång- och cykelvägen.",
    "why": "Det är mörkt på vintern och många cyklar till skolan.",
    "birth_year": "1990",
    "resident": "on",
}


def signed_in(user=None, host=None):
    client = Client(HTTP_HOST=host) if host else Client()
    client.force_login(user or UserFactory())
    return client


@pytest.fixture
def municipality():
    return ProcessFactory().municipality  # the first municipality, at ``testserver``


@pytest.fixture
def admin(municipality):
    user = UserFactory()
    MunicipalityRole.objects.create(
        municipality=municipality, user=user, role=MunicipalityRoleKind.ADMIN
    )
    return user


@pytest.fixture
def standing(municipality):
    process = municipal_eproposals_open(municipality=municipality)
    EProposalRulesFactory(process=process, threshold=2)
    return process


# --- Opening -----------------------------------------------------------------------------------


def test_opening_twice_makes_one_unlisted_published_process(municipality):
    first = municipal_eproposals_open(municipality=municipality)
    again = municipal_eproposals_open(municipality=municipality)
    assert first == again
    assert MunicipalEProposals.objects.count() == 1
    assert first.is_public and not first.listed
    assert first not in VisionProcess.objects.public()
    assert municipal_process(municipality=municipality) == first


def test_opening_takes_a_free_address_and_the_municipalitys_retention_rule(municipality):
    ProcessFactory(municipality=municipality, slug="e-forslag")
    rule = RetentionRule.objects.create(
        municipality=municipality, name="E-förslag", plan_reference="KS 1.1", months_after_close=24
    )
    process = municipal_eproposals_open(municipality=municipality)
    assert process.slug == "e-forslag-2"
    assert process.retention_rule == rule


def test_administrator_opens_them_and_lands_on_the_rules(client, municipality, admin):
    client.force_login(admin)
    page = client.get(reverse("contributions:staff_municipal_eproposals"))
    assert page.status_code == 200
    assert "Skapa sidan för e-förslag" in page.content.decode()
    response = client.post(reverse("contributions:staff_municipal_eproposals_open"))
    process = municipal_process(municipality=municipality)
    assert response.url == reverse("contributions:staff_eproposals", args=[process.slug])
    committee = CommitteeFactory(municipality=municipality)
    response = client.post(
        reverse("contributions:staff_eproposal_rules", args=[process.slug]),
        {
            "is_open": "on",
            "min_age": "15",
            "residents_only": "on",
            "threshold": "50",
            "period_days": "60",
            "committee": committee.pk,
        },
    )
    assert response.status_code == 302
    rules = services.rules_of(process)
    assert (rules.is_open, rules.min_age, rules.threshold, rules.committee) == (
        True,
        15,
        50,
        committee,
    )
    # Opened: the page sends the administrator to the rules.
    again = client.get(reverse("contributions:staff_municipal_eproposals"))
    assert again.url == reverse("contributions:staff_eproposals", args=[process.slug])


def test_process_administrator_alone_cannot_open_them(municipality):
    process_admin = ProcessRoleFactory(role=Role.ADMIN).user
    response = signed_in(process_admin).post(
        reverse("contributions:staff_municipal_eproposals_open")
    )
    assert response.status_code == 403
    assert not MunicipalEProposals.objects.exists()


# --- Citizens' pages ---------------------------------------------------------------------------


def test_no_page_before_they_are_opened(client, municipality):
    assert client.get("/e-forslag/").status_code == 404
    assert client.get("/e-forslag/nytt/").status_code == 404


def test_whole_journey_reuses_the_services(standing, django_capture_on_commit_callbacks):
    proposer = UserFactory()
    response = signed_in(proposer).post("/e-forslag/nytt/", FORM)
    proposal = EProposal.objects.get()
    assert response.url == reverse("contributions:eproposal_track", args=[proposal.tracking_token])
    assert proposal.process == standing and proposal.state == EProposalState.SUBMITTED
    services.eproposal_approve(proposal=proposal, actor=UserFactory())
    clerk = ProcessRoleFactory(process=standing, role=Role.CLERK).user
    # Supported at the municipality's address, once per person.
    page = f"/e-forslag/{proposal.pk}/"
    supporter = signed_in()
    assert supporter.post(page + "stod/").url == page + "#stod"
    supporter.post(page + "stod/")
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        signed_in().post(page + "stod/")
    proposal.refresh_from_db()
    assert proposal.state == EProposalState.REACHED
    staff = signed_in(clerk).get(reverse("contributions:staff_eproposals", args=[standing.slug]))
    assert proposal.title in staff.content.decode()
    services.eproposal_answer(
        proposal=proposal,
        actor=clerk,
        answer="Nämnden bifaller förslaget och sätter upp belysning.",
        body=proposal.committee,
        meeting_date=timezone.localdate(),
        paragraph_number=12,
        dnr="TN 2026/14",
        outcome="approved",
    )
    decision = Decision.objects.get()
    assert decision.process == standing and decision.paragraph_number == 12
    html = Client().get(page).content.decode()
    assert "Nämnden bifaller förslaget" in html
    assert "TN 2026/14" in html


def test_list_and_page_link_to_the_short_addresses(client, standing):
    proposal = EProposalFactory(process=standing, title="Lampor vid Lagan")
    html = client.get("/e-forslag/").content.decode()
    assert f'href="/e-forslag/{proposal.pk}/"' in html
    assert 'href="/e-forslag/nytt/"' in html
    assert standing.get_absolute_url() not in html  # no crumb to the standing process
    detail = client.get(f"/e-forslag/{proposal.pk}/").content.decode()
    assert f"/e-forslag/{proposal.pk}/stod/" in detail


def test_standing_process_is_not_listed_but_open_now_points_to_it(client, standing):
    EProposalFactory(process=standing)
    html = client.get("/").content.decode()
    assert standing.title not in html.split('id="processes-heading"')[1]
    open_now = html.split('id="open-now"')[1].split("</section>")[0]
    assert 'href="/e-forslag/"' in open_now
    assert "stöd det som samlar stöd nu" in open_now  # one: no "stöd 1 som samlar stöd"


def test_list_costs_the_same_queries_with_more_proposals(
    client, standing, django_assert_max_num_queries
):
    EProposalFactory(process=standing)
    client.get("/e-forslag/")
    with django_assert_max_num_queries(13) as few:
        client.get("/e-forslag/")
    for _ in range(8):
        EProposalFactory(
            process=standing, committee=CommitteeFactory(municipality=standing.municipality)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/e-forslag/")
    assert response.content.decode().count('class="fw-semibold"') >= 9


# --- Bad input ---------------------------------------------------------------------------------


def test_script_in_the_title_is_shown_as_text(client, standing):
    EProposalFactory(process=standing, title="<script>alert(1)</script> Lampor")
    html = client.get("/e-forslag/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Lampor" in html


@pytest.mark.parametrize(
    ("change", "field_message"),
    [
        ({"birth_year": str(timezone.localdate().year - 10)}, "minst 16 år"),
        ({"resident": ""}, "folkbokförd"),
    ],
)
def test_too_young_or_not_a_resident_is_refused_with_the_rule(standing, change, field_message):
    response = signed_in().post("/e-forslag/nytt/", {**FORM, **change})
    assert response.status_code == 200
    assert field_message in response.content.decode()
    assert not EProposal.objects.exists()


def test_support_twice_counts_once(standing):
    proposal = EProposalFactory(process=standing, threshold=10)
    client = signed_in()
    client.post(f"/e-forslag/{proposal.pk}/stod/")
    response = client.post(f"/e-forslag/{proposal.pk}/stod/", follow=True)
    assert "Varje person stöder det en gång" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_two_people_supporting_at_once_both_count(standing):
    """Two supports, each in its own transaction, behind the proposal's row lock: both count,
    and a repeated one from the same person (its row already there) counts once."""
    proposal = EProposalFactory(process=standing, threshold=10)
    anna, bo = Voice(user=UserFactory()), Voice(user=UserFactory())
    EProposalSupport.objects.create(proposal=proposal, voter_key=voter_key(anna))
    EProposal.objects.filter(pk=proposal.pk).update(support_count=1)
    assert services.eproposal_support(proposal=proposal, voice=anna)[1] is False
    assert services.eproposal_support(proposal=proposal, voice=bo)[1] is True
    proposal.refresh_from_db()
    assert proposal.support_count == 2


def test_support_of_an_unpublished_proposal_is_not_there(standing):
    proposal = EProposalFactory(process=standing, state=EProposalState.SUBMITTED)
    assert signed_in().post(f"/e-forslag/{proposal.pk}/stod/").status_code == 404


def test_committee_of_another_municipality_is_refused(standing):
    with pytest.raises(ValidationError):
        services.rules_set(
            process=standing,
            is_open=True,
            min_age=16,
            residents_only=True,
            threshold=10,
            period_days=30,
            committee=CommitteeFactory(
                municipality=MunicipalityFactory(name="Vansbro kommun", code="2021")
            ),
        )


# --- Tenancy -----------------------------------------------------------------------------------


def test_vansbros_e_proposals_are_not_at_vaggeryds_host():
    vaggeryd = MunicipalityFactory(name="Vaggeryds kommun", code="0682")
    vansbro = MunicipalityFactory(name="Vansbro kommun", code="2021")
    HostName.objects.create(municipality=vaggeryd, host="dialog.vaggeryd.test", is_primary=True)
    HostName.objects.create(municipality=vansbro, host="dialog.vansbro.test", is_primary=True)
    theirs = municipal_eproposals_open(municipality=vansbro)
    EProposalRulesFactory(process=theirs)
    proposal = EProposalFactory(process=theirs, title="Skidspår i Dala-Järna")
    at_vansbro = Client(HTTP_HOST="dialog.vansbro.test")
    assert "Skidspår i Dala-Järna" in at_vansbro.get("/e-forslag/").content.decode()
    at_vaggeryd = Client(HTTP_HOST="dialog.vaggeryd.test")
    assert at_vaggeryd.get("/e-forslag/").status_code == 404
    assert at_vaggeryd.get(f"/e-forslag/{proposal.pk}/").status_code == 404
    ours = municipal_eproposals_open(municipality=vaggeryd)
    EProposalRulesFactory(process=ours)
    html = at_vaggeryd.get("/e-forslag/").content.decode()
    assert "Skidspår i Dala-Järna" not in html
    assert at_vaggeryd.get(f"/e-forslag/{proposal.pk}/").status_code == 404
    assert at_vaggeryd.post(f"/e-forslag/{proposal.pk}/stod/").status_code in (302, 404)
    assert "Skidspår" not in at_vaggeryd.get("/").content.decode()
    vansbro_admin = UserFactory()
    MunicipalityRole.objects.create(
        municipality=vansbro, user=vansbro_admin, role=MunicipalityRoleKind.ADMIN
    )
    response = signed_in(vansbro_admin, host="dialog.vaggeryd.test").get(
        reverse("contributions:staff_municipal_eproposals")
    )
    assert response.status_code == 403


# --- Gallring ----------------------------------------------------------------------------------


def test_gallring_removes_a_finished_proposals_personal_data_after_the_rule(standing):
    rule = RetentionRule.objects.create(
        municipality=standing.municipality,
        name="E-förslag",
        plan_reference="KS 1.1",
        months_after_close=12,
        keep_public_text=True,
    )
    VisionProcess.objects.filter(pk=standing.pk).update(retention_rule=rule)
    long_ago = timezone.now() - dt.timedelta(days=400)
    old = EProposalFactory(
        process=standing,
        state=EProposalState.ANSWERED,
        answer="Bifall.",
        answered_at=long_ago,
        proposer=UserFactory(),
    )
    recent = EProposalFactory(
        process=standing,
        state=EProposalState.ANSWERED,
        answer="Bifall.",
        answered_at=timezone.now(),
    )
    collecting = EProposalFactory(process=standing)
    supporter = Voice(user=UserFactory())
    for proposal in (old, recent):
        EProposalSupport.objects.create(
            proposal=proposal, voter_key=voter_key(supporter), user=supporter.user
        )
    assert gallra_municipal_eproposals() == 1
    old.refresh_from_db()
    assert (old.display_name, old.birth_year, old.proposer) == ("", None, None)
    assert old.title and old.answer  # the public record stays
    assert not old.supports.filter(user__isnull=False).exists()
    assert EProposalSupport.objects.filter(proposal=old).count() == 1
    recent.refresh_from_db()
    collecting.refresh_from_db()
    assert recent.display_name == "Karin" and recent.supports.get().user == supporter.user
    assert collecting.birth_year == 1985
    assert gallra_municipal_eproposals() == 0  # idempotent


def test_gallring_without_a_rule_keeps_everything(standing):
    EProposalFactory(
        process=standing,
        state=EProposalState.ANSWERED,
        answer="Bifall.",
        answered_at=timezone.now() - dt.timedelta(days=4000),
    )
    assert gallra_municipal_eproposals() == 0


def test_staff_start_page_links_the_administrator_to_them(municipality, admin):
    html = signed_in(admin).get(reverse("staff:home")).content.decode()
    assert reverse("contributions:staff_municipal_eproposals") in html
    official = ProcessRoleFactory(role=Role.OFFICIAL).user
    other = signed_in(official).get(reverse("staff:home")).content.decode()
    assert reverse("contributions:staff_municipal_eproposals") not in other


def test_digest_link_is_the_short_address(standing):
    from contributions.eproposal_notices import proposal_url

    proposal = EProposalFactory(process=standing)
    assert proposal_url(proposal).endswith(f"/e-forslag/{proposal.pk}/")


def test_open_now_counts_the_proposals_collecting_support(client, standing):
    EProposalFactory(process=standing)
    EProposalFactory(process=standing, title="Fler bänkar längs Lagan")
    open_now = client.get("/").content.decode().split('id="open-now"')[1].split("</section>")[0]
    assert "stöd något av de 2 som samlar stöd" in open_now
