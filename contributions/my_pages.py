"""The contributions app's section of "Mina sidor": what the person has sent in, with its status."""

from django.db.models import Count, Prefetch

from .models import Contribution, ContributionTheme, ModerationState


def my_contributions_context(request, user) -> dict:
    contributions = list(
        Contribution.objects.filter(author=user)
        .select_related("process")
        .prefetch_related(
            Prefetch("taggings", queryset=ContributionTheme.objects.select_related("theme"))
        )
        .annotate(feedback_count=Count("feedback", distinct=True))
        .order_by("-created", "-pk")[:100]
    )
    for contribution in contributions:
        contribution.is_published = (
            contribution.moderation_state == ModerationState.PUBLISHED
            and contribution.consent_to_publish
        )
    return {"contributions": contributions}
