"""Citations of themes and contributions by paragraphs of a vision text ("bygger på").

Services to cite and un-cite, reads for the pages, and the lines the tracking page
("Följ ditt bidrag") shows for a cited contribution.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from visionsprocess.audit import audit_log
from visionsprocess.models import DraftVersion, Paragraph, VersionState

from .models import Contribution, ParagraphCitation, Theme


def _ensure_editable(paragraph: Paragraph) -> None:
    version = DraftVersion.objects.select_for_update().get(pk=paragraph.version_id)
    if version.is_locked:
        raise ValidationError(
            _("The version is locked; its sources can no longer be changed."), code="locked"
        )


@transaction.atomic
def citation_add(
    *, paragraph: Paragraph, actor, theme: Theme | None = None, contribution=None
) -> ParagraphCitation:
    _ensure_editable(paragraph)
    if (theme is None) == (contribution is None):
        raise ValidationError(_("Choose either a theme or a contribution."))
    process = paragraph.version.round.process
    source = theme or contribution
    if source.process_id != process.pk:
        raise ValidationError(_("Choose a theme or contribution of the same process."))
    citation = ParagraphCitation(
        paragraph=paragraph, theme=theme, contribution=contribution, created_by=actor
    )
    citation.full_clean()
    try:
        with transaction.atomic():
            citation.save()
    except IntegrityError as error:
        raise ValidationError(_("The paragraph already cites this.")) from error
    audit_log(
        process=process,
        actor=actor,
        action="citation_added",
        obj=paragraph,
        theme=theme.pk if theme else None,
        contribution=contribution.pk if contribution else None,
    )
    return citation


@transaction.atomic
def citation_remove(*, citation: ParagraphCitation, actor) -> None:
    _ensure_editable(citation.paragraph)
    audit_log(
        process=citation.process,
        actor=actor,
        action="citation_removed",
        obj=citation.paragraph,
        theme=citation.theme_id,
        contribution=citation.contribution_id,
    )
    citation.delete()


def citations_of_paragraph(*, paragraph: Paragraph):
    return paragraph.citations.select_related("theme__parent", "contribution").order_by(
        "created", "pk"
    )


def paragraphs_citing_theme(*, theme: Theme):
    """For the synthesis view of a theme: the latest paragraphs that cite it."""
    return (
        Paragraph.objects.filter(citations__theme=theme)
        .select_related("version__round")
        .order_by("-version__number", "order")
    )


def citation_tracking_items(contribution: Contribution) -> list[dict]:
    """Lines for the tracking page of a contribution: paragraphs citing it, or citing a theme it
    was grouped into, each with an excerpt of the paragraph.

    Only versions the public may see count (on consultation, decided on, adopted): an internal
    draft is never mentioned to the citizen.
    """
    public_states = [VersionState.CONSULTATION, VersionState.DECIDED, VersionState.ADOPTED]
    theme_ids = [tagging.theme_id for tagging in contribution.taggings.all()]
    citations = (
        ParagraphCitation.objects.filter(paragraph__version__state__in=public_states)
        .filter(Q(contribution=contribution) | Q(theme_id__in=theme_ids))
        .select_related("paragraph__version", "theme")
        .order_by("paragraph__version__number", "paragraph__order", "pk")
    )
    direct_drafts: dict[int, DraftVersion] = {}
    direct_adopted: dict[int, Paragraph] = {}
    by_theme: list[dict] = []
    direct_paragraphs = {c.paragraph_id for c in citations if c.contribution_id}
    for citation in citations:
        paragraph = citation.paragraph
        version = paragraph.version
        if citation.contribution_id:
            if version.state == VersionState.ADOPTED:
                direct_adopted.setdefault(paragraph.order, paragraph)
            else:
                direct_drafts.setdefault(version.pk, version)
            continue
        if paragraph.pk in direct_paragraphs:
            continue  # the contribution itself is cited there: said once, above
        if version.state == VersionState.ADOPTED:
            text = _(
                "The adopted vision, paragraph %(n)s, rests on the theme %(theme)s, which your "
                "contribution was grouped into"
            ) % {"n": paragraph.order, "theme": citation.theme.name}
        else:
            text = _(
                "The draft of %(date)s cites the theme %(theme)s, which your contribution was "
                "grouped into (paragraph %(n)s)"
            ) % {
                "date": formats.date_format(version.created.date(), "j F Y"),
                "theme": citation.theme.name,
                "n": paragraph.order,
            }
        by_theme.append(
            {"text": text, "excerpt": paragraph.text, "adopted": version.state == "adopted"}
        )
    items = [
        {
            "text": _("Cited in the draft of %(date)s")
            % {"date": formats.date_format(version.created.date(), "j F Y")},
            "excerpt": "",
            "adopted": False,
        }
        for version in direct_drafts.values()
    ]
    items += [
        {
            "text": _("Part of the adopted vision, paragraph %(n)s") % {"n": order},
            "excerpt": paragraph.text,
            "adopted": True,
        }
        for order, paragraph in sorted(direct_adopted.items())
    ]
    return items + by_theme


def citation_tracking_lines(contribution: Contribution) -> list[str]:
    """The texts of ``citation_tracking_items``: the direct citations first, then the themes'."""
    return [item["text"] for item in citation_tracking_items(contribution)]
