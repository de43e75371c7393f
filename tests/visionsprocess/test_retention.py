"""Gallring of a process's personal data: the service, the page, the command and the beat task."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from contributions.models import Attachment, Comment, Contribution, MediaKind
from dialog.models import Registration
from tests.contributions.factories import PublishedContributionFactory
from tests.dialog.factories import RegistrationFactory
from tests.factories import MunicipalityFactory, ProcessFactory, UserFactory
from visionsprocess import retention
from visionsprocess.models import (
    Municipality,
    OutgoingEmail,
    RetentionReport,
    RetentionRule,
    VisionProcess,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)


def _rule(process, *, months=24, keep=True):
    return RetentionRule.objects.get_or_create(
        municipality=process.municipality,
        name=f"Medborgardialog ({months} mån., {'text kvar' if keep else 'allt'})",
        plan_reference="Informationshanteringsplan KS 2.3",
        months_after_close=months,
        keep_public_text=keep,
    )[0]


def _closed(process, *, closed_on=dt.date(2024, 1, 31), months=24, keep=True):
    process.retention_rule = _rule(process, months=months, keep=keep)
    process.closed_on = closed_on
    process.save()
    return process


@pytest.fixture
def process():
    return ProcessFactory()


def test_months_are_calendar_months_from_the_closing_day():
    assert retention.add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert retention.add_months(dt.date(2024, 1, 31), 24) == dt.date(2026, 1, 31)


def test_gallring_is_refused_before_the_period_has_passed_with_the_date(process):
    _closed(process, closed_on=dt.date(2025, 6, 1), months=24)
    contribution = PublishedContributionFactory(process=process, pseudonym="Stina Sand")
    with pytest.raises(ValidationError) as error:
        retention.gallra(process=process, today=TODAY)
    assert "2027-06-01" in error.value.messages[0]
    assert "KS 2.3" in error.value.messages[0]
    contribution.refresh_from_db()
    assert contribution.pseudonym == "Stina Sand"
    assert not RetentionReport.objects.exists()


@translation.override("en")
def test_gallring_is_refused_without_a_rule_or_a_closing_day(process):
    with pytest.raises(ValidationError, match="no retention rule"):
        retention.gallra(process=process, today=TODAY)
    process.retention_rule = _rule(process)
    process.save()
    with pytest.raises(ValidationError, match="not closed"):
        retention.gallra(process=process, today=TODAY)


def test_a_dry_run_counts_and_changes_nothing(process):
    _closed(process)
    PublishedContributionFactory(process=process, pseudonym="Stina", email="stina@example.org")
    result = retention.gallra(process=process, dry_run=True, today=TODAY)
    assert result.counts["contributions.senders"] == 1
    assert Contribution.objects.get().email == "stina@example.org"
    assert not RetentionReport.objects.exists()


def test_senders_lose_their_names_and_addresses_but_what_they_said_stays(process):
    _closed(process)
    author = UserFactory()
    contribution = PublishedContributionFactory(
        process=process, pseudonym="Stina", email="stina@example.org", author=author
    )
    result = retention.gallra(process=process, today=TODAY)
    contribution.refresh_from_db()
    assert (contribution.pseudonym, contribution.email, contribution.author) == ("", "", None)
    assert contribution.text.startswith("Fler cykelvägar")
    assert result.report.counts["contributions.senders"] == 1
    assert result.report.total == result.total


def test_a_second_run_removes_nothing_more(process):
    _closed(process)
    PublishedContributionFactory(process=process, pseudonym="Stina")
    retention.gallra(process=process, today=TODAY)
    assert retention.gallra(process=process, today=TODAY).total == 0


def test_registrations_are_anonymised_and_mail_to_them_removed_but_counts_stay(process):
    _closed(process)
    registration = RegistrationFactory(
        meeting__process=process, name="Gunilla Gran", email="gunilla@example.org", needs="Tolk"
    )
    OutgoingEmail.objects.create(to="gunilla@example.org", subject="Välkommen", body="Hej Gunilla")
    account = UserFactory(email="konto@example.org")
    OutgoingEmail.objects.create(to="konto@example.org", subject="Annat", body="Hej")
    RegistrationFactory(meeting=registration.meeting, email="konto@example.org", user=account)

    result = retention.gallra(process=process, today=TODAY)

    registration.refresh_from_db()
    assert registration.name == "–" and registration.needs == ""
    assert registration.email.endswith("@gallrad.invalid")
    assert Registration.objects.filter(meeting=registration.meeting).count() == 2
    assert not OutgoingEmail.objects.filter(to="gunilla@example.org").exists()
    # The account's address is still the account's: its mail is not this process's alone.
    assert OutgoingEmail.objects.filter(to="konto@example.org").exists()
    assert result.counts["dialog.registrations"] == 2
    assert result.counts["core.outgoing_email"] == 1


def test_another_process_keeps_its_personal_data(process):
    _closed(process)
    other = ProcessFactory(municipality=process.municipality)
    PublishedContributionFactory(process=process, pseudonym="Stina")
    theirs = PublishedContributionFactory(process=other, pseudonym="Stina")
    retention.gallra(process=process, today=TODAY)
    theirs.refresh_from_db()
    assert theirs.pseudonym == "Stina"


def test_comments_lose_their_names_but_the_municipalitys_answer_keeps_its_author(process):
    _closed(process)
    official = UserFactory()
    contribution = PublishedContributionFactory(process=process)
    citizen = Comment.objects.create(contribution=contribution, display_name="Kalle", text="Bra!")
    answer = Comment.objects.create(
        contribution=contribution, author=official, is_official_answer=True, text="Tack"
    )
    retention.gallra(process=process, today=TODAY)
    citizen.refresh_from_db()
    answer.refresh_from_db()
    assert citizen.display_name == "" and citizen.text == "Bra!"
    assert answer.author == official


def test_without_the_public_record_texts_and_files_go_and_the_count_stays(process, settings):
    _closed(process, keep=False)
    contribution = PublishedContributionFactory(process=process, pseudonym="Stina")
    attachment = Attachment(
        contribution=contribution,
        media_kind=MediaKind.IMAGE,
        content_type="image/png",
        size=3,
    )
    attachment.file.save("bild.png", ContentFile(b"png"), save=True)
    path = attachment.file.path
    retention.gallra(process=process, today=TODAY)
    contribution.refresh_from_db()
    assert contribution.text == "" and contribution.title == ""
    assert not Attachment.objects.exists()
    assert not __import__("os").path.exists(path)
    assert Contribution.objects.filter(process=process).count() == 1


def test_a_rule_of_another_municipality_cannot_be_chosen(process):
    other = Municipality.objects.create(name="Jönköpings kommun", code="0680")
    foreign = RetentionRule.objects.create(
        municipality=other, name="X", plan_reference="IHP 1", months_after_close=1
    )
    with pytest.raises(ValidationError):
        retention.retention_settings_save(process=process, retention_rule=foreign, closed_on=None)


def test_a_closing_day_to_come_is_refused(process):
    with pytest.raises(ValidationError):
        retention.retention_settings_save(
            process=process,
            retention_rule=None,
            closed_on=timezone.localdate() + dt.timedelta(days=1),
        )


def test_the_beat_task_runs_only_due_processes():
    from visionsprocess.tasks import gallra_due

    due = _closed(ProcessFactory(), closed_on=dt.date(2020, 1, 1))
    waiting = _closed(ProcessFactory(), closed_on=timezone.localdate(), months=12)
    PublishedContributionFactory(process=due, pseudonym="Stina")
    PublishedContributionFactory(process=waiting, pseudonym="Stina")
    assert gallra_due() == {due.slug: 1}
    assert Contribution.objects.get(process=waiting).pseudonym == "Stina"
    assert gallra_due() == {}  # nothing left: no second report
    assert RetentionReport.objects.count() == 1


def test_the_command_dry_run_prints_counts_and_removes_nothing(process):
    _closed(process, closed_on=dt.date(2020, 1, 1))
    PublishedContributionFactory(process=process, pseudonym="Stina", email="s@example.org")
    out = io.StringIO()
    call_command("gallra", "--process", process.slug, "--dry-run", stdout=out)
    assert f"{process.slug}: would remove 1" in out.getvalue()
    assert "s@example.org" not in out.getvalue() and "Stina" not in out.getvalue()
    assert Contribution.objects.get().pseudonym == "Stina"
    call_command("gallra", stdout=out)
    assert Contribution.objects.get().pseudonym == ""


@translation.override("en")
def test_the_command_says_why_it_refuses(process):
    _closed(process, closed_on=timezone.localdate())
    with pytest.raises(CommandError, match="has not passed|har inte gått ut"):
        call_command("gallra", "--process", process.slug, stdout=io.StringIO())
    with pytest.raises(CommandError, match="No process"):
        call_command("gallra", "--process", "<script>", stdout=io.StringIO())


# --- The page -----------------------------------------------------------------------------------


def _url(process):
    return reverse("staff:gallring", kwargs={"slug": process.slug})


def test_the_page_shows_the_dry_run_and_refuses_a_run_before_the_date(client, role_users):
    process, users = role_users
    _closed(process, closed_on=timezone.localdate())
    PublishedContributionFactory(process=process, pseudonym="Stina")
    client.force_login(users["admin"])
    page = client.get(_url(process)).content.decode()
    assert (
        "The retention period has not passed" in page or "Gallringsfristen har inte gått ut" in page
    )
    assert "Stina" not in page
    response = client.post(_url(process), {"action": "run"})
    assert response.status_code == 400
    assert Contribution.objects.get().pseudonym == "Stina"


def test_the_administrator_runs_it_and_reads_the_report(client, role_users):
    process, users = role_users
    _closed(process, closed_on=dt.date(2020, 1, 1))
    PublishedContributionFactory(process=process, pseudonym="Stina")
    client.force_login(users["admin"])
    response = client.post(_url(process), {"action": "run"}, follow=True)
    assert response.status_code == 200
    report = RetentionReport.objects.get()
    assert report.run_by == users["admin"] and report.total == 1
    assert "KS 2.3" in response.content.decode()


def test_the_administrator_sets_the_rule_and_closing_day(client, role_users):
    process, users = role_users
    rule = _rule(process)
    client.force_login(users["admin"])
    response = client.post(
        _url(process),
        {"action": "settings", "retention_rule": rule.pk, "closed_on": "2025-03-01"},
    )
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.retention_rule == rule and process.closed_on == dt.date(2025, 3, 1)


@pytest.mark.parametrize("closed_on", ["<script>alert(1)</script>", "2025-02-30", "9999-01-01"])
def test_a_bad_closing_day_is_a_message_not_an_error(client, role_users, closed_on):
    process, users = role_users
    client.force_login(users["admin"])
    response = client.post(_url(process), {"action": "settings", "closed_on": closed_on})
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.content.decode()
    process.refresh_from_db()
    assert process.closed_on is None


def test_a_rule_id_of_another_municipality_is_refused_on_the_page(client, role_users):
    process, users = role_users
    other = MunicipalityFactory(name="Jönköpings kommun", code="0680")
    foreign = RetentionRule.objects.create(
        municipality=other, name="X", plan_reference="IHP 1", months_after_close=1
    )
    client.force_login(users["admin"])
    response = client.post(_url(process), {"action": "settings", "retention_rule": foreign.pk})
    assert response.status_code == 400
    assert VisionProcess.objects.get(pk=process.pk).retention_rule is None


def test_the_page_lists_without_a_query_per_report(
    client, role_users, django_assert_max_num_queries
):
    process, users = role_users
    _closed(process, closed_on=dt.date(2020, 1, 1))
    for _n in range(5):
        RetentionReport.objects.create(process=process, rule_text="IHP", counts={"x": 1}, total=1)
    client.force_login(users["admin"])
    client.get(_url(process))  # warm the session and permission caches
    with django_assert_max_num_queries(40):
        assert client.get(_url(process)).status_code == 200
