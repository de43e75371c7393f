"""No text a person can write is unbounded: every TextField of ours has a max_length."""

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

OUR_APPS = {"visionsprocess", "dialog", "contributions", "goals"}
#: Written by the code, never by a person (e-mail bodies, error texts).
INTERNAL = {
    "visionsprocess.OutgoingEmail.body",
    "visionsprocess.OutgoingEmail.html_body",
    "visionsprocess.Document.error",
    "visionsprocess.ArchivePackage.error",
}


def test_every_text_field_a_person_writes_has_a_length_limit():
    unbounded = sorted(
        f"{model._meta.app_label}.{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and not field.max_length
    )
    assert set(unbounded) <= INTERNAL, set(unbounded) - INTERNAL


@pytest.mark.django_db
def test_a_9_mb_meeting_description_is_refused_with_a_message(client):
    from tests.dialog.factories import MeetingFactory
    from tests.factories import ProcessRoleFactory
    from visionsprocess.models import Role

    meeting = MeetingFactory()
    official = ProcessRoleFactory(process=meeting.process, role=Role.OFFICIAL).user
    client.force_login(official)
    url = reverse(
        "dialog:staff_meeting_edit", kwargs={"slug": meeting.process.slug, "pk": meeting.pk}
    )
    form = client.get(url).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | tuple)
    }
    data.update(
        title=meeting.title,
        kind=meeting.kind,
        format=meeting.format,
        starts_at=meeting.starts_at.strftime("%Y-%m-%dT%H:%M"),
        ends_at=meeting.ends_at.strftime("%Y-%m-%dT%H:%M"),
        description="Å" * (9 * 1024 * 1024 // 2),
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["description"]
    meeting.refresh_from_db()
    assert meeting.description == "Kom och prata om framtiden."
    assert 'maxlength="10000"' in client.get(url).content.decode()
