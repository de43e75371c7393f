"""The "dialogue synthesis" document kind: what came in during the dialogue, as a PDF.

Registered with the core's document registry in ``apps.ready()``; the core's render task looks
it up, builds the context from the process and renders it with WeasyPrint. A published
document is public: its counts follow the small-count rule (``protected_counts``).
"""

import hashlib
import json

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from visionsprocess.registry import DocumentKind, SourceMissing, documents

from .synthesis_counts import ADDITIVE, CHARTED, protected_counts, title  # noqa: F401
from .synthesis_document import build_context as synthesis_context

KEY = "dialogue_synthesis"


def build_context(process) -> dict:
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
