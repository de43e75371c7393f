"""A process states its promise up front, and the promised feedback date is held to."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contributions.models import Contribution, ContributionKind
from contributions.services.handling import feedback_give
from tests.factories import ProcessFactory, ProcessRoleFactory
from visionsprocess.models import Notice, ParticipationLevel, Role, Stage, StageKind
from visionsprocess.notices.digest import digests_send
from visionsprocess.promises import FEEDBACK_LATE, feedback_promises_check, late_feedback_stages
from visionsprocess.services import process_update

pytestmark = pytest.mark.django_db

PROMISE = {
    "purpose": "Att öka kommunens attraktionskraft och ta fram en plan för framtidens service.",
    "can_influence": "Vad serviceplanen tar upp och prioriterar.",
    "cannot_influence": "Kommunens budget och lagstadgade uppdrag.",
    "participation_level": ParticipationLevel.CONSULT,
    "feedback_how": "Efter remissen berättar vi vad som ändrades och varför.",
    "responsible_name": "Andreas Gylling",
    "responsible_title": "Projektledare",
    "contact_channel": "kontaktcenter@kramfors.se",
}


def _input(process, stage_key=StageKind.DIALOGUE):
    return Contribution.objects.create(
        process=process,
        kind=ContributionKind.IDEA,
        stage=process.stage_by_key(stage_key),
        title="Servicepunkt i Nyland",
        text="En servicepunkt med post och apotek.",
    )


def _due(process, days, key=StageKind.DIALOGUE):
    Stage.objects.filter(process=process, key=key).update(
        feedback_due=timezone.localdate() + dt.timedelta(days=days)
    )


def test_the_public_page_states_the_promise_before_anyone_takes_part(client):
    process = ProcessFactory()
    process_update(process=process, data=PROMISE)
    _due(process, 30)
    page = client.get(process.get_absolute_url()).content.decode()
    assert page.index("Det här lovar processen") < page.index("Följ processen")
    for text in (
        PROMISE["purpose"],
        PROMISE["can_influence"],
        PROMISE["cannot_influence"],
        "Konsultation",
        PROMISE["feedback_how"],
        "Andreas Gylling, Projektledare",
        "kontaktcenter@kramfors.se",
        "Återkoppling på steget ”Dialogmöten” senast",
    ):
        assert text in page, text
    assert "försenad" not in page


def test_a_personal_email_of_the_person_responsible_is_refused():
    process = ProcessFactory()
    with pytest.raises(Exception) as error:
        process_update(
            process=process, data={**PROMISE, "contact_channel": "andreas.gylling@kramfors.se"}
        )
    assert "personliga e-postadress" in str(error.value) or "personal e-mail" in str(error.value)


def test_an_unknown_level_of_participation_is_refused(client):
    process = ProcessFactory()
    admin = ProcessRoleFactory(process=process, role=Role.ADMIN).user
    client.force_login(admin)
    url = reverse("staff:process_edit", args=[process.slug])
    page = client.get(url).content.decode()
    assert 'name="participation_level"' in page and 'name="stage-0-feedback_due"' in page
    response = client.post(url, {"participation_level": "<script>alert(1)</script>"})
    assert response.status_code == 200
    process.refresh_from_db()
    assert process.participation_level == ""


def test_a_passed_feedback_date_without_feedback_is_late_until_feedback_comes(client):
    process = ProcessFactory()
    official = ProcessRoleFactory(
        process=process, role=Role.OFFICIAL, user__email="handlaggare@example.org"
    ).user
    item = _input(process)
    _due(process, -1)
    assert [s.key for s in late_feedback_stages(process)] == [StageKind.DIALOGUE]
    page = client.get(process.get_absolute_url()).content.decode()
    assert "Återkopplingen är försenad" in page
    client.force_login(official)
    overview = client.get(reverse("staff:process", args=[process.slug])).content.decode()
    assert "är försenad" in overview

    feedback_give(contribution=item, text="Vi tittar på Nyland först.", by=official)
    assert late_feedback_stages(process) == []
    client.logout()
    assert (
        "Återkopplingen är försenad" not in client.get(process.get_absolute_url()).content.decode()
    )


def test_a_stage_without_input_or_before_its_date_is_not_late():
    process = ProcessFactory()
    _due(process, -1)
    assert late_feedback_stages(process) == []
    _input(process)
    _due(process, 0)
    assert late_feedback_stages(process) == []


@pytest.mark.django_db(transaction=True)
def test_the_officials_are_told_once_through_the_notices():
    process = ProcessFactory(title="Framtidsbygget")
    ProcessRoleFactory(process=process, role=Role.OFFICIAL, user__email="handlaggare@example.org")
    ProcessRoleFactory(process=process, role=Role.POLITICIAN, user__email="politiker@example.org")
    _input(process)
    _due(process, -3)
    assert feedback_promises_check() == 1
    assert feedback_promises_check() == 0, "once per stage and date"
    assert Notice.objects.filter(kind=FEEDBACK_LATE).count() == 1
    mail.outbox.clear()
    digests_send(now=timezone.now() + dt.timedelta(days=1))
    [message] = [m for m in mail.outbox if "List-Unsubscribe" in m.extra_headers]
    assert message.to == ["handlaggare@example.org"]
    assert "Framtidsbygget" in message.body and "försenad" in message.body


def test_a_draft_process_is_not_checked():
    process = ProcessFactory(published_at=None)
    ProcessRoleFactory(process=process, role=Role.OFFICIAL)
    _input(process)
    _due(process, -3)
    assert feedback_promises_check() == 0
