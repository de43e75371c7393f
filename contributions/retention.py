"""The personal data contributions holds for a process, registered for gallring
(``visionsprocess/retention.py``).

Removed or anonymised in place (rows stay, so every count stays):

* senders of contributions: name or pseudonym, e-mail for feedback, the link to the account;
* comments: the name or pseudonym shown, the link to the account or participant (the
  municipality's own answers keep their official author: they are the authority's words);
* participants without an account who took part only in this process, with their e-mail
  address when nothing else uses it;
* supports and reports: the hashed keys of the supporter, reporter and client address are
  replaced by random ones (the count of supports and the one-per-person rule stay);
* survey responses: the hashed respondent key, the link to the account and unsent drafts.

Texts, pictures and films stay when the retention rule keeps the public record of what was said;
otherwise they are emptied and the files deleted (``contributions.texts``).
"""

import uuid

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from visionsprocess.models import Subscriber
from visionsprocess.registry import PersonalData, personal_data

from .models import (
    Attachment,
    Comment,
    Contribution,
    ContributionReport,
    EProposal,
    EProposalSupport,
    KeyPoint,
    Participant,
    Support,
    SurveyResponse,
)

#: Hashed keys removed by gallring start with this (a real key is a 64-digit hex digest).
REMOVED_KEY = "gallrad-"


def _random_key() -> str:
    return REMOVED_KEY + uuid.uuid4().hex


def anonymise(rows, *, rekey_field: str = "", public_text: bool = False, **cleared):
    """The remover of a kind of personal data (``PersonalData.remove``) that anonymises in place:
    ``cleared`` (column=empty value) in every row of ``rows(process)``, the rows stay, so every
    count stays; with ``rekey_field`` each row gets a random key of its own there (``rekey``).
    A ``public_text`` kind is kept when the retention rule keeps the public record."""

    def remove(process, keep_public_text: bool) -> int:
        if public_text and keep_public_text:
            return 0
        if rekey_field:
            return rekey(rows(process), rekey_field, **cleared)
        return rows(process).update(**cleared)

    return remove


# --- Senders of contributions -------------------------------------------------------------------


def _senders(process):
    return Contribution.objects.filter(process=process).filter(
        ~Q(pseudonym="") | ~Q(email="") | Q(author__isnull=False)
    )


def _sender_values(process) -> set[str]:
    rows = Contribution.objects.filter(process=process).values_list("pseudonym", "email")
    return {value for row in rows for value in row if value}


_remove_senders = anonymise(_senders, pseudonym="", email="", author=None)


# --- Texts and files (only when the rule does not keep the public record) -----------------------


def _with_text(process):
    return (
        Contribution.objects.filter(process=process)
        .filter(~Q(text="") | ~Q(title="") | ~Q(greeting="") | Q(attachments__isnull=False))
        .distinct()
    )


def _key_points(process):
    """The synthesis's key points: sentences of the contributions, emptied with them."""
    return KeyPoint.objects.filter(section__version__synthesis__process=process).exclude(text="")


def _count_texts(process, keep_public_text: bool) -> int:
    if keep_public_text:
        return 0
    return (
        _with_text(process).count()
        + _comments(process).exclude(text="").count()
        + _key_points(process).count()
    )


def _remove_texts(process, keep_public_text: bool) -> int:
    if keep_public_text:
        return 0
    count = _count_texts(process, keep_public_text)
    for attachment in Attachment.objects.filter(contribution__process=process):
        attachment.file.delete(save=False)
        attachment.delete()
    Contribution.objects.filter(process=process).update(title="", text="", greeting="")
    _comments(process).update(text="")
    _key_points(process).update(text="")
    return count


# --- Comments, participants ---------------------------------------------------------------------


def _comments(process):
    return Comment.objects.for_process(process)


def _named_comments(process):
    citizen = _comments(process).filter(is_official_answer=False)
    return citizen.filter(
        ~Q(display_name="") | Q(author__isnull=False) | Q(participant__isnull=False)
    ) | _comments(process).filter(is_official_answer=True, participant__isnull=False)


def _comment_values(process) -> set[str]:
    names = (
        _comments(process).filter(is_official_answer=False).values_list("display_name", flat=True)
    )
    return {name for name in names if name}


def _remove_comments(process, keep_public_text: bool) -> int:
    count = _named_comments(process).count()
    _comments(process).filter(is_official_answer=False).update(
        display_name="", author=None, participant=None
    )
    _comments(process).filter(is_official_answer=True).update(participant=None)
    return count


#: How a participant without an account takes part in a process: (model, its link to the
#: participant, its path to the process).
PARTICIPATION = (
    (Comment, "participant", "contribution__process"),
    (Support, "participant", "contribution__process"),
    (Comment, "participant", "paragraph__version__round__process"),
    (Support, "participant", "paragraph__version__round__process"),
    (EProposal, "proposer_participant", "process"),
    (EProposalSupport, "participant", "proposal__process"),
)


