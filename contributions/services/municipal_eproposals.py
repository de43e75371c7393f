"""The municipality's own e-förslag: proposals to the whole municipality, not to one process.

They live in a standing process of the municipality (``MunicipalEProposals``), made the first
time an administrator opens them: published, so citizens may propose and support, and not
listed (``VisionProcess.listed``), so it is never shown among the processes. Everything else,
the rules, the review, support once per person, the threshold, the committee's decision (a core
``Decision`` of the standing process) and the digests, is the services of
``contributions.services.eproposals``, unchanged.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from visionsprocess import changes
from visionsprocess.models import Municipality, RetentionRule, VisionProcess
from visionsprocess.services import process_create

from ..models import MunicipalEProposals

SLUG = "e-forslag"


def municipal_process(*, municipality) -> VisionProcess | None:
    """The standing process of the municipality's e-förslag; ``None`` before it is opened."""
    if municipality is None:
        return None
    row = (
        MunicipalEProposals.objects.select_related("process__municipality")
        .filter(municipality=municipality)
        .first()
    )
    return row.process if row else None


def _free_slug(municipality) -> str:
    taken = set(
        VisionProcess.objects.filter(municipality=municipality, slug__startswith=SLUG).values_list(
            "slug", flat=True
        )
    )
    slug, number = SLUG, 1
    while slug in taken:
        number += 1
        slug = f"{SLUG}-{number}"
    return slug


@transaction.atomic
def municipal_eproposals_open(*, municipality: Municipality, actor=None) -> VisionProcess:
    """The standing process of the municipality's e-förslag, made on the first call (two
    administrators at once make one: the municipality's row is locked). Its retention rule is
    the municipality's first (in the order of the records-management plan); an administrator
    may choose another on the process's settings."""
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    existing = municipal_process(municipality=municipality)
    if existing is not None:
        return existing
    process = process_create(
        municipality=municipality,
        title=_("E-proposals to %(municipality)s") % {"municipality": municipality.name},
        slug=_free_slug(municipality),
        horizon_year=timezone.localdate().year,
        summary=_("Propose something to the municipality, and support others' proposals."),
    )
    process.listed = False
    process.published_at = timezone.now()
    process.retention_rule = RetentionRule.objects.filter(municipality=municipality).first()
    process.save(update_fields=["listed", "published_at", "retention_rule", "modified"])
    MunicipalEProposals.objects.create(municipality=municipality, process=process)
    changes.record(process=process)
    return process
