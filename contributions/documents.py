"""The "dialogue synthesis" document kind: what came in during the dialogue, as a PDF.

Registered with the core's document registry in ``apps.ready()``; the core's render task looks
it up, builds the context from the process and renders it with WeasyPrint.
"""

import hashlib
import json

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visionsprocess.registry import DocumentKind, SourceMissing, documents

KEY = "dialogue_synthesis"


def build_context(process) -> dict:
    from .charts import render_chart
    from .selectors.staff import contribution_overview, quotes_by_theme
    from .views.staff import overview_charts

    data = contribution_overview(process=process)
    return {
        "process": process,
        "municipality": process.municipality,
        "document_title": title(process),
        "document_subject": str(_("What came in during the dialogue")),
        "data": data,
        "charts": [render_chart(c, print_version=True) for c in overview_charts(data)],
        "quotes": quotes_by_theme(process=process),
    }


def source_version(process) -> str:
    from .models import Contribution, ContributionTheme, Theme
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
