"""The privacy notice (GDPR Art. 13): one per municipality, and a link to it beside the submit
button of every form that collects personal data."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contributions.models import Contribution, Survey
from dialog.models import Meeting
from tests.factories import ProcessFactory
from visionsprocess.models import (
    Consultation,
    HostName,
    Municipality,
    PrivacyNotice,
    RetentionRule,
    VisionProcess,
)

pytestmark = pytest.mark.django_db

#: Forms the demo shows to a signed-in citizen only (Framtidsbygget takes no answers without an
#: account; comments need an account or a confirmed participant).
SIGNED_IN = {"comment and reply", "consultation"}
PRIVACY_LINK = re.compile(r'href="(/integritet/|/process/[\w-]+/integritet/)"')


def _notice(municipality, **fields):
    values = {
        "controller": "Kommunstyrelsen i Vaggeryds kommun",
        "controller_contact": "kommun@vaggeryd.se, 0370-67 80 00",
        "dpo_contact": "Dataskyddsombudet, dataskyddsombud@vaggeryd.se",
        "purpose": "Att genomföra medborgardialogen om Vision 2040.",
    }
    values.update(fields)
    return PrivacyNotice.objects.create(municipality=municipality, **values)


def test_the_notice_names_controller_purpose_basis_rights_and_contact(client):
    process = ProcessFactory()
    _notice(process.municipality)
    html = client.get(reverse("privacy")).content.decode()
    for expected in (
        "Kommunstyrelsen i Vaggeryds kommun",
        "Att genomföra medborgardialogen",
        "6.1 e",
        "dataskyddsombud@vaggeryd.se",
        "kommun@vaggeryd.se",
        "imy.se",
    ):
        assert expected in html


def test_without_a_notice_the_page_still_says_who_and_why(client):
    ProcessFactory()
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    assert "Vaggeryds kommun" in response.content.decode()


def test_each_municipality_shows_its_own_notice(client):
    process = ProcessFactory()
    other = Municipality.objects.create(name="Jönköpings kommun", code="0680")
    _notice(process.municipality)
    _notice(other, controller="Kommunstyrelsen i Jönköpings kommun")
    HostName.objects.create(municipality=other, host="dialog.jonkoping.test", is_primary=True)
    other_process = ProcessFactory(municipality=other)
    url = reverse("process_privacy", kwargs={"slug": other_process.slug})
    html = client.get(url, HTTP_HOST="dialog.jonkoping.test").content  # its own host
    assert "Kommunstyrelsen i Jönköpings kommun" in html.decode()
    assert "Kommunstyrelsen i Vaggeryds kommun" not in html.decode()
    assert client.get(url).status_code == 404  # not at the other municipality's host


def test_the_process_notice_says_its_purpose_and_retention(client):
    process = ProcessFactory(purpose="Vi vill veta hur <b>du</b> vill ha det 2040.")
    process.retention_rule = RetentionRule.objects.create(
        municipality=process.municipality,
        name="Medborgardialog",
        plan_reference="Informationshanteringsplan KS 2.3",
        months_after_close=24,
    )
    process.save()
    html = client.get(reverse("process_privacy", kwargs={"slug": process.slug})).content.decode()
    assert "Informationshanteringsplan KS 2.3" in html and "24" in html
    assert "&lt;b&gt;du&lt;/b&gt;" in html  # escaped


def test_the_footer_links_to_the_notice(client):
    ProcessFactory()
    assert PRIVACY_LINK.search(client.get("/").content.decode())


@pytest.mark.no_tripwire  # load_demo replaces every version at the end
def test_every_form_that_collects_personal_data_links_to_the_notice(client):
    call_command("load_demo", verbosity=0)
    vision = VisionProcess.objects.get(slug="vision-2040")
    framtid = VisionProcess.objects.get(slug="framtidsbygget")
    pages = {}
    start = client.get(reverse("contributions:submit_start", kwargs={"slug": vision.slug}))
    kinds = set(re.findall(r"/bidrag/nytt/([\w-]+)/", start.content.decode()))
    assert len(kinds) >= 2
    for kind in kinds:
        pages[f"contribution {kind}"] = f"/process/{vision.slug}/bidrag/nytt/{kind}/"
    commented = (
        Contribution.objects.filter(process=vision, comments__isnull=False).distinct().first()
    )
    pages["comment and reply"] = reverse(
        "contributions:detail", kwargs={"slug": vision.slug, "pk": commented.pk}
    )
    pages["participant sign-up"] = reverse(
        "contributions:participant", kwargs={"slug": vision.slug, "pk": commented.pk}
    )
    meeting = (
        Meeting.objects.public()
        .filter(process=vision, starts_at__gt=timezone.now())
        .exclude(kind="internal")
        .order_by("starts_at")
        .first()
    )
    pages["meeting registration"] = reverse(
        "dialog:meeting_detail", kwargs={"slug": vision.slug, "pk": meeting.pk}
    )
    pages["follow"] = reverse(
        "notices:follow", kwargs={"kind": "process", "reference": vision.slug}
    )
    survey = next(s for s in Survey.objects.all() if s.is_open())
    pages["survey"] = reverse(
        "contributions:survey_page",
        kwargs={"slug": survey.process.slug, "pk": survey.pk, "page": 1},
    )
    consultation = Consultation.objects.filter(version__round__process=framtid).first()
    # The seed's consultation ended long ago: open it again to see its answer form.
    Consultation.objects.filter(pk=consultation.pk).update(
        deadline=timezone.localdate() + dt.timedelta(days=30)
    )
    pages["consultation"] = reverse(
        "drafting:consultation", kwargs={"slug": framtid.slug, "pk": consultation.pk}
    )
    pages["sign-up"] = reverse("account_signup")

    citizen = Client()  # the comment form is for a signed-in person (or a confirmed participant)
    citizen.force_login(get_user_model().objects.get(username="medborgare"))
    for name, url in pages.items():
        response = (citizen if name in SIGNED_IN else client).get(url, follow=True)
        html = response.content.decode()
        assert response.status_code == 200, name
        form = re.search(r'<form method="post".*?</form>', html, re.S)
        assert form, f"{name}: no form at {url}"
        # Beside the submit button: inside a form that posts, not only in the footer.
        forms = re.findall(r'<form method="post".*?</form>', html, re.S)
        assert any(PRIVACY_LINK.search(f) for f in forms), f"{name}: no privacy link in {url}"
