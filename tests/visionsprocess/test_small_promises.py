"""Small things the pages promise: mail from the site's own domain, wording that fits."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import ProcessFactory
from visionsprocess.services import email_send

pytestmark = pytest.mark.django_db(transaction=True)


def test_outgoing_mail_has_a_message_id_of_the_sites_domain(settings):
    settings.SITE_URL = "https://vision.vaggeryd.se"
    email_send(to=["karin@example.org"], subject="Hej", body="Text")
    [message] = mail.outbox
    message_id = message.message()["Message-ID"]
    assert message_id.endswith("@vision.vaggeryd.se>") and "localhost" not in message_id


def test_a_wall_search_without_hits_says_so_not_that_nothing_is_published(client):
    process = ProcessFactory()
    page = client.get(reverse("contributions:wall", args=[process.slug]), {"q": "zzzxq"})
    text = page.content.decode()
    assert "Inga bidrag matchar sökningen." in text
    assert "Inga bidrag har publicerats här än" not in text


def _contribution(process, **fields):
    from contributions.models import Contribution, ContributionKind
    from visionsprocess.models import StageKind

    return Contribution.objects.create(
        process=process,
        kind=ContributionKind.IDEA,
        stage=process.stage_by_key(StageKind.DIALOGUE),
        title="Servicepunkt i Nyland",
        text="Post och apotek på ett ställe.",
        **fields,
    )


def test_the_tracking_page_does_not_ask_a_sender_who_follows_to_opt_in_again(client):
    from visionsprocess.notices.services import follow_implicit

    process = ProcessFactory()
    mine = _contribution(process, email="karin@example.org")
    url = reverse("contributions:track", args=[mine.tracking_token])
    assert 'id="follow-contribution"' in client.get(url).content.decode()
    follow_implicit(target=mine, email="karin@example.org")
    page = client.get(url).content.decode()
    assert 'id="follow-contribution"' not in page and 'id="contribution-followed"' in page
    assert "karin@example.org" not in page


def test_a_recorded_interview_shows_when_it_was_held(client):
    import datetime as dt

    process = ProcessFactory()
    interview = _contribution(process, channel="interview", recorded_on=dt.date(2025, 4, 3))
    page = client.get(reverse("contributions:track", args=[interview.tracking_token]))
    assert "Insamlat 3 april 2025 (intervju)" in page.content.decode()


def test_a_cancelled_registration_reads_as_cancelled_by_you_and_ends_the_follow(client):
    from dialog import services as dialog_services
    from tests.dialog.factories import MeetingFactory
    from tests.factories import UserFactory
    from visionsprocess.models import Follow

    user = UserFactory(email="karin@example.org")
    meeting = MeetingFactory(title="Framtidskväll i Vaggeryd")
    registration = dialog_services.registration_create(
        meeting=meeting, name="Karin", email="karin@example.org", user=user
    )
    assert Follow.objects.active().of(meeting).count() == 1
    dialog_services.registration_cancel(registration=registration)
    assert Follow.objects.active().of(meeting).count() == 0
    client.force_login(user)
    page = client.get(reverse("my_pages")).content.decode()
    assert "Avanmäld" in page and "Inställt" not in page


def test_no_template_prints_an_english_style_short_month():
    from pathlib import Path

    offenders = [
        str(path)
        for path in Path(".").glob("*/templates/**/*.html")
        if 'date:"j M Y' in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_the_meeting_forms_digital_room_label_starts_with_a_capital():
    from django.utils import translation

    from dialog.forms import MeetingForm

    with translation.override("sv"):
        assert (
            str(MeetingForm.base_fields["online_link"].label)
            == "Länk till det digitala mötesrummet"
        )


def test_the_decisions_page_heads_no_two_columns_alike(client):
    import re

    from tests.factories import ProcessRoleFactory
    from visionsprocess.models import Role

    process = ProcessFactory()
    client.force_login(ProcessRoleFactory(process=process, role=Role.CLERK).user)
    page = client.get(reverse("staff:decisions", args=[process.slug])).content.decode()
    headers = re.findall(
        r'<th scope="col">([^<]*)</th>', page.split("<thead>", 1)[1].split("</thead>", 1)[0]
    )
    assert headers and len(headers) == len(set(headers)), headers


def test_the_contribution_staff_page_nests_no_form_in_another(client):
    from html.parser import HTMLParser

    from tests.factories import ProcessRoleFactory
    from visionsprocess.models import Role

    class Depth(HTMLParser):
        deepest = depth = 0

        def handle_starttag(self, tag, attrs):
            if tag == "form":
                self.depth += 1
                self.deepest = max(self.deepest, self.depth)

        def handle_endtag(self, tag):
            if tag == "form":
                self.depth -= 1

    process = ProcessFactory()
    item = _contribution(process)
    client.force_login(ProcessRoleFactory(process=process, role=Role.OFFICIAL).user)
    page = client.get(reverse("contributions:staff_contribution", args=[process.slug, item.pk]))
    assert page.status_code == 200
    parser = Depth()
    parser.feed(page.content.decode())
    assert 'id="feedback-form"' in page.content.decode()
    assert parser.deepest == 1


def test_the_tracking_page_shows_the_senders_own_picture_through_the_private_link(client):
    from django.core.files.base import ContentFile

    from contributions.models import Attachment, MediaKind
    from tests.contributions.test_workbench import PNG

    process = ProcessFactory()
    mine = _contribution(process)  # not published: the wall would never show it
    picture = Attachment(
        contribution=mine, media_kind=MediaKind.IMAGE, content_type="image/png", size=len(PNG)
    )
    picture.file.save("teckning.png", ContentFile(PNG), save=False)
    picture.save()
    page = client.get(reverse("contributions:track", args=[mine.tracking_token])).content.decode()
    src = reverse("contributions:tracked_attachment_file", args=[mine.tracking_token, picture.pk])
    assert f'src="{src}"' in page and 'alt="Din bild 1"' in page
    response = client.get(src)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"]
    assert (
        client.get(reverse("contributions:attachment_file", args=[picture.pk])).status_code == 404
    )
