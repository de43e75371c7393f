"""Pages of e-förslag: the list, a proposal's page and its support button, the form with its
error summary, the proposer's private page, the officials' review and the clerk's answer; bad
input answered with a message in the interface's language, never a 500."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contributions.models import EProposal, EProposalState, EProposalSupport, RefusalRule
from tests.conftest import set_rate
from tests.contributions.eproposal_factories import EProposalFactory, EProposalRulesFactory
from tests.factories import ProcessFactory, ProcessRoleFactory, UserFactory
from visionsprocess.models import Decision, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules():
    return EProposalRulesFactory(process=ProcessFactory())


@pytest.fixture
def process(rules):
    return rules.process


def signed_in(user=None):
    client = Client()
    client.force_login(user or UserFactory())
    return client


def page_url(proposal, name="eproposal"):
    return reverse(
        f"contributions:{name}", kwargs={"slug": proposal.process.slug, "pk": proposal.pk}
    )


def new_url(process):
    return reverse("contributions:eproposal_new", kwargs={"slug": process.slug})


FORM = {
    "title": "Belysning längs cykelvägen",
    "what": "Sätt upp belysning längs gång- och cykelvägen.",
    "why": "Det är mörkt på vintern och många cyklar till skolan.",
    "birth_year": "1990",
    "resident": "on",
}


# --- The list and the page --------------------------------------------------------------------


def test_list_shows_published_proposals_and_not_waiting_ones(client, process):
    EProposalFactory(process=process, title="Lampor vid Lagan")
    EProposalFactory(process=process, title="Väntande förslag", state=EProposalState.SUBMITTED)
    html = client.get(reverse("contributions:eproposals", args=[process.slug])).content.decode()
    assert "Lampor vid Lagan" in html
    assert "Väntande förslag" not in html
    assert "Samlar stöd" in html


def test_list_costs_the_same_queries_with_more_proposals(
    client, process, django_assert_max_num_queries
):
    list_url = reverse("contributions:eproposals", args=[process.slug])
    EProposalFactory(process=process)
    client.get(list_url)
    for _ in range(10):
        EProposalFactory(process=process)
    with django_assert_max_num_queries(12):
        assert client.get(list_url).status_code == 200


def test_page_shows_count_days_left_and_committee(client):
    proposal = EProposalFactory(support_count=1)
    html = client.get(page_url(proposal)).content.decode()
    assert "Tekniska nämnden" in html
    assert "dagar kvar" in html
    assert 'id="support-count">1<' in html


@pytest.mark.parametrize("state", [EProposalState.SUBMITTED, EProposalState.REFUSED])
def test_unpublished_proposal_is_404(client, state):
    proposal = EProposalFactory(state=state, refusal_rule=RefusalRule.UNCLEAR)
    assert client.get(page_url(proposal)).status_code == 404


def test_proposal_of_another_process_is_404(client):
    proposal = EProposalFactory()
    other = ProcessFactory()
    url = reverse("contributions:eproposal", kwargs={"slug": other.slug, "pk": proposal.pk})
    assert client.get(url).status_code == 404


def test_script_in_a_proposal_is_escaped(client):
    proposal = EProposalFactory(title="<script>alert(1)</script>", why="<b>fet</b>")
    html = client.get(page_url(proposal)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;fet" in html


# --- Support ----------------------------------------------------------------------------------


def test_support_counts_and_a_second_is_told_in_swedish():
    proposal = EProposalFactory(threshold=10)
    client = signed_in()
    client.post(page_url(proposal, "eproposal_support"))
    response = client.post(page_url(proposal, "eproposal_support"), follow=True)
    assert "Du stöder redan" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_support_with_htmx_answers_the_block():
    proposal = EProposalFactory(threshold=10)
    response = signed_in().post(page_url(proposal, "eproposal_support"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and 'id="stod"' in html and "<html" not in html
    assert 'id="support-count">1<' in html


def test_anonymous_support_saves_nothing_and_says_how(client):
    proposal = EProposalFactory()
    response = client.post(page_url(proposal, "eproposal_support"), follow=True)
    assert "Logga in" in response.content.decode()
    assert not EProposalSupport.objects.exists()


def test_support_after_the_period_is_a_message_not_an_error():
    proposal = EProposalFactory(closes_at=timezone.now() - dt.timedelta(hours=1))
    response = signed_in().post(page_url(proposal, "eproposal_support"), follow=True)
    assert response.status_code == 200
    assert "Tiden för att stödja förslaget är slut" in response.content.decode()
    assert not EProposalSupport.objects.exists()


def test_support_message_is_english_in_the_english_interface():
    proposal = EProposalFactory(closes_at=timezone.now() - dt.timedelta(hours=1))
    client = signed_in()
    client.cookies["vp_language"] = "en"
    response = client.post(page_url(proposal, "eproposal_support"), follow=True)
    assert "The period for supporting this proposal is over" in response.content.decode()


def test_a_flood_of_support_from_one_client_is_429(settings):
    set_rate(settings, "contributions.eproposal_support", "2/h")
    proposal = EProposalFactory(threshold=100)
    for _ in range(2):
        signed_in().post(page_url(proposal, "eproposal_support"))
    response = signed_in().post(page_url(proposal, "eproposal_support"))
    assert response.status_code == 429
    assert EProposalSupport.objects.count() == 2


def test_a_flood_to_one_proposal_is_429(settings):
    set_rate(settings, "contributions.eproposal_target", "2/h")
    proposal = EProposalFactory(threshold=100)
    for n in range(2):
        signed_in().post(page_url(proposal, "eproposal_support"), REMOTE_ADDR=f"10.0.0.{n}")
    response = signed_in().post(
        page_url(proposal, "eproposal_support"), REMOTE_ADDR="10.0.0.9", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 429 and response["Retry-After"]
    assert EProposalSupport.objects.count() == 2


# --- The form ---------------------------------------------------------------------------------


def test_form_sends_the_proposal_and_shows_the_private_receipt(process):
    user = UserFactory()
    response = signed_in(user).post(new_url(process), FORM, follow=True)
    proposal = EProposal.objects.get()
    assert proposal.proposer == user and proposal.state == EProposalState.SUBMITTED
    html = response.content.decode()
    assert "din privata länk" in html
    assert response.redirect_chain[-1][0].endswith(proposal.tracking_token + "/")


def test_form_errors_keep_the_input_and_summarise(process):
    data = {**FORM, "what": "", "birth_year": str(timezone.localdate().year - 10)}
    response = signed_in().post(new_url(process), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="form-errors"' in html
    assert "Belysning längs cykelvägen" in html
    assert "minst 16 år" in html
    assert not EProposal.objects.exists()


def test_oversize_text_is_a_swedish_message(process):
    response = signed_in().post(new_url(process), {**FORM, "why": "x" * 4001})
    assert "Högst 4000 tecken" in response.content.decode()
    assert not EProposal.objects.exists()


def test_wrong_type_of_birth_year_is_a_message(process):
    response = signed_in().post(new_url(process), {**FORM, "birth_year": "nittio"})
    assert response.status_code == 200
    assert not EProposal.objects.exists()


def test_anonymous_form_keeps_the_text_and_asks_to_log_in(client, process):
    response = client.post(new_url(process), FORM)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Belysning längs cykelvägen" in html
    assert not EProposal.objects.exists()


def test_closed_process_says_so(client):
    process = EProposalRulesFactory(is_open=False, committee=None).process
    response = client.get(new_url(process))
    assert "tar inte emot nya e-förslag" in response.content.decode()


def test_a_flood_of_proposals_is_429_and_the_text_kept(process, settings):
    set_rate(settings, "contributions.eproposal", "1/h")
    client = signed_in()
    client.post(new_url(process), FORM)
    response = client.post(new_url(process), {**FORM, "title": "Det andra förslaget"})
    assert response.status_code == 429
    assert "Det andra förslaget" in response.content.decode()
    assert EProposal.objects.count() == 1


def test_forged_private_link_is_404(client):
    EProposalFactory()
    url = reverse("contributions:eproposal_track", kwargs={"token": "forged"})
    assert client.get(url).status_code == 404


def test_refusal_is_shown_with_its_rule_on_the_private_page(client):
    proposal = EProposalFactory(
        state=EProposalState.REFUSED, refusal_rule=RefusalRule.COMMERCIAL, refusal_note="Reklam."
    )
    url = reverse("contributions:eproposal_track", kwargs={"token": proposal.tracking_token})
    html = client.get(url).content.decode()
    assert "reklam eller kommersiellt" in html


def test_my_pages_list_a_signed_in_proposers_proposals(process):
    user = UserFactory()
    EProposalFactory(process=process, proposer=user, title="Mitt förslag om lampor")
    html = signed_in(user).get(reverse("my_pages")).content.decode()
    assert "Mitt förslag om lampor" in html


def test_process_page_links_to_the_eproposals(client, process):
    html = client.get(process.get_absolute_url()).content.decode()
    assert reverse("contributions:eproposals", args=[process.slug]) in html


# --- The officials' side ----------------------------------------------------------------------


def staff_url(process, name, **kwargs):
    return reverse(f"contributions:{name}", kwargs={"slug": process.slug, **kwargs})


def test_official_publishes_a_proposal(process):
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    proposal = EProposalFactory(process=process, state=EProposalState.SUBMITTED)
    response = signed_in(official).post(
        staff_url(process, "staff_eproposal_review", pk=proposal.pk),
        {f"r{proposal.pk}-action": "approve"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == EProposalState.COLLECTING


def test_refusal_without_a_rule_brings_the_form_back(process):
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    proposal = EProposalFactory(process=process, state=EProposalState.SUBMITTED)
    response = signed_in(official).post(
        staff_url(process, "staff_eproposal_review", pk=proposal.pk),
        {f"r{proposal.pk}-action": "refuse"},
    )
    assert response.status_code == 200
    assert "Välj regeln" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == EProposalState.SUBMITTED


def test_clerk_records_the_decision_and_publishes_the_answer(client, process):
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    proposal = EProposalFactory(process=process, state=EProposalState.REACHED, support_count=3)
    p = f"a{proposal.pk}-"
    response = signed_in(clerk).post(
        staff_url(process, "staff_eproposal_answer", pk=proposal.pk),
        {
            p + "answer": "Tekniska nämnden bifaller förslaget. Belysning sätts upp 2025.",
            p + "body": proposal.committee_id,
            p + "meeting_date": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
            p + "paragraph_number": "45",
            p + "dnr": "TN 2024/112",
            p + "outcome": "approved",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    html = client.get(page_url(proposal)).content.decode()
    assert "Belysning sätts upp 2025" in html and "TN 2024/112" in html and "§ 45" in html
    decisions_html = signed_in(clerk).get(reverse("staff:decisions", args=[process.slug]))
    assert decision.dnr in decisions_html.content.decode()


def test_answer_with_a_future_date_keeps_the_answer(process):
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    proposal = EProposalFactory(process=process, state=EProposalState.REACHED)
    p = f"a{proposal.pk}-"
    response = signed_in(clerk).post(
        staff_url(process, "staff_eproposal_answer", pk=proposal.pk),
        {
            p + "answer": "Ett svar som inte får gå förlorat.",
            p + "body": proposal.committee_id,
            p + "meeting_date": (timezone.localdate() + dt.timedelta(days=9)).isoformat(),
            p + "outcome": "approved",
        },
    )
    assert response.status_code == 200
    assert "Ett svar som inte får gå förlorat." in response.content.decode()
    assert not Decision.objects.exists()


def test_rules_are_saved_by_an_official(process, rules):
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    response = signed_in(official).post(
        staff_url(process, "staff_eproposal_rules"),
        {
            "is_open": "on",
            "min_age": "15",
            "threshold": "200",
            "period_days": "60",
            "committee": rules.committee_id,
        },
    )
    assert response.status_code == 302
    rules.refresh_from_db()
    assert (rules.threshold, rules.period_days, rules.min_age, rules.residents_only) == (
        200,
        60,
        15,
        False,
    )


def test_rules_with_a_period_too_long_are_refused(process, rules):
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    response = signed_in(official).post(
        staff_url(process, "staff_eproposal_rules"),
        {"is_open": "on", "min_age": "15", "threshold": "100", "period_days": "9999"},
    )
    assert response.status_code == 200
    rules.refresh_from_db()
    assert rules.period_days == 90


def test_answer_to_a_proposal_still_collecting_is_a_message(process):
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    proposal = EProposalFactory(process=process)
    response = signed_in(clerk).post(
        staff_url(process, "staff_eproposal_answer", pk=proposal.pk),
        {f"a{proposal.pk}-answer": "Ett svar för tidigt."},
        follow=True,
    )
    assert response.status_code == 200
    assert "nått sin gräns" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == EProposalState.COLLECTING


def test_review_twice_at_once_is_a_message(process):
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    proposal = EProposalFactory(process=process)  # a colleague published it already
    response = signed_in(official).post(
        staff_url(process, "staff_eproposal_review", pk=proposal.pk),
        {f"r{proposal.pk}-action": "approve"},
        follow=True,
    )
    assert "redan granskat" in response.content.decode()


def test_staff_page_costs_the_same_queries_with_more_proposals(process):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    client = signed_in(official)
    url = staff_url(process, "staff_eproposals")
    EProposalFactory(process=process, state=EProposalState.SUBMITTED)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for state in (EProposalState.SUBMITTED, EProposalState.REACHED, EProposalState.EXPIRED):
        for _ in range(3):
            EProposalFactory(process=process, state=state)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) <= len(few)


def test_staff_process_page_tells_what_waits(process):
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    EProposalFactory(process=process, state=EProposalState.REACHED)
    html = signed_in(clerk).get(reverse("staff:process", args=[process.slug])).content.decode()
    assert "1 att besvara" in html
    assert staff_url(process, "staff_eproposals") in html
