"""The public wall, media files and reporting as offensive."""

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from contributions.models import (
    Attachment,
    ContributionKind,
    ContributionReport,
    MediaKind,
    ModerationState,
)
from contributions.selectors.public import contributions_hidden_by_reports
from contributions.services.submission import contribution_reports_review
from tests.conftest import set_rate
from tests.contributions.factories import (
    MP4_BYTES,
    ContributionFactory,
    ContributionThemeFactory,
    PublishedContributionFactory,
    ThemeFactory,
    image_bytes,
)
from tests.factories import ProcessFactory, ProcessRoleFactory, UserFactory
from visionsprocess import changes
from visionsprocess.models import Role, Visibility

pytestmark = pytest.mark.django_db


def wall_url(process, **query):
    from urllib.parse import urlencode

    base = reverse("contributions:wall", args=[process.slug])
    return f"{base}?{urlencode(query)}" if query else base


def attach(contribution, content=None, kind=MediaKind.IMAGE, content_type="image/png", **extra):
    attachment = Attachment(
        contribution=contribution,
        media_kind=kind,
        content_type=content_type,
        size=10,
        description="En teckning av en solros",
        **extra,
    )
    attachment.file.save("x.png", ContentFile(content or image_bytes()), save=False)
    attachment.save()
    return attachment


@pytest.fixture
def process():
    return ProcessFactory()


def test_wall_shows_only_published_contributions(client, process):
    PublishedContributionFactory(process=process, title="Publicerad idé")
    ContributionFactory(process=process, title="Ny idé")
    ContributionFactory(
        process=process, title="Intern idé", moderation_state=ModerationState.INTERNAL
    )
    ContributionFactory(process=process, title="Dold idé", moderation_state=ModerationState.HIDDEN)
    PublishedContributionFactory(title="Annan process")
    html = client.get(wall_url(process)).content.decode()
    assert "Publicerad idé" in html
    for hidden in ("Ny idé", "Intern idé", "Dold idé", "Annan process"):
        assert hidden not in html


def test_wall_filters_by_kind(client, process):
    PublishedContributionFactory(process=process, title="En idé")
    PublishedContributionFactory(
        process=process,
        kind=ContributionKind.LETTER,
        title="",
        letter_year=2040,
        greeting="Hej från Vaggeryd 2040!",
        text="Brevtexten",
    )
    html = client.get(wall_url(process, kind="letter")).content.decode()
    assert "Hej från Vaggeryd 2040!" in html
    assert 'class="letter"' in html
    assert "En idé" not in html


def test_wall_filters_by_theme_including_sub_themes(client, process):
    parent = ThemeFactory(process=process, name="Trafik")
    child = ThemeFactory(process=process, name="Cykel", parent=parent)
    other = ThemeFactory(process=process, name="Skola")
    ContributionThemeFactory(
        contribution=PublishedContributionFactory(process=process, title="Cykelväg"), theme=child
    )
    ContributionThemeFactory(
        contribution=PublishedContributionFactory(process=process, title="Ny skola"), theme=other
    )
    html = client.get(wall_url(process, theme=parent.pk)).content.decode()
    assert "Cykelväg" in html and "Ny skola" not in html


def test_wall_with_a_bad_filter_value_does_not_fail(client, process):
    PublishedContributionFactory(process=process, title="Kvar")
    response = client.get(wall_url(process, theme="inte-ett-tal", kind="<script>"))
    assert response.status_code == 200


def test_wall_is_paginated_with_a_constant_number_of_queries(client, process):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fill(n):
        for i in range(n):
            contribution = PublishedContributionFactory(process=process, title=f"Idé {i}")
            attach(contribution)
            ContributionThemeFactory(contribution=contribution, theme=ThemeFactory(process=process))

    def queries(query=None):
        # The factories write through the model layer and record no change: say it, so the
        # wall is made anew (from the page cache, it is 2 queries whatever its size; below).
        changes.record(process=process)
        with CaptureQueriesContext(connection) as context:
            response = client.get(wall_url(process, **(query or {})))
        return len(context.captured_queries), response

    client.get("/")  # warm up caches that are not the wall's own
    fill(3)
    few, _response = queries()
    fill(22)
    many, response = queries()
    assert few == many <= 8
    assert len(response.context["page"].object_list) == 20
    filtered_few, _response = queries({"kind": "idea", "theme": ThemeFactory(process=process).pk})
    assert filtered_few <= 10
    assert client.get(wall_url(process, sida=2)).context["page"].number == 2
    with CaptureQueriesContext(connection) as context:
        client.get(wall_url(process, sida=2))
    assert len(context.captured_queries) <= 2


