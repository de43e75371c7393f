"""The context of the dialogue synthesis PDF: a document a politician reads.

First page (process, municipality, period, contributions by channel, method), a table of
contents, one section per theme (the published synthesis's introduction and key points when
there is one; otherwise the counts and quotes the public pages already show), who took part
(channels, districts, age bands), and the methods and sources.

Every count follows the one small-count rule (``visionsprocess.disclosure``): the document's
overall counts are one table (``documents.protected_counts``), each theme's counts another (the
same rule "Ni sa – vi gjorde" uses, ``contributions.outcome``). Quotes come only from published
contributions whose authors consented; the rest are counted.
"""

from django.db.models import Max, Min
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from visionsprocess.disclosure import HIDDEN, HIDDEN_NOTE
from visionsprocess.models import StageKind

from .print_charts import print_chart, render_print_chart
from .synthesis_counts import protected_counts, title

#: Stages of the vision template during which the dialogue is held.
DIALOGUE_STAGES = (StageKind.DIALOGUE, StageKind.ENGAGEMENT)


def _shown(value) -> str:
    return str(HIDDEN) if value is None else str(value)


def _date(value) -> str:
    return date_format(value, "j F Y") if value else ""


def period(process) -> dict:
    """When the contributions came in, and the dialogue stages' planned dates."""
    from .models import Contribution

    span = Contribution.objects.filter(process=process).aggregate(
        first=Min("created"), last=Max("created")
    )
    stages = [
        {"name": stage.name, "starts": _date(stage.starts_on), "ends": _date(stage.ends_on)}
        for stage in process.stages.filter(key__in=DIALOGUE_STAGES).order_by("position")
        if stage.starts_on or stage.ends_on
    ]
    return {
        "first": _date(timezone.localdate(span["first"]) if span["first"] else None),
        "last": _date(timezone.localdate(span["last"]) if span["last"] else None),
        "stages": stages,
    }


def channel_rows(data: dict, shown: dict, rule) -> list[dict]:
    """Contributions by channel as the first page lists them: channels nothing came in by are
    left out (a zero says nothing a reader needs there)."""
    rows = []
    for index, ((label, n), (_label, value)) in enumerate(
        zip(data["by_channel"], shown["by_channel"], strict=True)
    ):
        if n:
            hidden = rule.is_hidden(("by_channel", index))
            rows.append({"label": label, "shown": str(HIDDEN) if hidden else str(value)})
    return rows


def method_text(process, data: dict, theme_count: int) -> list[str]:
    """Two or three sentences on how the material was gathered and worked through."""
    channels = [str(label).lower() for label, n in data["by_channel"] if n]
    sentences = []
    if channels:
        listed = get_text_list(channels, _("and"))
        sentences.append(
            _("The contributions came in through these channels: %(channels)s.")
            % {"channels": listed}
        )
    if theme_count:
        sentences.append(
            _(
                "Officials read every contribution and grouped it under one or more of "
                "%(n)s themes; a contribution can belong to several themes."
            )
            % {"n": theme_count}
        )
    sentences.append(
        _(
            "Only contributions that were published with their author's consent are quoted; "
            "counts under five are not shown, so that no one can be identified."
        )
    )
    return sentences


def representation_charts(data: dict, shown: dict, rule) -> list[dict]:
    """Channels, districts and age bands, each a chart and a table of the same numbers."""
    specs = [
        (
            "by_channel",
            _("Contributions by channel"),
            _("Number of contributions by the way they came in."),
        ),
        ("by_district", _("Contributions by district"), _("Number of contributions per district.")),
        ("by_age_band", _("Contributions by age band"), _("Number of contributions per age band.")),
        ("by_kind", _("Contributions by kind"), _("Number of contributions of each kind.")),
        ("by_stage", _("Contributions by stage"), _("Number of contributions per stage.")),
    ]
    return [
        _chart(name, title, description, data, shown, rule) for name, title, description in specs
    ]


def theme_chart(data: dict, shown: dict, rule) -> dict:
    return _chart(
        "by_theme",
        _("Contributions by theme"),
        _("Number of contributions tagged with each theme."),
        data,
        shown,
        rule,
    )


def _chart(name, title, description, data, shown, rule) -> dict:
    rows = []
    for index, ((label, _n), (_label, value)) in enumerate(
        zip(data[name], shown[name], strict=True)
    ):
        hidden = rule.is_hidden((name, index))
        label = _("Not given") if label is None else str(label)
        rows.append((label, 0 if hidden else value, str(HIDDEN) if hidden else str(value)))
    chart = print_chart(title, description, rows)
    return {
        "chart": chart,
        "svg": render_print_chart(chart) if rows else "",
        "rows": [{"label": label, "shown": text} for label, _v, text in rows],
        "any_hidden": any(rule.is_hidden((name, i)) for i in range(len(rows))),
    }


def _who_from_counts(counts: dict) -> list:
    return [
        (_("Kind"), [(label, _shown(n)) for label, n in counts.get("by_kind", [])]),
        (_("District"), [(label, _shown(n)) for label, n in counts.get("by_district", [])]),
        (_("Age"), [(label, _shown(n)) for label, n in counts.get("by_age", [])]),
    ]


