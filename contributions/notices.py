"""What the contributions app adds to following and notices.

People may follow a theme (by its id, in a public process) or their own contribution (by its
private tracking token only). The app emits two kinds of notice: feedback on a contribution or
on a theme, and a theme or contribution cited by a draft put out for consultation or by the
adopted vision. A contribution's sender who left an e-mail address follows it from the start:
that is what the address was given for ("to hear what became of it").
"""

from django.db.models import Q
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from visionsprocess.drafting.signals import version_made_public
from visionsprocess.notices import Followable, NoticeKind, followables, notice_emit, notice_kinds
from visionsprocess.promises import stage_feedback
from visionsprocess.services import absolute_url

from .links import tracking_url
from .models import Contribution, Feedback, ParagraphCitation, Theme

FEEDBACK = "contributions.feedback"
CITED = "contributions.cited"


def contribution_label(contribution) -> str:
    """How a contribution is named to its sender: the idea's title, else its kind and date."""
    if contribution.title:
        return contribution.title
    return f"{contribution.get_kind_display()} {contribution.created:%Y-%m-%d}"


def _describe_theme(theme) -> str:
    return _("the theme %(name)s in %(process)s") % {"name": theme.name, "process": theme.process}


def _describe_contribution(contribution) -> str:
    return _("your contribution “%(label)s”") % {"label": contribution_label(contribution)}


def _theme_lookup(reference: str):
    if not reference.isdigit():
        return None
    return Theme.objects.select_related("process__municipality").filter(pk=reference).first()


def _contribution_lookup(reference: str):
    return (
        Contribution.objects.select_related("process__municipality")
        .filter(tracking_token=reference)
        .first()
    )


def outcome_url(process, theme=None) -> str:
    path = reverse("process_outcome", kwargs={"slug": process.slug})
    return absolute_url(path + (f"#tema-{theme.pk}" if theme is not None else ""))


def _stages_with_input(stage_ids: list[int]) -> set[int]:
    return set(
        Contribution.objects.filter(stage_id__in=stage_ids)
        .order_by()
        .values_list("stage_id", flat=True)
        .distinct()
    )


def _stages_answered(stage_ids: list[int]) -> set[int]:
    """Stages with public feedback on a contribution of theirs or on a theme one carries."""
    on_contribution = Feedback.objects.filter(contribution__stage_id__in=stage_ids).values_list(
        "contribution__stage_id", flat=True
    )
    on_theme = Feedback.objects.filter(
        theme__taggings__contribution__stage_id__in=stage_ids
    ).values_list("theme__taggings__contribution__stage_id", flat=True)
    return set(on_contribution.order_by().distinct()) | set(on_theme.order_by().distinct())


def register():
    stage_feedback.register(inputs=_stages_with_input, answered=_stages_answered)
    followables.register(
        Followable(
            model="contributions.Theme",
            slug="tema",
            lookup=_theme_lookup,
            describe=_describe_theme,
            process=lambda theme: theme.process,
            order=20,
        )
    )
    followables.register(
        Followable(
            model="contributions.Contribution",
            slug="bidrag",
            lookup=_contribution_lookup,
            reference=lambda contribution: contribution.tracking_token,
            describe=_describe_contribution,
            process=lambda contribution: contribution.process,
            order=30,
        )
    )
    notice_kinds.register(
        NoticeKind(
            key=FEEDBACK,
            label=_("Feedback from the municipality"),
            template="contributions/notices/feedback.txt",
        )
    )
    notice_kinds.register(
        NoticeKind(
            key=CITED,
            label=_("Cited in a draft on consultation or in the adopted vision"),
            template="contributions/notices/cited.txt",
        )
    )


# --- Emitting ---------------------------------------------------------------------------------


def feedback_on_contribution(*, feedback, contribution) -> None:
    """The contribution's followers (its sender) hear of the feedback; the link is the private
    tracking page, which only those who follow the contribution have anyway.

    Feedback on a published contribution is public (it stands under the contribution on the
    wall), so the process's followers hear of it too, with a link to the wall: "Följ processen"
    promises feedback from the municipality. Someone who follows both hears of it once, by the
    private notice."""
    if Contribution.objects.filter(pk=contribution.pk).published().exists():
        wall = reverse("contributions:wall", kwargs={"slug": contribution.process.slug})
        notice_emit(
            kind=FEEDBACK,
            process=contribution.process,
            key=f"{FEEDBACK}:{feedback.pk}:process",
            context={
                "process": contribution.process.title,
                "about": contribution_label(contribution),
                "on_theme": False,
                "public": True,
                "text": feedback.text,
                "url": absolute_url(f"{wall}#bidrag-{contribution.pk}"),
            },
            process_followers=True,
            except_followers_of=[contribution],
        )
    notice_emit(
        kind=FEEDBACK,
        process=contribution.process,
        key=f"{FEEDBACK}:{feedback.pk}",
        context={
            "process": contribution.process.title,
            "about": contribution_label(contribution),
            "on_theme": False,
            "text": feedback.text,
            "url": tracking_url(contribution),
        },
        targets=[contribution],
    )


def feedback_on_theme(*, feedback) -> None:
    """Followers of the process, of the theme and of every contribution carrying it hear of the
    feedback (it is public, on "Ni sa – vi gjorde")."""
    theme = feedback.theme
    notice_emit(
        kind=FEEDBACK,
        process=feedback.process,
        key=f"{FEEDBACK}:{feedback.pk}",
        context={
            "process": feedback.process.title,
            "about": theme.name,
            "on_theme": True,
            "text": feedback.text,
            "url": outcome_url(feedback.process, theme),
        },
        targets=[theme, Contribution.objects.filter(taggings__theme=theme)],
        process_followers=True,
    )


@receiver(version_made_public, dispatch_uid="contributions_notice_citations")
def notice_citations(sender, version, state, consultation=None, **kwargs):
    """A draft out for consultation, or the adopted vision: everyone following a cited theme or
    contribution (or a contribution carrying a cited theme) is told which paragraph."""
    process = version.round.process
    if consultation is not None:
        url = absolute_url(
            reverse("drafting:consultation", kwargs={"slug": process.slug, "pk": consultation.pk})
        )
    else:
        url = outcome_url(process)
    citations = (
        ParagraphCitation.objects.filter(paragraph__version=version)
        .filter(Q(theme__isnull=False) | Q(contribution__isnull=False))
        .select_related("paragraph", "theme", "contribution")
        .order_by("paragraph__order", "pk")
    )
    for citation in citations:
        paragraph = citation.paragraph
        context = {
            "process": process.title,
            "state": state,
            "paragraph": paragraph.order,
            "excerpt": _excerpt(paragraph.text),
            "url": url,
        }
        if citation.theme_id:
            theme = citation.theme
            targets = [theme, Contribution.objects.filter(taggings__theme=theme)]
            context |= {"theme": theme.name, "about": theme.name}
            source = f"theme:{theme.pk}"
        else:
            targets = [citation.contribution]
            context |= {"theme": "", "about": contribution_label(citation.contribution)}
            source = f"contribution:{citation.contribution_id}"
        notice_emit(
            kind=CITED,
            process=process,
            key=f"{CITED}:{version.pk}:{state}:{paragraph.pk}:{source}",
            context=context,
            targets=targets,
        )


def _excerpt(text: str, limit: int = 280) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