def test_wall_of_internal_process_is_closed_to_the_public(client):
    internal = ProcessFactory(visibility=Visibility.INTERNAL)
    assert client.get(wall_url(internal)).status_code == 302
    client.force_login(UserFactory())
    assert client.get(wall_url(internal)).status_code == 403


def test_media_of_published_contribution_is_served_with_its_type(client, process):
    attachment = attach(PublishedContributionFactory(process=process))
    html = client.get(wall_url(process)).content.decode()
    src = reverse("contributions:attachment_file", args=[attachment.pk])
    assert f'src="{src}"' in html
    assert 'alt="En teckning av en solros"' in html
    assert "/media/" not in html
    response = client.get(src)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    "state", [ModerationState.NEW, ModerationState.INTERNAL, ModerationState.HIDDEN]
)
def test_media_of_unpublished_contribution_is_never_served_to_the_public(client, process, state):
    attachment = attach(ContributionFactory(process=process, moderation_state=state))
    src = reverse("contributions:attachment_file", args=[attachment.pk])
    assert client.get(src).status_code == 404
    client.force_login(UserFactory())
    assert client.get(src).status_code == 404
    client.force_login(ProcessRoleFactory(role=Role.OFFICIAL).user)  # another process
    assert client.get(src).status_code == 404
    client.force_login(ProcessRoleFactory(process=process, role=Role.OFFICIAL).user)
    assert client.get(src).status_code == 200


def test_film_of_children_marked_by_an_official_is_never_shown_to_the_public(client, process):
    """The rule moved from the row to publishing: an official may mark what a file shows
    although the sender did not; the file is then withheld from the public at once."""
    attachment = attach(PublishedContributionFactory(process=process), content=MP4_BYTES)
    Attachment.objects.filter(pk=attachment.pk).update(
        media_kind="video", content_type="video/mp4", shows_children=True, guardian_consent=False
    )
    src = reverse("contributions:attachment_file", args=[attachment.pk])
    assert client.get(src).status_code == 404


def test_film_is_shown_with_controls_and_served_in_ranges(client, process):
    attachment = attach(
        PublishedContributionFactory(process=process),
        content=MP4_BYTES,
        kind=MediaKind.VIDEO,
        content_type="video/mp4",
    )
    html = client.get(wall_url(process)).content.decode()
    assert "<video controls" in html
    src = reverse("contributions:attachment_file", args=[attachment.pk])
    response = client.get(src, HTTP_RANGE="bytes=0-9")
    assert response.status_code == 206
    assert response.content == MP4_BYTES[:10]
    assert response["Content-Range"] == f"bytes 0-9/{len(MP4_BYTES)}"
    assert client.get(src, HTTP_RANGE="bytes=99999-").status_code == 416


def test_missing_file_on_disk_is_404_not_500(client, process):
    attachment = attach(PublishedContributionFactory(process=process))
    attachment.file.storage.delete(attachment.file.name)
    response = client.get(reverse("contributions:attachment_file", args=[attachment.pk]))
    assert response.status_code == 404


def test_kit_in_the_start_link_is_passed_on_safely(client, process):
    response = client.get(
        reverse("contributions:submit_start", args=[process.slug]) + "?kit=a%26b%3Dc"
    )
    assert "?kit=a%26b%3Dc" in response.content.decode()


