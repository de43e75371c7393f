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
from django.utils.translation import gettext as _

from visionsprocess.disclosure import HIDDEN, HIDDEN_NOTE
from visionsprocess.models import StageKind

from .print_charts import print_chart, render_print_chart

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
        listed = channels[0] if len(channels) == 1 else f"{', '.join(channels[:-1])} {_('and')} {channels[-1]}"
        sentences.append(
            _("The contributions came in through these channels: %(channels)s.") % {"channels": listed}
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
        ("by_channel", _("Contributions by channel"), _("Number of contributions by the way they came in.")),
        ("by_district", _("Contributions by district"), _("Number of contributions per district; – means not given.")),
        ("by_age_band", _("Contributions by age band"), _("Number of contributions per age band; – means not given.")),
        ("by_kind", _("Contributions by kind"), _("Number of contributions of each kind.")),
        ("by_stage", _("Contributions by stage"), _("Number of contributions per stage.")),
    ]
    return [_chart(name, title, description, data, shown, rule) for name, title, description in specs]


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
        label = "–" if label is None else str(label)
        rows.append((label, 0 if hidden else value, str(HIDDEN) if hidden else str(value)))
    chart = print_chart(title, description, rows)
    return {
        "chart": chart,
        "svg": render_print_chart(chart) if rows else "",
        "rows": [{"label": label, "shown": text} for label, _v, text in rows],
        "any_hidden": any(rule.is_hidden((name, i)) for i in range(len(rows))),
    }


def theme_sections(process) -> list[dict]:
    """One section per theme with something to say: the published synthesis's introduction and
    key points when there is one, and always the counts, who they were, the quotes the public
    pages show and what came of it (``contributions.outcome``)."""
    from .outcome import outcome_context

    outcome = outcome_context(None, process) or {}
    published = published_points(process)
    sections = []
    for number, row in enumerate(outcome.get("rows", []), start=1):
        theme = row["theme"]
        counts = row["counts"] or {}
        synthesis = published.get(theme.pk) if published else None
        sections.append(
            {
                "anchor": f"tema-{theme.pk}",
                "number": number,
                "theme": theme,
                "name": str(theme),
                "description": theme.description,
                "total": counts.get("total"),
                "has_counts": bool(counts),
                "who": [
                    (_("Kind"), [(label, _shown(n)) for label, n in counts.get("by_kind", [])]),
                    (_("District"), [(label, _shown(n)) for label, n in counts.get("by_district", [])]),
                    (_("Age"), [(label, _shown(n)) for label, n in counts.get("by_age", [])]),
                ],
                "any_hidden": counts.get("any_hidden", False),
                "synthesis": synthesis,
                "quotes": row["quotes"],
                "feedback": row["feedback"],
                "paragraphs": row["paragraphs"],
                "deeds": row["deeds"],
            }
        )
    return sections


def published_points(process) -> dict | None:
    """The published synthesis per theme id (introduction, key points), or ``None`` when none
    is published yet (or this installation has no synthesis)."""
    try:
        from .selectors.synthesis import published_synthesis
    except ImportError:
        return None
    synthesis = published_synthesis(process=process)
    if synthesis is None:
        return None
    return synthesis_by_theme(synthesis)


def synthesis_by_theme(synthesis) -> dict:
    return {}


def build_context(process) -> dict:
    from .documents import CHARTED, protected_counts, title
    from .selectors.staff import contribution_overview

    data = contribution_overview(process=process)
    shown, rule = protected_counts(data)
    sections = theme_sections(process) if data["total"] else []
    theme_count = sum(1 for _label, n in data["by_theme"] if n)
    unthemed = None
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
        "theme_chart": theme_chart(data, shown, rule) if data["by_theme"] else None,
        "representation": representation_charts(data, shown, rule) if data["total"] else [],
        "hidden_note": HIDDEN_NOTE if hidden_anywhere else "",
        "small_count_note": HIDDEN_NOTE,
        "unthemed": unthemed,
        "charted": CHARTED,
    }
