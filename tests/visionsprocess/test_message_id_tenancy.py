"""The Message-ID of outgoing mail is of the sending municipality's own domain (its primary host
name), not SITE_URL's, whether the mail is written in a request or by a worker for a
municipality; the same on every retry."""

import pytest
from django.core import mail

from tests.factories import MunicipalityFactory
from visionsprocess import tenancy
from visionsprocess.models import HostName, OutgoingEmail
from visionsprocess.outbox import email_deliver
from visionsprocess.services import email_send

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def vansbro(settings):
    settings.SITE_URL = "https://dialog.region.test"
    municipality = MunicipalityFactory(name="Vansbro kommun", code="2021")
    HostName.objects.create(municipality=municipality, host="www.vansbro.test", is_primary=False)
    HostName.objects.create(municipality=municipality, host="dialog.vansbro.test", is_primary=True)
    return municipality


def _message_id():
    [message] = mail.outbox
    return message.message()["Message-ID"]


def test_mail_for_a_municipality_has_a_message_id_of_its_primary_host(vansbro):
    email_send(to=["karin@example.org"], subject="Hej", body="Text", municipality=vansbro)
    message_id = _message_id()
    assert message_id.startswith("<vp.")
    assert message_id.endswith("@dialog.vansbro.test>")
    assert "region.test" not in message_id and "www." not in message_id


def test_mail_written_while_serving_a_municipality_uses_its_domain(vansbro):
    with tenancy.activate(vansbro):
        email_send(to=["karin@example.org"], subject="Hej", body="Text")
    assert _message_id().endswith("@dialog.vansbro.test>")


def test_a_municipality_without_host_names_falls_back_to_site_url(settings):
    settings.SITE_URL = "https://dialog.region.test:8443"
    email_send(
        to=["karin@example.org"], subject="Hej", body="Text", municipality=MunicipalityFactory()
    )
    assert _message_id().endswith("@dialog.region.test>")


def test_the_message_id_is_kept_and_the_same_on_a_retry(vansbro):
    email_send(to=["karin@example.org"], subject="Hej", body="Text", municipality=vansbro)
    email = OutgoingEmail.objects.get()
    first = _message_id()
    assert OutgoingEmail.objects.get(pk=email.pk).headers["Message-ID"] == first
    OutgoingEmail.objects.filter(pk=email.pk).update(status="pending")
    mail.outbox.clear()
    email_deliver(email_id=email.pk)
    assert _message_id() == first


def test_two_mails_get_different_message_ids(vansbro):
    email_send(to=["a@example.org", "b@example.org"], subject="Hej", body="T", municipality=vansbro)
    ids = {message.message()["Message-ID"] for message in mail.outbox}
    assert len(ids) == 2
