"""Nothing a citizen sends is lost, and they always get their receipt: Redis (cache), the broker
or both down. The cache fails open (visionsprocess/cache.py), the outbox keeps the work for the
broker (visionsprocess/outbox.py). "Down" is a port nothing listens on (DEAD_REDIS_URL)."""

import logging
import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contributions.models import Contribution
from dialog.models import PendingRegistration, Registration
from tests.conftest import DEAD_REDIS_URL, PRODUCTION_RATE_LIMITS, REDIS_URL
from tests.dialog.factories import MeetingFactory
from tests.factories import PASSWORD, ProcessFactory, ProcessRoleFactory, UserFactory
from visionsprocess import outbox
from visionsprocess.cache import FailOpenRedisCache
from visionsprocess.models import EmailStatus, OutgoingEmail, Role, StageKind

pytestmark = pytest.mark.django_db


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
    # The limits are on, as in production: with the cache down they must let requests through.
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "1/h")
    settings.ACCOUNT_RATE_LIMITS = PRODUCTION_RATE_LIMITS  # as in production


def idea(email=""):
    return {
        "title": "Fler cykelvägar",
        "text": "Bygg en cykelväg mellan Hok och Skillingaryd.",
        "consent_to_publish": "on",
        "email": email,
    }


def submit_url(process):
    return reverse("contributions:submit", args=[process.slug, "ide"])


def meeting_url(meeting):
    return reverse("dialog:meeting_detail", kwargs={"slug": meeting.process.slug, "pk": meeting.pk})


# --- The cache backend itself -------------------------------------------------------------------


def test_a_cache_that_is_down_answers_as_empty_and_logs_once(caplog):
    cache = FailOpenRedisCache(DEAD_REDIS_URL, {"OPTIONS": {"socket_connect_timeout": 0.5}})
    with caplog.at_level(logging.WARNING, logger="visionsprocess.cache"):
        assert cache.get("x", "default") == "default"
        assert cache.add("x", 1, 10) is True, "as if added: a lock taken with add() never blocks"
        cache.set("x", 1, 10)
        with pytest.raises(ValueError):
            cache.incr("x")
        assert cache.get_many(["a", "b"]) == {}
        assert cache.get_or_set("y", 5) == 5
    warnings = [r for r in caplog.records if r.name == "visionsprocess.cache"]
    assert len(warnings) == 1 and "unreachable" in warnings[0].getMessage()
    assert not cache.available, "a failure keeps it from trying again at once"
    assert cache.ping() is False


def test_the_cache_works_normally_when_redis_is_up():
    if not REDIS_URL:
        pytest.skip("needs Redis; set REDIS_URL")
    cache = FailOpenRedisCache(REDIS_URL, {"KEY_PREFIX": f"vp-test-{time.monotonic_ns()}"})
    assert cache.ping() is True
    assert cache.add("counter", 1, 10) is True
    assert cache.incr("counter") == 2
    assert cache.get("counter") == 2
    cache.delete("counter")


# --- The cache down ---------------------------------------------------------------------------


def test_contribution_is_stored_and_answered_with_the_receipt_with_the_cache_down(
    client, cache_down
):
    process = ProcessFactory(current_stage=StageKind.DIALOGUE)
    for _ in range(3):  # beyond the 1/h limit: the limit cannot count, so it lets them through
        response = client.post(submit_url(process), idea())
        assert response.status_code == 302
    assert Contribution.objects.count() == 3
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert Contribution.objects.order_by("pk").last().tracking_token in receipt.content.decode()


def test_registration_is_stored_and_confirmed_with_the_cache_down(client, cache_down):
    meeting = MeetingFactory()
    for n in range(3):
        response = client.post(
            meeting_url(meeting), {"name": "Elin", "email": f"elin{n}@example.org"}
        )
        assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    for pending in PendingRegistration.objects.all():
        confirm = reverse("dialog:registration_confirm", args=[pending.token])
        assert client.post(confirm).status_code == 302
    assert Registration.objects.count() == 3


def test_login_and_the_inbox_work_with_the_cache_down(client, cache_down):
    process = ProcessFactory()
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    response = client.post(
        reverse("account_login"), {"login": official.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    inbox = client.get(reverse("contributions:staff_inbox", args=[process.slug]))
    assert inbox.status_code == 200


def test_a_bulk_publish_with_the_cache_down_is_done_and_counted_right(
    client, cache_down, django_capture_on_commit_callbacks
):
    """The bulk action tells the (unreachable) cache which parts it changed; the inbox then
    counts without a cache, so its count is the database's."""
    from tests.contributions.staff_factories import StaffContributionFactory

    process = ProcessFactory()
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    made = StaffContributionFactory.create_batch(3, process=process, consent_to_publish=True)
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("contributions:staff_bulk", args=[process.slug]),
            {"action": "published", "scope": "selected", "ids": [c.pk for c in made[:2]]},
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200
    assert Contribution.objects.filter(moderation_state="published").count() == 2
    inbox = client.get(
        reverse("contributions:staff_inbox", args=[process.slug]),
        {"moderation_state": "published"},
    )
    assert inbox.context["page_obj"].paginator.count == 2


def test_a_wrong_password_with_the_cache_down_is_just_a_wrong_password(client, cache_down):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "fel"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_health_reports_the_cache_down_but_keeps_the_node(client, cache_down):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["checks"]["cache"].startswith("error")
    assert body["status"] == "degraded"


# --- The broker down, and both ----------------------------------------------------------------


def _wait_until_sent(count, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if OutgoingEmail.objects.filter(status=EmailStatus.SENT).count() >= count:
            return
        time.sleep(0.2)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("cache", ["up", "down"])
def test_with_the_broker_down_input_is_kept_and_every_mail_goes_out_when_it_is_back(
    client, broker, settings, cache
):
    """Contributions and registrations with the broker down (and the cache up or down): each is
    stored and answered with its receipt at once; when the broker is back, the relay hands the
    work over and a real worker sends every e-mail."""
    settings.CACHES = _cache_settings(REDIS_URL if cache == "up" else DEAD_REDIS_URL)
    process = ProcessFactory(current_stage=StageKind.DIALOGUE)
    meeting = MeetingFactory(process=process)
    broker.down()
    started = time.monotonic()
    for n in range(3):
        response = client.post(submit_url(process), idea(email=f"medborgare{n}@example.org"))
        assert response.status_code == 302
        receipt = client.get(response["Location"])
        assert receipt.status_code == 200 and "/bidrag/folj/" in receipt.content.decode()
        response = client.post(
            meeting_url(meeting), {"name": f"Deltagare {n}", "email": f"deltagare{n}@example.org"}
        )
        assert response.status_code == 302
        assert client.get(response["Location"]).status_code == 200
    assert time.monotonic() - started < 20, "a broker that is down does not hang the citizen"
    # A signed-out registration is kept as a request until its e-mail link is confirmed.
    assert Contribution.objects.count() == 3 and PendingRegistration.objects.count() == 3
    assert OutgoingEmail.objects.count() == 6
    assert not mail.outbox

    broker.up()
    outbox.OutboxTask.objects.update(not_before=timezone.now())  # skip the back-off in the test
    with broker.worker():
        assert outbox.relay() == 6
        _wait_until_sent(6)
    assert sorted(OutgoingEmail.objects.values_list("status", flat=True)) == ["sent"] * 6
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [f"medborgare{n}@example.org" for n in range(3)]
        + [f"deltagare{n}@example.org" for n in range(3)]
    )
