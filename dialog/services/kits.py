"""Conversation kits (samtalsmaterial) and their printable PDF."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from visionsprocess import changes, uploads
from visionsprocess.model_update import model_assign
from visionsprocess.models import VisionProcess

from ..models import ConversationKit

# --- Conversation kits --------------------------------------------------------------------------

KIT_FIELDS = (
    "title",
    "slug",
    "introduction",
    "questions",
    "leader_instructions",
    "is_published",
)
MAX_PDF_BYTES = 20 * 1024 * 1024


def validate_pdf(upload) -> ContentFile:
    """The PDF as it is stored: checked by its content, without metadata or script."""
    return uploads.check_pdf(
        upload,
        max_bytes=MAX_PDF_BYTES,
        stem="samtalsmaterial",
        field="printable",
        too_large=_("The PDF is too large (at most 20 MB)."),
        wrong_type=_("The file is not a PDF."),
    )


@transaction.atomic
def kit_save(
    *,
    process: VisionProcess,
    data: dict,
    printable=None,
    kit: ConversationKit | None = None,
) -> ConversationKit:
    kit = kit or ConversationKit(process=process)
    model_assign(instance=kit, fields=KIT_FIELDS, data=data)
    if printable is not None:
        kit.printable = validate_pdf(printable)
    try:
        kit.full_clean()
    except ValidationError as error:
        if "__all__" in getattr(error, "error_dict", {}):
            raise ValidationError(
                {"slug": _("Another conversation kit of the process has this address.")}
            ) from None
        raise
    try:
        with transaction.atomic():
            kit.save()
    except IntegrityError:
        raise ValidationError(
            {"slug": _("Another conversation kit of the process has this address.")}
        ) from None
    changes.record(process=process)
    return kit
