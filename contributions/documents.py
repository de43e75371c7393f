"""The "dialogue synthesis" document kind: what came in during the dialogue, as a PDF.

Registered with the core's document registry in ``apps.ready()``; the core's render task looks
it up, builds the context from the process and renders it with WeasyPrint. A published
document is public: its counts follow the small-count rule (``protected_counts``).
"""

import hashlib
import json

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visionsprocess.disclosure import Cost, CountTable, Disclosure
from visionsprocess.registry import DocumentKind, SourceMissing, documents

KEY = "dialogue_synthesis"


#: The counts of the synthesis that add up to the number of contributions (``by_theme`` does
#: not: a contribution can have several themes, or none).
ADDITIVE = ("by_kind", "by_channel", "by_stage", "by_district", "by_age_band")
CHARTED = ("by_kind", "by_channel", "by_stage", "by_theme", "by_district", "by_age_band")


def protected_counts(data: dict) -> tuple[dict, Disclosure]:
    """The overview's counts as a published document may show them: the one small-count rule
    (``visionsprocess.disclosure``) over the total and every breakdown that adds up to it.
    Returns the counts with each hidden one as 0 (so no bar's length betrays it) and the rule's
    outcome (keys ``"total"`` and ``(breakdown, index)``)."""
    table = CountTable()
    total = table.add("total", data["total"], cost=Cost.MARGIN)
    for name in CHARTED:
        keys = [table.add((name, i), n) for i, (_label, n) in enumerate(data[name])]
        rest = data["total"] - sum(table.values[k] for k in keys)
        if name in ADDITIVE and rest >= 0:
            # ``rest``: counted in the total, never printed (e.g. a contribution of no stage).
            keys.append(table.add((name, "rest"), rest, cost=Cost.UNSHOWN))
            table.adds_up(total, keys)
    rule = table.protect()
    shown = dict(data)
    for name in CHARTED:
        shown[name] = [
            (label, 0 if rule.is_hidden((name, i)) else n)
            for i, (label, n) in enumerate(data[name])
        ]
    return shown, rule


def build_context(process) -> dict:
    from .synthesis_document import build_context as synthesis_context

    return synthesis_context(process)


def source_version(process) -> str:
    from .models import (
        Contribution,
        ContributionTheme,
        SynthesisState,
        SynthesisVersion,
        Theme,
    )
    from .selectors.staff import contribution_overview

    data = {
        "counts": {
            key: value
            for key, value in contribution_overview(process=process).items()
            if key.startswith("by_") or key == "total"
        },
        "contributions": str(
            Contribution.objects.filter(process=process).aggregate(m=Max("modified"))["m"]
        ),
        "themes": str(Theme.objects.filter(process=process).aggregate(m=Max("modified"))["m"]),
        "taggings": str(
            ContributionTheme.objects.filter(theme__process=process).aggregate(m=Max("tagged_at"))[
                "m"
            ]
        ),
    }
    # A newly published synthesis changes the theme sections.
    data["synthesis"] = str(
        SynthesisVersion.objects.filter(
            synthesis__process=process, state=SynthesisState.PUBLISHED
        ).aggregate(m=Max("number"))["m"]
    )
    raw = json.dumps(data, sort_keys=True, default=str).encode()
    return hashlib.sha256(raw).hexdigest()[:16]


def title(process) -> str:
    """E.g. "Dialogsyntes – Vision 2040 (2026-05-12)": a synthesis is a snapshot of a day."""
    return str(
        _("Dialogue synthesis – %(title)s (%(date)s)")
        % {"title": process.title, "date": timezone.localdate().isoformat()}
    )


def source_for(process):
    from .models import Contribution

    if not Contribution.objects.filter(process=process).exists():
        raise SourceMissing(_("No contributions have come in yet."))
    return process


def metadata(process) -> dict:
    from .models import Contribution, ContributionTheme

    changed = [
        Contribution.objects.filter(process=process).aggregate(m=Max("modified"))["m"],
        ContributionTheme.objects.filter(theme__process=process).aggregate(m=Max("tagged_at"))["m"],
    ]
    changed = [stamp for stamp in changed if stamp]
    return {
        "document_name": title(process),
        "document_type": "Sammanställning",
        "responsible": process.municipality.name,
        "last_revised": max(changed).date().isoformat() if changed else "",
    }


def register():
    documents.register(
        DocumentKind(
            key=KEY,
            label=_("Dialogue synthesis"),
            template="contributions/documents/synthesis.html",
            build_context=build_context,
            source_version=source_version,
            title=title,
            keywords=("dialog", "bidrag", "syntes"),
            metadata=metadata,
            source_for=source_for,
            # Public once an official has read it through and published it.
            public=lambda process: True,
            needs_publishing=True,
            order=40,
            description=_("What came in during the dialogue: counts, themes and voices."),
        )
    )
