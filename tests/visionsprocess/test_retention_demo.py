"""Gallring on the demo: every removed value is gone from the database, the media files and the
log of the run, and the public counts are the same as before.

Before the run the test collects every personal value the apps hold for the process (names,
pseudonyms, e-mail addresses, hashed keys), leaving out the values that stay for another purpose
(an account's name or address, the same name in another process). After the run it searches every
text column of every table, every file under MEDIA_ROOT and the captured log for each of them.
"""

import datetime as dt
import logging
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.db.models import Q
from django.utils import timezone

from contributions.models import Contribution, EProposal, EProposalSupport
from dialog.models import Meeting, MeetingStatus
from visionsprocess import retention
from visionsprocess.models import (
    OutgoingEmail,
    RetentionReport,
    RetentionRule,
    VisionProcess,
)
from visionsprocess.registry import personal_data

# load_demo replaces every version at the end, like the other demo tests.
pytestmark = [pytest.mark.django_db, pytest.mark.no_tripwire]

SLUG = "vision-2040"
TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField, models.JSONField)


def _demo_process_with_every_kind():
    """The demo's Vision 2040, closed three years ago under a 24-month rule, with a registration,
    a follower and a report added (the demo has none of them)."""
    from contributions.services.submission import contribution_report
    from dialog.services import registration_create
    from visionsprocess.notices.services import follow_request

    call_command("load_demo", verbosity=0)
    process = VisionProcess.objects.get(slug=SLUG)
    meeting = (
        Meeting.objects.filter(process=process, starts_at__gt=timezone.now())
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(kind="internal")
        .first()
    )
    registration_create(
        meeting=meeting,
        name="Gunilla Gallringsdotter",
        email="gunilla.gallring@example.org",
        needs="Hörslinga, Gunilla behöver sitta nära",
    )
    follow_request(target=process, email="folke.foljare@example.org")
    published = Contribution.objects.filter(process=process, moderation_state="published").first()
    contribution_report(contribution=published, ip="203.0.113.77")
    rule = RetentionRule.objects.create(
        municipality=process.municipality,
        name="Medborgardialog, synpunkter och anmälningar",
        plan_reference="Informationshanteringsplan KS 2.3",
        months_after_close=24,
        keep_public_text=True,
    )
    process.retention_rule = rule
    process.closed_on = timezone.localdate() - dt.timedelta(days=3 * 365)
    process.save()
    return process


def _values_removed(process) -> set[str]:
    """The personal values of the process that gallring must remove: what the apps hold for it,
    less what stays for another purpose (accounts, other processes' own data)."""
    held = set()
    for kind in personal_data:
        held |= {v for v in kind.values(process) if v}
    kept = set()
    for other in VisionProcess.objects.exclude(pk=process.pk):
        for kind in personal_data:
            kept |= set(kind.values(other))
    for user in get_user_model().objects.all():
        kept |= {user.email, user.first_name, user.last_name, user.display_name, user.username}
    return {v for v in held - kept if len(v) >= 3}


#: The columns that hold personal data of a process (what the apps register for gallring).
#: A value found also outside them before the run (a group's name "PRO Skillingaryd" in the kept
#: title of its report, an organisation in the register, a word in a theme's description) is
#: not personal data of the process alone and is left out of the scan.
PERSONAL_COLUMNS = {
    ("contributions.Contribution", "pseudonym"),
    ("contributions.Contribution", "email"),
    ("contributions.Comment", "display_name"),
    ("contributions.Participant", "display_name"),
    ("contributions.Participant", "confirm_token"),
    ("contributions.Support", "voter_key"),
    ("contributions.ContributionReport", "reporter_key"),
    ("contributions.ContributionReport", "address_key"),
    ("contributions.SurveyResponse", "respondent_key"),
    ("dialog.Registration", "name"),
    ("dialog.Registration", "email"),
    ("dialog.Registration", "needs"),
    ("contributions.EProposal", "display_name"),
    ("contributions.EProposalSupport", "voter_key"),
    ("visionsprocess.ConsultationAnswer", "respondent_name"),
    ("visionsprocess.ConsultationAnswer", "email"),
    ("visionsprocess.Subscriber", "email"),
    ("visionsprocess.Subscriber", "token"),
    ("visionsprocess.Notice", "context"),
    ("visionsprocess.OutgoingEmail", "to"),
    ("visionsprocess.OutgoingEmail", "subject"),
    ("visionsprocess.OutgoingEmail", "body"),
    ("visionsprocess.OutgoingEmail", "html_body"),
    ("visionsprocess.OutgoingEmail", "headers"),
}