def test_pdf_is_offered_as_a_download(client, process):
    attachment = attach(
        PublishedContributionFactory(process=process),
        content=b"%PDF-1.4 test",
        kind=MediaKind.PDF,
        content_type="application/pdf",
    )
    response = client.get(reverse("contributions:attachment_file", args=[attachment.pk]))
    assert response["Content-Disposition"].startswith("attachment")


def report_url(contribution):
    return reverse("contributions:report", args=[contribution.process.slug, contribution.pk])


def _old_accounts(n):
    """Accounts older than REPORT_FULL_WEIGHT_DAYS with a verified address: one person each."""
    import datetime as dt

    from django.utils import timezone

    users = UserFactory.create_batch(n)
    for user in users:
        user.date_joined = timezone.now() - dt.timedelta(days=30)
        user.save(update_fields=["date_joined"])
    return users


def _report_as(contribution, user=None, address="10.0.0.1"):
    from django.test import Client

    reader = Client()
    if user is not None:
        reader.force_login(user)
    return reader.post(report_url(contribution), REMOTE_ADDR=address)


def test_three_signed_in_readers_on_three_connections_hide_it_and_officials_are_told(
    process, django_capture_on_commit_callbacks
):
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    admin = ProcessRoleFactory(process=process, role=Role.ADMIN).user
    ProcessRoleFactory(process=process, role=Role.POLITICIAN)  # not told: does not moderate
    contribution = PublishedContributionFactory(process=process)
    readers = _old_accounts(3)
    for n, reader in enumerate(readers[:2]):
        assert _report_as(contribution, reader, f"10.0.0.{n}").status_code == 302
        contribution.refresh_from_db()
        assert contribution.moderation_state == ModerationState.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        assert _report_as(contribution, readers[2], "10.0.0.3").status_code == 302
    contribution.refresh_from_db()
    assert contribution.moderation_state == ModerationState.HIDDEN
    assert list(contributions_hidden_by_reports(process=process)) == [contribution]
    assert contribution.title not in Client().get(wall_url(process)).content.decode()
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == sorted([official.email, admin.email])
    message = mail.outbox[0]
    assert process.title in message.subject
    assert f"/bidrag/{contribution.pk}/" in message.body
    assert "10.0.0" not in message.body, "no reporter's address in the mail"


def test_signed_out_reports_count_as_one_person_together(process):
    contribution = PublishedContributionFactory(process=process)
    for n in range(5):
        assert _report_as(contribution, None, f"10.0.2.{n}").status_code == 302
    contribution.refresh_from_db()
    assert contribution.moderation_state == ModerationState.PUBLISHED
    assert ContributionReport.objects.filter(contribution=contribution).count() == 5
    assert not mail.outbox


def test_one_person_signed_out_and_with_two_accounts_on_one_connection_counts_once(process):
    """The report from the field: once anonymous, once as each of two accounts, one address."""
    contribution = PublishedContributionFactory(process=process)
    first, second = UserFactory.create_batch(2)
    _report_as(contribution, None, "192.0.2.10")
    _report_as(contribution, first, "192.0.2.10")
    _report_as(contribution, second, "192.0.2.10")
    contribution.refresh_from_db()
    assert contribution.moderation_state == ModerationState.PUBLISHED
    assert ContributionReport.objects.filter(contribution=contribution).count() == 3


@pytest.mark.parametrize("aged", [False, True], ids=["fresh-accounts", "old-accounts"])
def test_two_accounts_and_a_signed_out_reader_do_not_hide_it(process, aged):
    """The hole in the issue: two free accounts plus one signed-out report from a third address
    hid anything. A signed-out report without a confirmed address now counts nothing."""
    contribution = PublishedContributionFactory(process=process)
    first, second = _old_accounts(2) if aged else UserFactory.create_batch(2)
    _report_as(contribution, first, "192.0.2.1")
    _report_as(contribution, second, "192.0.2.2")
    _report_as(contribution, None, "192.0.2.3")
    contribution.refresh_from_db()
    assert contribution.moderation_state == ModerationState.PUBLISHED
    assert ContributionReport.objects.filter(contribution=contribution).count() == 3


