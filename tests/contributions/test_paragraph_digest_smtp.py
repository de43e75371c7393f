"""The digest of a paragraph's discussion through the real parts: a citizen comments on a
paragraph of a draft on consultation, another replies, the digest task runs in a real Celery
worker on Redis, and the e-mail arrives at a real SMTP server as a mail program reads it: from
the municipality's sender, in Swedish, with its link on the municipality's host, and nothing
about the person who replied (no name, address or words) beyond that a reply came."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils import timezone

from contributions.models import Comment
from tests.contributions.paragraph_world import page_url, world_fixture  # noqa: F401 (fixture)
from tests.factories import UserFactory
from visionsprocess.models import HostName
from visionsprocess.outbox import enqueue
from visionsprocess.tasks import send_notice_digests

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

SENDER = "Vaggeryds kommun <dialog@vaggeryd.test>"
HOST = "dialog.vaggeryd.test"


def signed_in(**fields):
    client = Client()
    client.force_login(UserFactory(**fields))
    return client


def test_a_reply_on_a_paragraph_reaches_the_writer_in_a_swedish_digest(broker, smtp_server, world):
    municipality = world["process"].municipality
    municipality.sender_email = SENDER
    municipality.save(update_fields=["sender_email"])
    HostName.objects.create(municipality=municipality, host=HOST, is_primary=True)
    cache.clear()  # the host map was cached while the world was made (set up behind the services)
    with broker.worker():
        anna = signed_in(email="anna@example.org", first_name="Anna")
        response = anna.post(
            page_url(world, "paragraph_comment"),
            {"text": "Skriv in att skolskjutsen ska gå även från Hok och Bondstorp."},
        )
        assert response.status_code == 302
        top = Comment.objects.get(parent__isnull=True)
        bertil = signed_in(email="bertil.svensson@example.org", first_name="Bertil")
        response = bertil.post(
            page_url(world, "paragraph_comment"),
            {
                "text": "Håller med, min granne Sture Persson kör 20 km varje dag.",
                "parent": top.pk,
                "display_name": "Bertil Svensson",
            },
        )
        assert response.status_code == 302
        assert Comment.objects.filter(parent=top).exists()
        with transaction.atomic():
            enqueue(
                send_notice_digests,
                now=(timezone.now() + dt.timedelta(days=1)).isoformat(),
            )
        digest = smtp_server.wait_for(lambda m: "anna@example.org" in str(m["To"]))

    assert str(digest["From"]) == SENDER
    assert str(digest["To"]) == "anna@example.org" and digest["Cc"] is None
    body = digest.get_body(preferencelist=("plain",)).get_content()
    assert "Svar på din kommentar" in body and "1 nytt svar" in body, body
    links = re.findall(r"https?://[^\s>]+", body)
    assert links and all(re.match(rf"https?://{re.escape(HOST)}(:\d+)?/", url) for url in links), (
        links
    )
    paragraph_link = page_url(world)
    assert any(paragraph_link in url and f"#kommentar-{top.pk}" in url for url in links), links
    for private in ("Bertil", "Svensson", "bertil.svensson", "Sture", "20 km", "granne"):
        assert private not in body and private not in str(digest["Subject"]), private
    # The one who replied gets nothing about their own reply.
    assert not [m for m in smtp_server.messages if "bertil" in str(m["To"])]
