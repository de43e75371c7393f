"""Answers to a consultation from anyone: who may answer, the e-mail confirmation by link, the
private receipt link and the answers on "Mina sidor".

Without an account, an answer carries a name or an organisation and an e-mail address; it
counts as confirmed once the link mailed there has been opened (anyone can type anyone's
address, so the link proves it). Where the process allows anonymous input, an answer may carry
no name at all. The link is a signed value of the answer and its address (no token column):
it works for ``CONFIRM_VALID`` and only for the address the answer was sent with.
"""

import datetime as dt
import logging
import secrets

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import changes, outbox
from ..models import ConsultationAnswer, EmailKind
from ..notices.services import follow_implicit
from ..services import absolute_url, email_send_template

logger = logging.getLogger(__name__)

CONFIRM_SALT = "drafting.answer_confirm"
CONFIRM_VALID = dt.timedelta(days=7)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def check_respondent(
    *, consultation, respondent_name: str, organisation: str, email: str, signed_in: bool
) -> dict:
    """The field errors of who answers (empty when all is well)."""
    errors: dict[str, list[str]] = {}
    process = consultation.process
    named = bool(respondent_name or organisation)
    if not named and not process.allow_anonymous_contributions:
        errors["respondent_name"] = [
            _("Write your name, or the name of the organisation you answer for.")
        ]
    if named and not signed_in and not email:
        errors["email"] = [
            _(
                "Give your e-mail address: we send a link to confirm the answer. Without an "
                "account, an answer with a name counts once it is confirmed."
            )
        ]
    return errors


def tracking_url(answer: ConsultationAnswer) -> str:
    return absolute_url(reverse("drafting:answer_track", args=[answer.tracking_token]))


def confirm_link(answer: ConsultationAnswer) -> str:
    value = signing.dumps({"a": answer.pk, "e": answer.email.lower()}, salt=CONFIRM_SALT)
    return absolute_url(reverse("drafting:answer_confirm", args=[value]))


def answer_by_confirm_value(value: str) -> ConsultationAnswer | None:
    """The answer a confirmation link names, if the link is genuine and still valid."""
    try:
        data = signing.loads(value[:400], salt=CONFIRM_SALT, max_age=CONFIRM_VALID.total_seconds())
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int):
        return None
    answer = (
        ConsultationAnswer.objects.select_related("consultation__version__round__process")
        .filter(pk=data["a"])
        .first()
    )
    if answer is None or answer.email.lower() != data.get("e"):
        return None
    return answer


def answer_by_token(token: str) -> ConsultationAnswer | None:
    if not token or len(token) > 64:
        return None
    return (
        ConsultationAnswer.objects.select_related(
            "consultation__version__round__process__municipality", "paragraph"
        )
        .filter(tracking_token=token)
        .first()
    )


def after_submit(*, answer: ConsultationAnswer, user=None) -> None:
    """In the transaction of the answer: follow the consultation for whoever is confirmed (to
    hear when the summary is published), or mail the confirmation link."""
    if not answer.email:
        return
    if answer.is_confirmed:
        follow_implicit(target=answer.consultation, email=answer.email, user=user)
        return
    if outbox.unsolicited_mail_allowed(answer.email):
        email_send_template(
            to=[answer.email],
            template="visionsprocess/drafting/email/answer_confirm",
            context={
                "process": answer.process,
                "link": confirm_link(answer),
                "tracking_url": tracking_url(answer),
                "valid_days": CONFIRM_VALID.days,
            },
            kind=EmailKind.CONFIRMATION,
        )
    else:
        # Someone may be sending answers in a stranger's name: the answer is kept, unconfirmed
        # (its private link is on the receipt page), but the address gets no more mail today.
        logger.info("consultation answer %s: confirmation not sent (daily limit)", answer.pk)


@transaction.atomic
def answer_confirm(*, answer: ConsultationAnswer) -> ConsultationAnswer:
    """Confirm an answer by its e-mail link. Twice is harmless."""
    locked = ConsultationAnswer.objects.select_for_update().get(pk=answer.pk)
    if locked.confirmed_at is None:
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["confirmed_at"])
        changes.record(process=answer.process)
        follow_implicit(target=answer.consultation, email=locked.email, user=None)
    answer.confirmed_at = locked.confirmed_at
    return answer


def my_answers_context(request, user) -> dict | None:
    """The "Mina sidor" section: the consultation answers a signed-in person sent."""
    answers = list(
        ConsultationAnswer.objects.filter(submitted_by=user, tracking_token__isnull=False)
        .select_related("consultation__version__round__process", "paragraph")
        .order_by("-created", "-pk")[:100]
    )
    if not answers:
        return None
    return {"answers": answers}
