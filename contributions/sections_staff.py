"""The contributions block of the staff process page (registered in ``apps.ready()``)."""

from django.db.models import Count, Q

from visionsprocess.registry import Section, staff_sections


def _context(request, process):
    if not request.user.has_perm("contributions.view_inbox", process):
        return None
    from .models import Contribution

    counts = Contribution.objects.filter(process=process).aggregate(
        total=Count("pk"), unread=Count("pk", filter=Q(read_at__isnull=True))
    )
    return counts


def register():
    staff_sections.register(
        Section(
            key="contributions",
            template="contributions/staff/includes/section.html",
            order=30,
            get_context=_context,
        )
    )
