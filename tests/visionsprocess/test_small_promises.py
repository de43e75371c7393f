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
