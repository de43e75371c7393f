"""Consultation bodies from the association register: naming, e-mailing, answering, stopping."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dialog import services, tasks
from dialog.models import ConsultationInvitation, Organisation
from tests.dialog.factories import OrganisationFactory, TargetGroupFactory
from tests.factories import MunicipalityFactory, ProcessFactory, ProcessRoleFactory
from tests.visionsprocess.factories_drafting import draft_world
from visionsprocess.drafting import services as drafting
from visionsprocess.models import AuditEntry, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    process = ProcessFactory(current_stage="drafting")
    users = {
        role: ProcessRoleFactory(process=process, role=role).user
        for role in ("politician", "official", "admin", "clerk")
    }
    _round, version = draft_world(process, actor=users["politician"])
    consultation = drafting.consultation_send(
        version=version,
        deadline=timezone.localdate() + dt.timedelta(days=30),
        actor=users["official"],
    )
    municipality = process.municipality
    seniors = TargetGroupFactory(municipality=municipality, name="Seniorer")
    pro = OrganisationFactory(municipality=municipality, name="PRO Vaggeryd", category="social")
    pro.target_groups.set([seniors])
    return {
        "process": process,
        "users": users,
        "version": version,
        "consultation": consultation,
        "seniors": seniors,
        "pro": pro,
        "club": OrganisationFactory(municipality=municipality, name="Hoks Sportklubb"),
        "no_email": OrganisationFactory(
            municipality=municipality, name="Byarums Intresseförening", email=""
        ),
        "declines": OrganisationFactory(
            municipality=municipality, name="Klevshults Byalag", wants_invitations=False
        ),
    }


def _invite(world, *organisations, capture):
    with capture(execute=True):
        return services.consultation_invitations_create(
            consultation=world["consultation"],
            organisations=organisations,
            actor=world["users"]["official"],
        )


def test_every_named_body_is_listed_but_only_reachable_ones_are_mailed_once(
    world, django_capture_on_commit_callbacks
):
    count = _invite(
        world,
        world["pro"],
        world["club"],
        world["no_email"],
        world["declines"],
        capture=django_capture_on_commit_callbacks,
    )
    assert count == 4
    assert ConsultationInvitation.objects.count() == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world["pro"].email, world["club"].email])
    pro_mail = next(m for m in mail.outbox if m.to == [world["pro"].email])
    invitation = ConsultationInvitation.objects.get(organisation=world["pro"])
    consultation = world["consultation"]
    assert f"/remiss/{consultation.pk}/?organisation=PRO+Vaggeryd" in pro_mail.body
    assert f"/remissinbjudan/{invitation.token}/avsluta/" in pro_mail.body
    assert world["process"].title in pro_mail.subject
    # The task is idempotent, and naming the same bodies again adds and sends nothing.
    assert tasks.send_consultation_invitations(consultation.pk) == 0
    assert _invite(world, world["pro"], capture=django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 2
    entry = AuditEntry.objects.get(action="consultation_bodies_added")
    assert entry.actor == world["users"]["official"]
    assert "PRO Vaggeryd" in entry.details["organisations"]


def test_an_organisation_of_another_municipality_is_never_named(
    world, django_capture_on_commit_callbacks
):
    stranger = OrganisationFactory(municipality=MunicipalityFactory(code="0687", name="Tranås"))
    assert _invite(world, stranger, capture=django_capture_on_commit_callbacks) == 0
    assert not ConsultationInvitation.objects.exists() and not mail.outbox


def test_bodies_cannot_be_added_once_the_consultation_has_closed(world, english):
    consultation = world["consultation"]
    consultation.deadline = timezone.localdate() - dt.timedelta(days=1)
    consultation.save()
    with pytest.raises(ValidationError, match="only be added while it is open"):
        services.consultation_invitations_create(
            consultation=consultation, organisations=[world["pro"]], actor=None
        )
    assert not ConsultationInvitation.objects.exists()


def test_nothing_is_mailed_after_the_deadline(world):
    consultation = world["consultation"]
    ConsultationInvitation.objects.create(consultation=consultation, organisation=world["pro"])
    consultation.deadline = timezone.localdate() - dt.timedelta(days=1)
    consultation.save()
    assert tasks.send_consultation_invitations(consultation.pk) == 0
    assert not mail.outbox


def test_the_link_in_the_mail_stops_further_invitations(client, world):
    invitation = ConsultationInvitation.objects.create(
        consultation=world["consultation"], organisation=world["pro"]
    )
    url = reverse("dialog:consultation_unsubscribe", args=[invitation.token])
    assert "PRO Vaggeryd" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 200
    assert Organisation.objects.get(pk=world["pro"].pk).wants_invitations is False
    assert client.get(reverse("dialog:consultation_unsubscribe", args=["fel"])).status_code == 404


def test_official_adds_bodies_by_target_group_and_category_through_the_page(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["users"]["official"])
    process, consultation = world["process"], world["consultation"]
    url = reverse("dialog:staff_consultation_bodies", args=[process.slug, consultation.pk])
    page = client.get(url).content.decode()
    assert "Byarums Intresseförening (ingen e-post" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"target_groups": [world["seniors"].pk], "categories": ["sport"]}
        )
    assert response.status_code == 302
    assert response.url == reverse(
        "drafting:consultation_answers", args=[process.slug, consultation.pk]
    )
    named = set(ConsultationInvitation.objects.values_list("organisation__name", flat=True))
    # The seniors' group gives PRO; the category "sport" gives the club and the factory's others.
    assert {"PRO Vaggeryd", "Hoks Sportklubb"} <= named
    assert "Hoks Sportklubb" not in client.get(url).content.decode().split("Redan tillagda")[0]


def test_choosing_nothing_gives_a_clear_error_and_adds_nothing(client, world):
    client.force_login(world["users"]["official"])
    url = reverse(
        "dialog:staff_consultation_bodies", args=[world["process"].slug, world["consultation"].pk]
    )
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Välj minst en målgrupp, kategori eller organisation." in response.content.decode()
    response = client.post(url, {"organisations": ["inte-ett-id"]})
    assert response.status_code == 200
    assert not ConsultationInvitation.objects.exists()


def test_answers_page_shows_who_has_answered_and_who_must_be_reached_another_way(client, world):
    consultation = world["consultation"]
    for organisation in (world["pro"], world["no_email"]):
        ConsultationInvitation.objects.create(consultation=consultation, organisation=organisation)
    drafting.consultation_answer_submit(
        consultation=consultation,
        respondent_name="Bertil Lind",
        organisation="pro  vaggeryd",
        email="bertil@example.org",
        text="Vi ställer oss bakom texten.",
    )
    client.force_login(world["users"]["politician"])
    page = client.get(
        reverse("drafting:consultation_answers", args=[world["process"].slug, consultation.pk])
    ).content.decode()
    assert "1 av 2 organisationer har svarat." in page
    assert "Har svarat" in page
    assert "Ingen e-post: nå dem på annat sätt" in page
    # A politician reads the status but cannot add bodies.
    assert (
        reverse("dialog:staff_consultation_bodies", args=[world["process"].slug, consultation.pk])
        not in page
    )


def test_public_consultation_page_lists_the_bodies_escaped_and_prefills_the_name(client, world):
    consultation = world["consultation"]
    hostile = OrganisationFactory(
        municipality=world["process"].municipality, name="<script>alert(1)</script> IF"
    )
    for organisation in (world["pro"], hostile):
        ConsultationInvitation.objects.create(consultation=consultation, organisation=organisation)
    url = reverse("drafting:consultation", args=[world["process"].slug, consultation.pk])
    page = client.get(url, {"organisation": "PRO Vaggeryd"}).content.decode()
    assert "Föreningar som ombetts svara:" in page
    assert "PRO Vaggeryd" in page and "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert 'value="PRO Vaggeryd"' in page
    # Contact details of the register never reach the public page.
    assert world["pro"].email not in page and world["pro"].contact_person not in page


def test_only_officials_and_admins_of_the_process_may_add_bodies(client, world):
    url = reverse(
        "dialog:staff_consultation_bodies", args=[world["process"].slug, world["consultation"].pk]
    )
    other = ProcessRoleFactory(role=Role.OFFICIAL).user
    for user, status in (
        (world["users"]["politician"], 403),
        (world["users"]["clerk"], 403),
        (other, 403),
        (world["users"]["admin"], 200),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status
    client.force_login(world["users"]["politician"])
    client.post(url, {"organisations": [world["pro"].pk]})
    assert not ConsultationInvitation.objects.exists()


def test_bodies_that_have_not_answered_are_reminded_once(
    client, world, django_capture_on_commit_callbacks
):
    _invite(
        world,
        world["pro"],
        world["club"],
        world["no_email"],
        capture=django_capture_on_commit_callbacks,
    )
    consultation = world["consultation"]
    drafting.consultation_answer_submit(
        consultation=consultation, respondent_name="Per Nyström", organisation="Hoks Sportklubb",
        email="per@example.org", text="Bra förslag.",
    )  # fmt: skip
    mail.outbox.clear()
    url = reverse("dialog:staff_consultation_remind", args=[world["process"].slug, consultation.pk])
    answers = reverse(
        "drafting:consultation_answers", args=[world["process"].slug, consultation.pk]
    )
    client.force_login(world["users"]["official"])
    page = client.get(answers).content.decode()
    assert "Påminn den 1 remissinstans som inte har svarat" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "En påminnelse är på väg till 1 remissinstans." in response.content.decode()
    assert [m.to for m in mail.outbox] == [[world["pro"].email]]
    assert "Påminnelse" in mail.outbox[0].subject and "?organisation=PRO+Vaggeryd" in (
        mail.outbox[0].body
    )
    assert ConsultationInvitation.objects.get(organisation=world["pro"]).reminded_at is not None
    assert tasks.send_consultation_reminders(consultation.pk) == 0
    # Everyone has been reminded or has answered: a second click says so and sends nothing.
    response = client.post(url, follow=True)
    assert "Alla tillfrågade har svarat eller redan påmints." in response.content.decode()
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="consultation_bodies_reminded").count() == 1


def test_only_officials_may_remind_and_only_by_post(client, world):
    url = reverse(
        "dialog:staff_consultation_remind", args=[world["process"].slug, world["consultation"].pk]
    )
    client.force_login(world["users"]["politician"])
    assert client.post(url).status_code == 403
    client.force_login(world["users"]["official"])
    assert client.get(url).status_code == 405


def test_process_page_puts_the_draft_on_consultation_before_the_meetings(client, world):
    from tests.dialog.factories import MeetingFactory

    MeetingFactory(process=world["process"], title="Dialogmöte i Skillingaryd")
    html = client.get(world["process"].get_absolute_url()).content.decode()
    assert "Kommande dialogmöten" in html and "Utkastet på remiss" in html
    assert html.index("Utkastet på remiss") < html.index("Kommande dialogmöten")
