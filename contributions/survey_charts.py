"""The charts of a survey's results: the contributions' accessible bar charts (SVG with the
table of the numbers beside it), one per question, with shares and notes in the table."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import charts
from .models import QuestionKind


def result_charts(results) -> list:
    """One accessible chart (with the table of its numbers) per question that has counts."""
    rendered = []
    for item in results.questions:
        if not item.rows:
            rendered.append((item, None))
            continue
        if item.kind == QuestionKind.RANKING:
            description = _(
                "Points per option: first place gives as many points as there are options, "
                "last place one point."
            )
            heading = _("Points")
        else:
            description = _("Number of respondents per answer.")
            heading = _("Number")
        chart = charts.bar_chart(
            item.question.label,
            description,
            # A hidden count takes no bar, so the other bars do not betray it by their scale.
            [(row.label, 0 if row.shown else row.count) for row in item.rows],
        )
        for bar, row in zip(chart.rows, item.rows, strict=True):
            bar.shown = row.shown
            bar.note = "" if row.shown else row.note
            if not row.shown and item.kind != QuestionKind.RANKING and not item.shares_hidden:
                share = number_format(row.percent, 1) + "\u00a0%"
                bar.note = f"{share} ({row.note})" if row.note else share
        chart.value_heading = heading
        chart.note_heading = _("Share") if item.kind != QuestionKind.RANKING else _("Note")
        rendered.append((item, charts.render_chart(chart)))
    return rendered