def test_fresh_accounts_count_half(process):
    contribution = PublishedContributionFactory(process=process)
    for n, reader in enumerate(UserFactory.create_batch(5)):
        _report_as(contribution, reader, f"192.0.2.{n}")
    contribution.refresh_from_db()
    assert contribution.moderation_state == ModerationState.PUBLISHED  # 2.5 people
    _report_as(contribution, UserFactory(), "192.0.2.9")
    contribution.refresh_from_db()
    assert contribution.moderation_state == ModerationState.HIDDEN  # 3
    event = contribution.events.get()
    assert event.reason and event.by is None, "the hide keeps its reason"


def test_an_account_moving_between_connections_counts_once(process):
    contribution = PublishedContributionFactory(process=process)
    reader = UserFactory()
    for n in range(3):
        _report_as(contribution, reader, f"198.51.100.{n}")
    contribution.refresh_from_db()
    assert contribution.moderation_state == ModerationState.PUBLISHED
    assert ContributionReport.objects.filter(contribution=contribution).count() == 1


def test_behind_a_trusted_proxy_readers_are_told_apart_by_forwarded_address(process, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    contribution = PublishedContributionFactory(process=process)
    readers = _old_accounts(3)
    for n, reader in enumerate(readers):
        client = Client()
        client.force_login(reader)
        client.post(
            report_url(contribution),
            REMOTE_ADDR="10.9.9.9",  # the load balancer
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    contribution.refresh_from_db()
    assert contribution.moderation_state == ModerationState.HIDDEN


def test_a_forged_forwarded_header_does_not_make_new_readers(process, settings):
    """Without a trusted proxy the header is the client's own word: ignored."""
    settings.TRUSTED_PROXY_COUNT = 0
    contribution = PublishedContributionFactory(process=process)
    for reader, n in zip(_old_accounts(3), range(3), strict=True):
        client = Client()
        client.force_login(reader)
        client.post(
            report_url(contribution), REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}"
        )
    contribution.refresh_from_db()
    assert contribution.moderation_state == ModerationState.PUBLISHED


def test_one_reporter_counts_once(client, process):
    contribution = PublishedContributionFactory(process=process)
    for _ in range(3):
        client.post(report_url(contribution), REMOTE_ADDR="10.0.0.1")
    client.post(report_url(contribution), REMOTE_ADDR="10.0.0.2")
    contribution.refresh_from_db()
    assert contribution.moderation_state == ModerationState.PUBLISHED
    assert ContributionReport.objects.filter(contribution=contribution).count() == 2


def test_no_raw_ip_address_is_stored(client, process):
    contribution = PublishedContributionFactory(process=process)
    client.post(report_url(contribution), REMOTE_ADDR="192.0.2.77")
    report = ContributionReport.objects.get()
    assert "192.0.2.77" not in report.reporter_key + report.address_key
    assert len(report.reporter_key) == 64 and len(report.address_key) == 64


def test_reporting_is_rate_limited_per_client(client, process, settings):
    set_rate(settings, "contributions.report", "3/h")
    contributions = PublishedContributionFactory.create_batch(4, process=process)
    answers = [client.post(report_url(c)).status_code for c in contributions]
    assert answers == [302, 302, 302, 429]
    assert ContributionReport.objects.count() == 3


def test_reviewed_reports_no_longer_count(client, process):
    contribution = PublishedContributionFactory(process=process)
    for n, reader in enumerate(_old_accounts(2)):
        _report_as(contribution, reader, f"10.0.1.{n}")
    contribution_reports_review(contribution=contribution)
    _report_as(contribution, _old_accounts(1)[0], "10.0.1.9")
    contribution.refresh_from_db()
    assert contribution.moderation_state == ModerationState.PUBLISHED


def test_unpublished_contribution_cannot_be_reported(client, process):
    contribution = ContributionFactory(process=process)
    assert client.post(report_url(contribution)).status_code == 404
    assert not ContributionReport.objects.exists()


def test_report_needs_post_and_csrf(process):
    from django.test import Client

    contribution = PublishedContributionFactory(process=process)
    strict = Client(enforce_csrf_checks=True)
    assert strict.get(report_url(contribution)).status_code == 405
    assert strict.post(report_url(contribution)).status_code == 403
    assert not ContributionReport.objects.exists()


def test_process_page_shows_call_to_action_counts_and_the_kits_section(client, process):
    from tests.contributions.factories import KitFactory

    kit = KitFactory(process=process, title="Samtal om framtiden", slug="framtid")
    ContributionFactory(process=process, kind=ContributionKind.GROUP_REPORT, kit=kit)
    ContributionFactory(process=process, kind=ContributionKind.GROUP_REPORT, kit=kit)
    PublishedContributionFactory(process=process)
    html = client.get(process.get_absolute_url()).content.decode()
    assert 'id="send-contribution"' in html
    assert reverse("contributions:submit_start", args=[process.slug]) in html
    assert '<span class="stat">1</span>' in html
    assert "Samtal om framtiden" in html
    assert reverse("dialog:kit_detail", args=[process.slug, "framtid"]) in html
    assert "2 groups have taken part" in html or "2 grupper" in html


def test_process_page_without_input_stage_has_no_send_button(client):
    from visionsprocess.models import StageKind

    process = ProcessFactory(current_stage=StageKind.ADOPTION)
    html = client.get(process.get_absolute_url()).content.decode()
    assert 'id="contributions-section"' in html
    assert 'id="send-contribution"' not in html
    assert 'id="read-contributions"' in html


def test_reporting_from_the_wall_answers_in_place_with_htmx(client, process):
    contribution = PublishedContributionFactory(process=process)
    response = client.post(report_url(contribution), REMOTE_ADDR="10.0.2.1", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and 'role="status"' in html
    assert "Tack. En tjänsteperson kommer att titta på bidraget du anmälde." in html
    again = client.post(report_url(contribution), REMOTE_ADDR="10.0.2.1", HTTP_HX_REQUEST="true")
    assert "Du har redan anmält det här bidraget." in again.content.decode()
    # The wall's form posts with htmx, and still works as a plain form.
    wall = client.get(wall_url(process)).content.decode()
    assert f'hx-post="{report_url(contribution)}"' in wall
    assert client.post(report_url(contribution), REMOTE_ADDR="10.0.2.2").status_code == 302


def test_the_wall_is_kept_for_every_reader_with_their_own_csrf_token_and_shows_a_change_at_once(
    process,
):
    """The cards are rendered once per version of the process: a second reader costs fewer
    queries, gets a token of their own (never a marker or the first reader's), can report with
    it, and a contribution withdrawn from the web is gone from the next page."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from contributions.models import ModerationAction
    from contributions.services.handling import contribution_moderate

    kept = PublishedContributionFactory(process=process, title="Fler cykelvägar till Hok")
    gone = PublishedContributionFactory(process=process, title="Badplats vid Hjortsjön")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get("/")
    second.get("/")  # warm up caches that are not the wall's own
    with CaptureQueriesContext(connection) as made:
        first_html = first.get(wall_url(process)).content.decode()
    with CaptureQueriesContext(connection) as kept_queries:
        second_html = second.get(wall_url(process)).content.decode()
    assert len(kept_queries) < len(made)
    assert "Fler cykelvägar till Hok" in second_html and "Badplats vid Hjortsjön" in second_html
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert "vpcsrf" not in second_html
    assert set(token.findall(first_html)).isdisjoint(token.findall(second_html))
    answer = second.post(
        reverse("contributions:report", args=[process.slug, kept.pk]),
        {"csrfmiddlewaretoken": token.findall(second_html)[0]},
    )
    assert answer.status_code == 302
    assert ContributionReport.objects.filter(contribution=kept).count() == 1

    contribution_moderate(
        contribution=gone, action=ModerationAction.HIDDEN, by=UserFactory(), reason="Dubblett"
    )
    html = second.get(wall_url(process)).content.decode()
    assert "Fler cykelvägar till Hok" in html and "Badplats vid Hjortsjön" not in html
    assert (
        "Badplats vid Hjortsjön"
        not in Client().get(wall_url(process, ordning="stod")).content.decode()
    )
