"""Writes of the citizens' side: sending in a contribution and reporting one as offensive."""

import rules
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from visionsprocess import changes, outbox
from visionsprocess.models import EmailKind, ProcessRole, Role, VisionProcess
from visionsprocess.notices.services import follow_implicit
from visionsprocess.redact import masked_logger
from visionsprocess.services import absolute_url, email_send_template

from ..filters import MODERATION_STATE
from ..links import tracking_url
from ..models import (
    Attachment,
    Contribution,
    ContributionKind,
    MediaKind,
    ModerationAction,
    ModerationEvent,
    ModerationState,
    ReportReason,
)
from ..predicates import stage_open_for
from ..uploads import PreparedFile, check_total, prepare_upload
from .reports import REPORTS_TO_HIDE, people_reporting, report_create

logger = masked_logger(__name__)

#: The kinds of media the guardian rule covers: pictures and films alike.
CAN_SHOW_CHILDREN = (MediaKind.IMAGE, MediaKind.VIDEO)

#: How many files one contribution may carry.
MAX_FILES = 10

#: The fields a citizen may fill in, per kind (besides the common ones).
KIND_FIELDS = {
    ContributionKind.IDEA: ("title",),
    ContributionKind.LETTER: ("letter_year", "greeting"),
    ContributionKind.GROUP_REPORT: (
        "group_kind",
        "group_name",
        "group_size",
        "group_age_bands",
        "kit",
    ),
}
COMMON_FIELDS = ("text", "pseudonym", "district", "age_band", "email", "consent_to_publish")
CITIZEN_KINDS = tuple(KIND_FIELDS)


def _validate(process: VisionProcess, kind: str, data: dict, prepared: list, options: dict):
    if kind not in CITIZEN_KINDS:
        raise ValidationError(_("Choose what kind of contribution you are sending in."))
    if not rules.has_perm(stage_open_for(kind), None, process):
        raise ValidationError(_("The process does not take this kind of contribution right now."))
    unknown = set(data) - set(COMMON_FIELDS) - set(KIND_FIELDS[kind])
    if unknown:
        raise ValidationError(
            _("The field %(name)s cannot be set here.") % {"name": ", ".join(sorted(unknown))}
        )
    has_pictures = any(p.media_kind in CAN_SHOW_CHILDREN for p in prepared)
    if has_pictures and options["shows_children"] and not options["guardian_consent"]:
        raise ValidationError(
            {
                "guardian_consent": _(
                    "Pictures and films that show children need the consent of their guardians."
                )
            }
        )
    kit = data.get("kit")
    if kit is not None and (kit.process_id != process.pk or not kit.is_published):
        raise ValidationError({"kit": _("Choose one of the process's conversation kits.")})
    district = data.get("district")
    if district is not None and district.municipality_id != process.municipality_id:
        raise ValidationError({"district": _("Choose a district of the municipality.")})


def contribution_submit(
    *,
    process: VisionProcess,
    kind: str,
    data: dict,
    files: list | None = None,
    author=None,
    shows_children: bool = False,
    guardian_consent: bool = False,
    media_description: str = "",
) -> Contribution:
    """Save a citizen's contribution and its media files, all or nothing.

    ``data`` holds the contribution's fields (see ``COMMON_FIELDS`` and ``KIND_FIELDS``).
    Every file is checked and prepared before anything is written; the contribution and its
    attachments are saved in one transaction, and files already written are deleted if it fails.
    """
    files = list(files or [])
    try:
        if len(files) > MAX_FILES:
            raise ValidationError(
                _("You can send at most %(count)s files with one contribution.")
                % {"count": MAX_FILES}
            )
        check_total(files)
        prepared: list[PreparedFile] = [prepare_upload(upload) for upload in files]
    except ValidationError as error:
        raise ValidationError({"files": error.messages}) from error
    options = {"shows_children": shows_children, "guardian_consent": guardian_consent}
    _validate(process, kind, data, prepared, options)

    stored: list[tuple] = []
    try:
        with transaction.atomic():
            contribution = Contribution(
                process=process,
                kind=kind,
                stage=process.current_stage,
                author=author if getattr(author, "is_authenticated", False) else None,
                **data,
            )
            # The form checked the fields, and the database enforces the check and unique
            # constraints: validating them here would cost ten more statements per submission.
            contribution.full_clean(
                exclude=["process"], validate_unique=False, validate_constraints=False
            )
            try:
                contribution.save()
            except IntegrityError as error:
                logger.warning("A contribution broke a database constraint: %s", error)
                raise ValidationError(
                    _("The contribution could not be saved. Check what you wrote and try again.")
                ) from error
            # Recorded in the transaction: published only if it commits.
            changes.record(process=contribution.process_id, contributions=[contribution.pk])
            for order, item in enumerate(prepared):
                attachment = Attachment(
                    contribution=contribution,
                    media_kind=item.media_kind,
                    content_type=item.content_type,
                    size=item.size,
                    width=item.width,
                    height=item.height,
                    description=media_description.strip()[:300],
                    shows_children=shows_children and item.media_kind in CAN_SHOW_CHILDREN,
                    guardian_consent=guardian_consent,
                    order=order,
                )
                attachment.file.save(f"upload.{item.extension}", item.content, save=False)
                stored.append((attachment.file.storage, attachment.file.name))
                attachment.full_clean(
                    exclude=["contribution"], validate_unique=False, validate_constraints=False
                )
                attachment.save()
            if contribution.email:
                # The address was given to hear what became of the contribution: its sender
                # follows it (notices of feedback, citations, activities) from the start.
                follow_implicit(target=contribution, email=contribution.email, user=author)
                if outbox.unsolicited_mail_allowed(contribution.email):
                    email_send_template(
                        to=[contribution.email],
                        template="contributions/public/email/receipt",
                        context={
                            "process": process,
                            "contribution": contribution,
                            "tracking_url": tracking_url(contribution),
                        },
                        kind=EmailKind.RECEIPT,
                    )
                else:
                    # Someone may be sending contributions in a stranger's name: the
                    # contribution is kept (and its private link shown on the page), but the
                    # address gets no more receipts today.
                    logger.info("contribution %s: receipt not sent (daily limit)", contribution.pk)
    except BaseException:
        for storage, name in stored:
            try:
                storage.delete(name)
            except OSError:  # pragma: no cover - best effort; logged without personal data
                logger.warning("Could not remove an orphaned upload %s", name)
        raise
    return contribution


