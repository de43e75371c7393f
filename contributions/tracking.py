"""The tracking page's own lines (see ``contributions.registry``)."""

from .models import ModerationState
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
    return {}


def register_lines():
    for order, key, get_context in (
        (10, "received", _received),
        (20, "read", _read),
        (30, "publication", _publication),
        (40, "themes", _themes),
        (50, "feedback", _feedback),
    ):
        tracking_lines.register(
            TrackingLine(
                key=f"contributions.{key}",
                template=TEMPLATE.format(key),
                order=order,
                get_context=get_context,
            )
        )
