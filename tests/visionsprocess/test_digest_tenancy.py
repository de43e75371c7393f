"""Mail a worker sends (the daily digest, a meeting reminder) is its municipality's: its sender
address and links on its primary host, never the installation's default sender or SITE_URL."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from dialog.models import RegistrationStatus
from dialog.services import reminders_send
from tests.dialog.factories import MeetingFactory, RegistrationFactory
from tests.factories import MunicipalityFactory, ProcessFactory
from visionsprocess import tenancy
from visionsprocess.models import HostName
from visionsprocess.notices import notice_emit
from visionsprocess.notices.core import STAGE_CHANGED
from visionsprocess.notices.digest import digests_send
from visionsprocess.notices.services import follow_confirm, follow_request
from visionsprocess.services import absolute_url

pytestmark = pytest.mark.django_db(transaction=True)

VAGGERYD_HOST = "dialog.vaggeryd.test"
VANSBRO_HOST = "dialog.vansbro.test"
VAGGERYD_SENDER = "Vaggeryds kommun <dialog@vaggeryd.test>"
VANSBRO_SENDER = "Vansbro kommun <dialog@vansbro.test>"
ADDRESS = "folke@example.org"


@pytest.fixture
def two():
    vaggeryd = MunicipalityFactory(
        name="Vaggeryds kommun", code="0682", sender_email=VAGGERYD_SENDER
    )
    vansbro = MunicipalityFactory(name="Vansbro kommun", code="2021", sender_email=VANSBRO_SENDER)
    HostName.objects.create(municipality=vaggeryd, host=VAGGERYD_HOST, is_primary=True)
    HostName.objects.create(municipality=vansbro, host=VANSBRO_HOST, is_primary=True)
    return {
        "vision": ProcessFactory(municipality=vaggeryd, title="Vision 2040", slug="vision-2040"),
        "utmaningen": ProcessFactory(municipality=vansbro, title="Utmaningen", slug="utmaningen"),
    }


def _worker_notice(process):
    """A notice made as a worker makes it: no request, so its link is on SITE_URL."""
    assert tenancy.current.get() is None
    url = absolute_url(process.get_absolute_url())
    notice_emit(
        kind=STAGE_CHANGED,
        process=process,
        key=f"test:{process.pk}",
        context={"process": process.title, "stage_name": "Dialog", "url": url},
        process_followers=True,
    )
    return url


def _links(text):
    return re.findall(r"https?://[^\s>]+", text)


def test_each_municipalitys_digest_has_its_sender_and_links_on_its_host(two, settings):
    for process in two.values():
        follow, _sent = follow_request(target=process, email=ADDRESS)
        follow_confirm(follow=follow)
        assert _worker_notice(process).startswith(settings.SITE_URL)
    mail.outbox.clear()

    assert digests_send(everything=True) == 2

    by_sender = {m.from_email: m for m in mail.outbox}
    assert set(by_sender) == {VAGGERYD_SENDER, VANSBRO_SENDER}
    for sender, host, own, other in (
        (VAGGERYD_SENDER, VAGGERYD_HOST, "Vision 2040", "Utmaningen"),
        (VANSBRO_SENDER, VANSBRO_HOST, "Utmaningen", "Vision 2040"),
    ):
        message = by_sender[sender]
        links = _links(message.body) + _links(message.extra_headers["List-Unsubscribe"])
        assert len(links) >= 3, links  # the notice, manage, unsubscribe
        assert all(re.match(rf"https?://{re.escape(host)}(:\d+)?/", link) for link in links), links
        assert own in message.body and other not in message.body
        assert message.to == [ADDRESS]


def test_a_second_run_sends_no_digest_again(two):
    follow, _sent = follow_request(target=two["utmaningen"], email=ADDRESS)
    follow_confirm(follow=follow)
    _worker_notice(two["utmaningen"])
    assert digests_send(everything=True) == 1
    assert digests_send(everything=True) == 0


def test_a_meeting_reminder_from_the_worker_is_sent_from_the_meetings_municipality(two):
    meeting = MeetingFactory(
        process=two["utmaningen"], starts_at=timezone.now() + dt.timedelta(hours=20)
    )
    RegistrationFactory(meeting=meeting, status=RegistrationStatus.CONFIRMED, email=ADDRESS)
    mail.outbox.clear()

    assert reminders_send() == 1

    (message,) = mail.outbox
    assert message.from_email == VANSBRO_SENDER
    links = _links(message.body)
    assert links and all(VANSBRO_HOST in link for link in links), links