def _who_from_spread(spread) -> list:
    return [
        (_("Channel"), [(c.label, c.text) for c in spread.by_channel]),
        (_("District"), [(c.label, c.text) for c in spread.by_district]),
        (_("Age"), [(c.label, c.text) for c in spread.by_age_band]),
    ]


def theme_sections(process) -> list[dict]:
    """One section per theme with something to say. With a published synthesis: its themes in
    its order, each with the official's introduction, the key points (how many said each) and
    who they were; then any theme the synthesis leaves out. Always the counts, the quotes the
    public pages show and what came of it (``contributions.outcome``)."""
    from .outcome import outcome_context

    outcome = outcome_context(None, process) or {}
    rows = {row["theme"].pk: row for row in outcome.get("rows", [])}
    published = published_synthesis_themes(process)
    order = [t for t in published if t["theme_id"] in rows or t["points"]]
    seen = {t["theme_id"] for t in order}
    order += [{"theme_id": pk} for pk in rows if pk not in seen]
    sections = []
    for number, entry in enumerate(order, start=1):
        row = rows.get(entry["theme_id"]) or {}
        theme = row.get("theme")
        counts = row.get("counts") or {}
        synthesis = entry if "points" in entry else None
        key = theme.pk if theme else f"s{number}"
        sections.append(
            {
                "anchor": f"tema-{key}",
                "number": number,
                "name": synthesis["name"] if synthesis else str(theme),
                "description": theme.description if theme else "",
                "total": counts.get("total"),
                "has_counts": bool(counts),
                "who": _who_from_spread(synthesis["spread"])
                if synthesis
                else _who_from_counts(counts),
                "any_hidden": counts.get("any_hidden", False)
                or bool(synthesis and synthesis["spread"].any_hidden),
                "synthesis": synthesis,
                "quotes": row.get("quotes", []),
                "feedback": row.get("feedback", []),
                "paragraphs": row.get("paragraphs", []),
                "deeds": row.get("deeds", []),
            }
        )
    return sections


def published_synthesis_themes(process) -> list[dict]:
    """The published synthesis's themes (introduction, key points with their source and how
    many said each), in its order; empty when nothing is published."""
    from .models import Contribution, ModerationState
    from .selectors.synthesis import published_synthesis

    synthesis = published_synthesis(process=process)
    if synthesis is None:
        return []
    ids = {point.contribution_id for t in synthesis.themes for point in t.key_points}
    sources = {
        row["pk"]: row
        for row in Contribution.objects.filter(pk__in=ids).values(
            "pk", "kind", "pseudonym", "moderation_state", "consent_to_publish"
        )
    }
    themes = []
    for theme in synthesis.themes:
        points = []
        for point in theme.key_points:
            source = sources.get(point.contribution_id)
            public = bool(
                source
                and source["moderation_state"] == ModerationState.PUBLISHED
                and source["consent_to_publish"]
            )
            if not public:
                # Only published, consented contributions are quoted; the rest are counted.
                continue
            points.append(
                {
                    "text": point.text,
                    "people": point.voices,
                    "source": _source_text(source),
                    "any_hidden": point.spread.any_hidden or point.voices is None,
                }
            )
        themes.append(
            {
                "theme_id": theme.theme_id,
                "name": theme.name,
                "introduction": theme.introduction,
                "spread": theme.spread,
                "voices": theme.spread.voices,
                "points": points,
                "version": synthesis.number,
                "published_at": synthesis.published_at,
            }
        )
    return themes


def _source_text(source: dict) -> str:
    from .models import ContributionKind

    kind = str(ContributionKind(source["kind"]).label).lower()
    return f"{source['pseudonym'] or _('Anonymous')}, {kind}"


def build_context(process) -> dict:
    from .selectors.staff import contribution_overview

    data = contribution_overview(process=process)
    shown, rule = protected_counts(data)
    sections = theme_sections(process) if data["total"] else []
    theme_count = sum(1 for _label, n in data["by_theme"] if n)
    hidden_anywhere = rule.any_hidden or any(s["any_hidden"] for s in sections)
    return {
        "process": process,
        "municipality": process.municipality,
        "document_title": title(process),
        "document_subject": _("What came in during the dialogue"),
        "made_on": _date(timezone.localdate()),
        "data": data,
        "total": rule.shown("total"),
        "total_shown": rule.text("total"),
        "channels": channel_rows(data, shown, rule),
        "period": period(process),
        "method": method_text(process, data, theme_count),
        "theme_count": theme_count,
        "sections": sections,
        "synthesis_published": any(s["synthesis"] for s in sections),
        "synthesis_version": next((s["synthesis"] for s in sections if s["synthesis"]), None),
        "theme_chart": theme_chart(data, shown, rule) if data["by_theme"] else None,
        "representation": representation_charts(data, shown, rule) if data["total"] else [],
        "hidden_note": HIDDEN_NOTE if hidden_anywhere else "",
        "small_count_note": HIDDEN_NOTE,
    }
