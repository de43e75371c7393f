"""The personal data the core holds for a process, registered for gallring (``retention.py``):
followers (and their e-mail addresses when they follow nothing else), the notices to them, and
the names, e-mail addresses and private links of consultation answers (the organisation, a
body's name, stays with the answer as the public record of the consultation)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import ConsultationAnswer, Follow, Notice, Subscriber
from .registry import PersonalData, personal_data

#: Written in place of a removed name, so a list still reads "one answer, name removed".
REMOVED_NAME = "–"


def _follows(process):
    return Follow.objects.filter(process=process)


def _follower_values(process) -> set[str]:
    rows = Subscriber.objects.filter(follows__process=process).values_list("email", "token")
    return {value for row in rows for value in row if value}


def _subscriber_in_use_q() -> Q:
    """A subscriber still in use: it has an account, follows something, or another app's row
    (e.g. a discussion participant) points at it. Found from the model's relations, so the core
    names no feature app."""
    in_use = Q(user__isnull=False) | Q(follows__isnull=False)
    for relation in Subscriber._meta.related_objects:
        if relation.related_model._meta.app_label != "visionsprocess":
            in_use |= Q(**{f"{relation.name}__isnull": False})
    return in_use


def _remove_followers(process, keep_public_text: bool) -> int:
    subscriber_ids = set(_follows(process).values_list("subscriber_id", flat=True))
    removed, _detail = _follows(process).delete()
    orphans = Subscriber.objects.filter(pk__in=subscriber_ids).exclude(_subscriber_in_use_q())
    orphans.delete()  # with their digests and deliveries
    return removed


def _notices(process):
    return Notice.objects.filter(process=process)


def _remove_notices(process, keep_public_text: bool) -> int:
    count = _notices(process).count()
    _notices(process).delete()  # with their deliveries
    return count


def _answers(process):
    return ConsultationAnswer.objects.filter(consultation__version__round__process=process)


def _named_answers(process):
    return _answers(process).filter(
        ~Q(respondent_name=REMOVED_NAME)
        | Q(submitted_by__isnull=False)
        | ~Q(email="")
        | Q(tracking_token__isnull=False)
    )


def _answer_values(process) -> set[str]:
    rows = _answers(process).values_list("respondent_name", "email")
    return {value for row in rows for value in row} - {REMOVED_NAME, ""}


def _count_answers(process, keep_public_text: bool) -> int:
    if keep_public_text:
        return _named_answers(process).count()
    return (_named_answers(process) | _answers(process).exclude(text="", attachment="")).count()


def _remove_answers(process, keep_public_text: bool) -> int:
    count = _count_answers(process, keep_public_text)
    _named_answers(process).update(
        respondent_name=REMOVED_NAME, email="", tracking_token=None, submitted_by=None
    )
    if not keep_public_text:
        for answer in _answers(process).exclude(attachment=""):
            answer.attachment.delete(save=False)
            answer.attachment = ""
            answer.save(update_fields=["attachment"])
        _answers(process).exclude(text="").update(text="")
    return count


def register() -> None:
    personal_data.register(
        PersonalData(
            key="core.followers",
            label=_("Followers of the process (e-mail addresses)"),
            count=lambda process, keep: _follows(process).count(),
            remove=_remove_followers,
            values=_follower_values,
            order=90,
        )
    )
    personal_data.register(
        PersonalData(
            key="core.notices",
            label=_("Notices to followers"),
            count=lambda process, keep: _notices(process).count(),
            remove=_remove_notices,
            order=91,
        )
    )
    personal_data.register(
        PersonalData(
            key="core.consultation_answers",
            label=_("Names and e-mail addresses on consultation answers"),
            count=_count_answers,
            remove=_remove_answers,
            values=_answer_values,
            order=50,
        )
    )
