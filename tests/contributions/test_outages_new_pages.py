"""The pages added last stop with Redis (the cache) or the Celery broker down: the discussion of a
paragraph of a draft on consultation, the synthesis (public and staff), the municipality's
e-förslag (``/e-forslag/``, ``/staff/e-forslag/``). Each page answers (never a 500); what a
citizen sends (a paragraph comment, an address to take part with, an e-förslag and its support)
is saved, and its follow-up work (the confirmation e-mail, the clerk's e-mail when a proposal
reaches its threshold, the spam score) waits in the outbox and is done when the broker is back.
"Down" is a port nothing listens on (``DEAD_REDIS_URL``); the cache fails open."""

import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contributions.models import (
    Comment,
    ContributionTheme,
    EProposal,
    EProposalState,
    EProposalSupport,
    ModerationState,
    Participant,
    Support,
)
from contributions.selectors.synthesis import draft_of
from contributions.services import synthesis as synthesis_services
from contributions.services.municipal_eproposals import municipal_eproposals_open
from tests.conftest import DEAD_REDIS_URL, PRODUCTION_RATE_LIMITS, REDIS_URL
from tests.contributions.eproposal_factories import EProposalFactory, EProposalRulesFactory
from tests.contributions.factories import ContributionFactory, ThemeFactory
from tests.contributions.paragraph_world import page_url, world_fixture  # noqa: F401 (fixture)
from tests.factories import ProcessRoleFactory, UserFactory
from visionsprocess import outbox
from visionsprocess.models import (
    EmailStatus,
    MunicipalityRole,
    MunicipalityRoleKind,
    OutboxTask,
    OutgoingEmail,
    Role,
)

pytestmark = pytest.mark.django_db

PROPOSAL = {
    "title": "Belysning längs cykelvägen",
    "what": "Sätt upp belysning längs gång- och cykelvägen till Skillingaryd.",
    "why": "Det är mörkt på vintern och många cyklar till skolan.",
    "birth_year": "1990",
    "resident": "on",
}


def _cache_settings(url):
    return {
        "default": {
            "BACKEND": "visionsprocess.cache.FailOpenRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"vp-test-{time.monotonic_ns()}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def cache_down(settings):
    settings.CACHES = _cache_settings(DEAD_REDIS_URL)
    # The limits are on, as in production: with the cache down they cannot count, so they let
    # every request through.
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "1/h")
    settings.ACCOUNT_RATE_LIMITS = PRODUCTION_RATE_LIMITS


def signed_in(user=None):
    client = Client()
    client.force_login(user or UserFactory())
    return client


@pytest.fixture
def standing():
    """The municipality's own e-förslag, open, with a clerk; a proposal collecting support."""
    process = municipal_eproposals_open(municipality=_first_municipality())
    EProposalRulesFactory(process=process, threshold=2)
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK, user__email="kansli@example.org")
    admin = UserFactory()
    MunicipalityRole.objects.create(
        municipality=process.municipality, user=admin, role=MunicipalityRoleKind.ADMIN
    )
    proposal = EProposalFactory(process=process, threshold=2)
    return {"process": process, "clerk": clerk.user, "admin": admin, "proposal": proposal}


def _first_municipality():
    from tests.factories import ProcessFactory

    return ProcessFactory().municipality  # the municipality at ``testserver``


@pytest.fixture
def synthesis(role_users):
    """A process with a published synthesis of one theme."""
    process, users = role_users
    theme = ThemeFactory(process=process, name="Kollektivtrafik")
    for text in (
        "Kvällsbussarna till Jönköping går för sällan, jag kommer inte hem efter jobbet.",
        "Bussarna går för sällan på kvällarna, man kommer inte hem från Jönköping.",
    ):
        contribution = ContributionFactory(
            process=process,
            text=text,
            consent_to_publish=True,
            moderation_state=ModerationState.PUBLISHED,
        )
        ContributionTheme.objects.create(contribution=contribution, theme=theme)
    synthesis_services.synthesis_draft_run(process_id=process.pk)
    synthesis_services.version_publish(version=draft_of(process), by=users["official"])
    return process, users


def _pages_answer(client, urls):
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url


# --- The cache down -----------------------------------------------------------------------------