def _database_text(*, leave_out=frozenset()) -> str:
    """Every text column of every table, as one string (``leave_out``: columns not read)."""
    parts = []
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, TEXT_FIELDS)
            and not isinstance(f, models.FileField)
            and (model._meta.label, f.attname) not in leave_out
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            parts.extend(str(value) for value in row if value not in (None, "", {}, []))
    return "\n".join(parts)


def _media_bytes() -> bytes:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return b""
    return b"\n".join(path.read_bytes() for path in root.rglob("*") if path.is_file())


def _found(value: str, text: str) -> bool:
    return re.search(rf"(?<![\w@.]){re.escape(value)}(?![\w@])", text, re.IGNORECASE) is not None


def _public_figures(client, process, removed) -> dict:
    """The public aggregates: the numbers on the process page, on "Ni sa – vi gjorde" and in
    "Vilka har deltagit?", read from the pages as a citizen sees them (a removed pseudonym such
    as a school class's "8B" is not a figure, so removed values are taken out first)."""
    from contributions.selectors.public import published_counts
    from contributions.selectors.representation import representation_public_until

    pages = {}
    for name, url in (
        ("process", f"/process/{process.slug}/"),
        ("outcome", f"/process/{process.slug}/ni-sa-vi-gjorde/"),
    ):
        html = client.get(url).content.decode()
        text = re.sub(r"<[^>]+>", " ", html)
        for value in sorted(removed, key=len, reverse=True):
            text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", text)
        pages[name] = re.findall(r"\d[\d  ]*\d|\d", text)
    rep, _until = representation_public_until(process=process)
    pages["counts"] = published_counts(process=process)
    pages["representation_total"] = rep.total if rep is not None else None
    pages["registered"] = list(
        Meeting.objects.filter(process=process)
        .order_by("pk")
        .values_list("pk", "participant_count")
    )
    return pages


def test_gallring_on_the_demo_leaves_no_removed_value_and_the_same_public_figures(client, caplog):
    process = _demo_process_with_every_kind()
    removed = _values_removed(process)
    assert "gunilla.gallring@example.org" in removed and "folke.foljare@example.org" in removed
    assert "Gunilla Gallringsdotter" in removed
    assert OutgoingEmail.objects.filter(to="gunilla.gallring@example.org").exists()
    before_db = _database_text()
    assert all(_found(v, before_db) for v in removed)  # the scan would see them
    elsewhere = _database_text(leave_out=PERSONAL_COLUMNS)
    removed = {v for v in removed if not _found(v, elsewhere)}
    # The people of the demo's e-förslag: Karin proposed one and Ali another (without accounts).
    assert {"Karin i Skillingaryd", "Ali från Hok", "Margareta, Klevshult"} <= removed
    assert len(removed) > 50
    # Names as pages show them, short ones too ("8B"), to be taken out before reading figures.
    names = {v for kind in personal_data for v in kind.values(process) if re.search(r"[^\W\d]", v)}
    figures_before = _public_figures(client, process, names)
    registrations_before = process.meetings.aggregate(n=models.Count("registrations"))["n"]

    with caplog.at_level(logging.DEBUG):
        result = retention.gallra(process=process)

    assert result.total > 0 and RetentionReport.objects.filter(process=process).count() == 1
    after_db = _database_text()
    media = _media_bytes().decode("utf-8", errors="ignore")
    log = "\n".join(record.getMessage() for record in caplog.records)
    assert [v for v in removed if _found(v, after_db)] == []
    assert [v for v in removed if _found(v, media)] == []
    assert [v for v in removed if _found(v, log)] == []
    assert _public_figures(client, process, names) == figures_before
    assert process.meetings.aggregate(n=models.Count("registrations"))["n"] == registrations_before
    assert retention.preview(process=process).total == 0  # nothing left to remove
    proposals = EProposal.objects.filter(process=process)
    assert proposals.exists() and not proposals.filter(birth_year__isnull=False).exists()
    assert not EProposalSupport.objects.filter(
        Q(proposal__process=process), Q(user__isnull=False) | Q(participant__isnull=False)
    ).exists()
