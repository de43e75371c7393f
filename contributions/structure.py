"""The contributions app's part of a process's structure: the themes (two levels), copied to a
new process without any contribution or tagging."""

from django.utils.translation import gettext_lazy as _

from visionsprocess.registry import StructurePart, structure_parts

from .models import Theme


def copy_themes(source, target) -> int:
    themes = list(source.themes.order_by("parent_id", "order", "pk"))
    copies: dict[int, Theme] = {}
    for theme in sorted(themes, key=lambda t: t.parent_id is not None):
        copies[theme.pk] = Theme.objects.create(
            process=target,
            parent=copies.get(theme.parent_id),
            name=theme.name,
            description=theme.description,
            keywords=theme.keywords,
            examples=theme.examples,
            order=theme.order,
        )
    if any(t.description or t.examples for t in copies.values()):
        # The themes' own words give suggestions from the first contribution on.
        from .analysis.store import schedule_retrain

        schedule_retrain(process_id=target.pk)
    return len(copies)


def register():
    structure_parts.register(
        StructurePart(key="contributions.themes", label=_("Themes"), copy=copy_themes, order=10)
    )