@transaction.atomic
def contribution_claim(*, contribution: Contribution, user) -> Contribution:
    """Put a contribution sent without an account into ``user``'s account ("Mina sidor").

    Whoever holds the private tracking link may claim it, once; a contribution that already
    belongs to another account stays there. Claiming it twice is harmless.
    """
    if not getattr(user, "is_authenticated", False):
        raise ValidationError(_("Log in to save the contribution on My pages."))
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if locked.author_id == user.pk:
        return locked
    if locked.author_id is not None:
        raise ValidationError(_("This contribution already belongs to another account."))
    locked.author = user
    locked.save(update_fields=["author", "modified"])
    if locked.email:
        follow_implicit(target=locked, email=locked.email, user=None)
    contribution.author = user
    changes.record(process=locked.process_id, contributions=[locked.pk])
    return locked


def _officials_to_tell(process) -> list[str]:
    return sorted(
        {
            email
            for email in ProcessRole.objects.filter(
                process=process, role__in=[Role.OFFICIAL, Role.ADMIN], user__is_active=True
            ).values_list("user__email", flat=True)
            if email
        }
    )


@transaction.atomic
def contribution_report(
    *,
    contribution: Contribution,
    ip: str | None,
    user=None,
    participant=None,
    reason: str = ReportReason.OFFENSIVE,
) -> bool:
    """Record a report of a published contribution; hide it for review once the open reports
    weigh ``REPORTS_TO_HIDE`` people (see ``services.reports``), keeping the reason, and tell
    the process's officials.

    Returns ``False`` if this reporter had already reported it (a reporter counts once).
    """
    # Lock the row so that simultaneous reports are counted one after another.
    contribution = (
        Contribution.objects.select_for_update().select_related("process").get(pk=contribution.pk)
    )
    if contribution.moderation_state != ModerationState.PUBLISHED:
        raise ValidationError(_("This contribution is not shown on the web."))
    report = report_create(
        contribution=contribution, ip=ip, user=user, participant=participant, reason=reason
    )
    if report is None:
        return False
    open_reports = list(contribution.reports.filter(comment__isnull=True, reviewed_at__isnull=True))
    if people_reporting(open_reports) >= REPORTS_TO_HIDE:
        contribution.moderation_state = ModerationState.HIDDEN
        contribution.save(update_fields=["moderation_state", "modified"])
        ModerationEvent.objects.create(
            contribution=contribution,
            action=ModerationAction.HIDDEN,
            from_state=ModerationState.PUBLISHED,
            to_state=ModerationState.HIDDEN,
            reason=hidden_by_reports_reason(),
        )
        changes.record(
            process=contribution.process_id,
            contributions=[contribution.pk],
            fields=[MODERATION_STATE],
        )
        officials = _officials_to_tell(contribution.process)
        if officials:
            email_send_template(
                to=officials,
                template="contributions/staff/email/hidden_by_reports",
                context={
                    "process": contribution.process,
                    "contribution": contribution,
                    "reports": len(open_reports),
                    "url": absolute_url(
                        reverse(
                            "contributions:staff_contribution",
                            args=[contribution.process.slug, contribution.pk],
                        )
                    ),
                },
            )
    return True


def hidden_by_reports_reason() -> str:
    """The reason kept with anything hidden by readers' reports (in the site's language)."""
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        return _("Hidden for review: reported by three different readers.")


@transaction.atomic
def contribution_reports_review(*, contribution: Contribution) -> int:
    """Mark a contribution's open reports as looked at by an official (for the staff side).

    After this, new reports from other readers count afresh.
    """
    return contribution.reports.filter(comment__isnull=True, reviewed_at__isnull=True).update(
        reviewed_at=timezone.now()
    )
