"""The tracking page's own lines (see ``contributions.registry``)."""

from .citations import citation_tracking_items
from .models import Feedback, ModerationState
from .registry import TrackingLine, tracking_lines

TEMPLATE = "contributions/public/tracking/{}.html"


def _received(request, contribution):
    return {}


def _publication(request, contribution):
    return {
        "is_published": contribution.moderation_state == ModerationState.PUBLISHED
        and contribution.consent_to_publish,
        "is_new": contribution.moderation_state == ModerationState.NEW,
    }


def _read(request, contribution):
    return {"read_at": contribution.read_at}


def _themes(request, contribution):
    return {"themes": [tagging.theme for tagging in contribution.taggings.all()]}


def _feedback(request, contribution):
    """Feedback on the contribution itself and on the themes it was grouped into."""
    theme_ids = [tagging.theme_id for tagging in contribution.taggings.all()]
    return {
        "items": list(contribution.feedback.all()),
        "theme_items": list(
            Feedback.objects.filter(theme_id__in=theme_ids)
            .select_related("theme")
            .order_by("created")
        )
        if theme_ids
        else [],
    }


def _citations(request, contribution):
    items = citation_tracking_items(contribution)
    return {"items": items} if items else None


def register_lines():
    for order, key, get_context in (
        (10, "received", _received),
        (20, "read", _read),
        (30, "publication", _publication),
        (40, "themes", _themes),
        (50, "feedback", _feedback),
        (60, "citations", _citations),
    ):
        tracking_lines.register(
            TrackingLine(
                key=f"contributions.{key}",
                template=TEMPLATE.format(key),
                order=order,
                get_context=get_context,
            )
        )