def test_paragraph_page_answers_and_comments_are_saved_with_the_cache_down(world, cache_down):
    client = signed_in()
    _pages_answer(client, [page_url(world)])
    for n in range(3):  # beyond the 1/h limit: the limit cannot count, so it lets them through
        response = client.post(
            page_url(world, "paragraph_comment"), {"text": f"Lägg till skolorna i Hok, nr {n}."}
        )
        assert response.status_code == 302
    assert Comment.objects.filter(paragraph=world["paragraph"]).count() == 3
    assert "nr 2" in client.get(page_url(world)).content.decode()
    response = client.post(page_url(world, "paragraph_support"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert Support.objects.filter(paragraph=world["paragraph"]).count() == 1


def test_synthesis_pages_answer_with_the_cache_down(client, synthesis, cache_down):
    process, users = synthesis
    _pages_answer(client, [reverse("contributions:synthesis", args=[process.slug])])
    assert (
        "Kollektivtrafik"
        in client.get(reverse("contributions:synthesis", args=[process.slug])).content.decode()
    )
    staff = signed_in(users["official"])
    _pages_answer(staff, [reverse("contributions:staff_synthesis", args=[process.slug])])


def test_municipal_eproposals_answer_and_keep_input_with_the_cache_down(standing, cache_down):
    proposal = standing["proposal"]
    _pages_answer(Client(), ["/e-forslag/", f"/e-forslag/{proposal.pk}/"])
    _pages_answer(signed_in(standing["admin"]), ["/staff/e-forslag/"])
    proposer = signed_in()
    response = proposer.post("/e-forslag/nytt/", PROPOSAL)
    assert response.status_code == 302
    assert proposer.get(response["Location"]).status_code == 200  # the private tracking page
    assert EProposal.objects.filter(title=PROPOSAL["title"]).exists()
    for _n in range(2):
        assert signed_in().post(f"/e-forslag/{proposal.pk}/stod/").status_code == 302
    proposal.refresh_from_db()
    assert proposal.support_count == 2 and proposal.state == EProposalState.REACHED


# --- The broker down, with the cache up or down -------------------------------------------------


def _wait_until_sent(count, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if OutgoingEmail.objects.filter(status=EmailStatus.SENT).count() >= count:
            return
        time.sleep(0.2)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("cache", ["up", "down"])
def test_with_the_broker_down_the_new_pages_answer_and_nothing_is_lost(
    broker, settings, cache, world, standing, synthesis
):
    settings.CACHES = _cache_settings(REDIS_URL if cache == "up" else DEAD_REDIS_URL)
    proposal = standing["proposal"]
    process, users = synthesis
    broker.down()
    started = time.monotonic()
    anonymous = Client()
    _pages_answer(
        anonymous,
        [
            page_url(world),
            "/e-forslag/",
            f"/e-forslag/{proposal.pk}/",
            reverse("contributions:synthesis", args=[process.slug]),
        ],
    )
    _pages_answer(signed_in(standing["admin"]), ["/staff/e-forslag/"])
    _pages_answer(
        signed_in(users["official"]),
        [reverse("contributions:staff_synthesis", args=[process.slug])],
    )

    # A paragraph comment by an account, and an address given to take part with.
    citizen = signed_in()
    response = citizen.post(page_url(world, "paragraph_comment"), {"text": "Glöm inte Fenix."})
    assert response.status_code == 302
    response = anonymous.post(page_url(world, "paragraph_participant"), {"email": "ny@example.org"})
    assert response.status_code == 200 and 'id="participant-sent"' in response.content.decode()
    # An e-förslag, and the support that takes another proposal to its threshold.
    response = citizen.post("/e-forslag/nytt/", PROPOSAL)
    assert response.status_code == 302 and citizen.get(response["Location"]).status_code == 200
    for _n in range(2):
        assert signed_in().post(f"/e-forslag/{proposal.pk}/stod/").status_code == 302
    # The official asks for a new draft of the synthesis: the work waits for the worker.
    official = signed_in(users["official"])
    response = official.post(reverse("contributions:staff_synthesis_draft", args=[process.slug]))
    assert response.status_code == 302
    assert time.monotonic() - started < 30, "a broker that is down does not hang anyone"

    assert Comment.objects.filter(text="Glöm inte Fenix.").exists()
    assert Participant.objects.filter(subscriber__email="ny@example.org").exists()
    assert EProposal.objects.filter(title=PROPOSAL["title"]).exists()
    assert EProposalSupport.objects.filter(proposal=proposal).count() == 2
    proposal.refresh_from_db()
    assert proposal.state == EProposalState.REACHED
    waiting = set(OutgoingEmail.objects.values_list("to", flat=True))
    assert {"ny@example.org", "kansli@example.org"} <= waiting
    assert not mail.outbox, "nothing sent while the broker is down"
    assert OutboxTask.objects.exists()

    broker.up()
    OutboxTask.objects.update(not_before=timezone.now())  # skip the back-off in the test
    expected = OutgoingEmail.objects.count()
    with broker.worker():
        assert outbox.relay() >= expected
        _wait_until_sent(expected)
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}
    delivered = {address for message in mail.outbox for address in message.to}
    assert {"ny@example.org", "kansli@example.org"} <= delivered
    assert not OutboxTask.objects.filter(dispatched_at__isnull=True).exists()