def _took_part(*, process, here: bool) -> Q:
    """A participant with a row in ``process`` (``here``) or in any other process: one
    ``EXISTS`` per way of taking part, so the count is one query."""
    condition = Q()
    for model, link, path in PARTICIPATION:
        rows = model.objects.filter(**{link: OuterRef("pk")})
        if here:
            rows = rows.filter(**{path: process})
        else:
            # A row of the other kind of target (a paragraph's, not a contribution's) is no
            # row of another process.
            rows = rows.filter(**{f"{path}__isnull": False}).exclude(**{path: process})
        condition |= Q(Exists(rows))
    return condition


def _participants_of(process):
    return Participant.objects.filter(_took_part(process=process, here=True))


def _only_here(process):
    """Participants who took part in this process and in no other."""
    return _participants_of(process).exclude(_took_part(process=process, here=False))


def _participant_values(process) -> set[str]:
    rows = _only_here(process).values_list("display_name", "subscriber__email", "confirm_token")
    return {value for row in rows for value in row if value}


def _remove_participants(process, keep_public_text: bool) -> int:
    participants = list(_only_here(process).values_list("pk", "subscriber_id"))
    Participant.objects.filter(pk__in=[pk for pk, _s in participants]).delete()
    # Their e-mail addresses go too, unless an account, a follow or another participant uses them.
    Subscriber.objects.filter(pk__in={s for _p, s in participants}).filter(
        user__isnull=True, follows__isnull=True, participants__isnull=True
    ).delete()
    return len(participants)


# --- Supports, reports, survey responses --------------------------------------------------------


def _supports_q(process) -> Q:
    return Q(contribution__process=process) | Q(paragraph__version__round__process=process)


def _supports(process):
    return Support.objects.filter(_supports_q(process)).exclude(voter_key__startswith=REMOVED_KEY)


def rekey(queryset, key_field: str, **cleared) -> int:
    """Give every row of ``queryset`` a random key of its own in ``key_field`` (so the unique
    one-per-person rule and every count stay) and clear ``cleared``; returns the rows changed."""
    model = queryset.model
    count = 0
    for pk in queryset.values_list("pk", flat=True):
        model.objects.filter(pk=pk).update(**{key_field: _random_key()}, **cleared)
        count += 1
    return count


_remove_supports = anonymise(_supports, rekey_field="voter_key", user=None, participant=None)


def _reports(process):
    return ContributionReport.objects.filter(
        Q(contribution__process=process)
        | Q(comment__contribution__process=process)
        | Q(comment__paragraph__version__round__process=process)
    ).exclude(reporter_key__startswith=REMOVED_KEY)


_remove_reports = anonymise(_reports, rekey_field="reporter_key", address_key="")


def _key_values(process) -> set[str]:
    supports = Support.objects.filter(_supports_q(process)).values_list("voter_key", flat=True)
    reports = ContributionReport.objects.filter(
        Q(contribution__process=process)
        | Q(comment__contribution__process=process)
        | Q(comment__paragraph__version__round__process=process)
    ).values_list("reporter_key", "address_key")
    responses = SurveyResponse.objects.filter(survey__process=process).values_list(
        "respondent_key", flat=True
    )
    found = set(supports) | {v for row in reports for v in row} | set(responses)
    return {v for v in found if v and not v.startswith(REMOVED_KEY)}


def _responses(process):
    return SurveyResponse.objects.filter(survey__process=process).filter(
        ~Q(respondent_key="") | Q(user__isnull=False) | ~Q(draft={})
    )


_remove_responses = anonymise(_responses, respondent_key="", user=None, draft={})


def register() -> None:
    for kind in (
        PersonalData(
            key="contributions.senders",
            label=_("Names, pseudonyms and e-mail addresses of senders of contributions"),
            count=lambda process, keep: _senders(process).count(),
            remove=_remove_senders,
            values=_sender_values,
            order=10,
        ),
        PersonalData(
            key="contributions.participants",
            label=_("Participants in discussions without an account (names, e-mail addresses)"),
            count=lambda process, keep: _only_here(process).count(),
            remove=_remove_participants,
            values=_participant_values,
            order=11,
        ),
        PersonalData(
            key="contributions.comments",
            label=_("Names on comments"),
            count=lambda process, keep: _named_comments(process).count(),
            remove=_remove_comments,
            values=_comment_values,
            order=12,
        ),
        PersonalData(
            key="contributions.supports",
            label=_("Supporters' hashed keys"),
            count=lambda process, keep: _supports(process).count(),
            remove=_remove_supports,
            values=_key_values,
            order=13,
        ),
        PersonalData(
            key="contributions.reports",
            label=_("Reporters' hashed keys and client addresses"),
            count=lambda process, keep: _reports(process).count(),
            remove=_remove_reports,
            order=14,
        ),
        PersonalData(
            key="contributions.survey_responses",
            label=_("Survey respondents' hashed keys, accounts and unsent drafts"),
            count=lambda process, keep: _responses(process).count(),
            remove=_remove_responses,
            order=15,
        ),
        PersonalData(
            key="contributions.texts",
            label=_("Texts, pictures and films of contributions and comments"),
            count=_count_texts,
            remove=_remove_texts,
            order=19,
        ),
    ):
        personal_data.register(kind)
