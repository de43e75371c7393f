"""Demo discussion on Vision 2040's published contributions: comments, a reply, the
municipality's answer, a comment waiting for approval, and people who agree.

Idempotent: comments are found by their contribution and text, supports by a fixed key per
demo person, and the counters are set from the rows (not added to), so a second run changes
nothing.
"""

import hashlib

from django.db.models import Count, Q
from django.utils import timezone

from visionsprocess.models import Subscriber

from .models import (
    Comment,
    CommentModeration,
    CommentState,
    Contribution,
    DiscussionSettings,
    Participant,
    Support,
)

NEIGHBOURS = [
    ("karin.skillingaryd@example.org", "Karin i Skillingaryd"),
    ("ali.hok@example.org", "Ali från Hok"),
    ("margareta.klevshult@example.org", "Margareta, Klevshult"),
]
# (tracking token of the contribution, how many agree)
SUPPORTS = [("demo-vision-2040-01", 14), ("demo-vision-2040-02", 23), ("demo-vision-2040-04", 6)]


def _participant(email: str, name: str) -> Participant:
    subscriber, _created = Subscriber.objects.get_or_create(email=email)
    participant = Participant.objects.filter(subscriber=subscriber).order_by("pk").first()
    if participant is None:
        participant = Participant.objects.create(
            subscriber=subscriber, display_name=name, confirmed_at=timezone.now()
        )
    return participant


def _comment(contribution, text, *, approved_by, parent=None, state=CommentState.PUBLISHED, **who):
    now = timezone.now()
    published = state == CommentState.PUBLISHED
    comment, _created = Comment.objects.update_or_create(
        contribution=contribution,
        text=text,
        defaults={
            "parent": parent,
            "state": state,
            "published_at": now if published else None,
            "approved_by": approved_by if published else None,
            "approved_at": now if published else None,
            **who,
        },
    )
    return comment


def load(core) -> None:
    process = core.vision
    official = core.users.get("tjansteperson")
    citizen = core.users.get("medborgare")
    DiscussionSettings.objects.update_or_create(
        process=process, defaults={"comment_moderation": CommentModeration.PRE}
    )
    karin, ali, margareta = (_participant(email, name) for email, name in NEIGHBOURS)
    by_token = {
        c.tracking_token: c
        for c in Contribution.objects.filter(tracking_token__startswith="demo-vision-2040-")
    }
    train = by_token.get("demo-vision-2040-01")
    bike = by_token.get("demo-vision-2040-02")
    if train is not None:
        first = _comment(
            train,
            "Håller med! Sista tåget från Jönköping går för tidigt för oss som jobbar kväll.",
            approved_by=official,
            participant=karin,
            display_name=karin.display_name,
        )
        _comment(
            train,
            "Och på helgerna är det ännu glesare. Tätare turer vore bra för ungdomarna också.",
            approved_by=official,
            parent=first,
            author=citizen,
            display_name="Elin",
        )
        _comment(
            train,
            "Tack för era synpunkter. Tågtrafiken planeras av Region Jönköpings län; kommunen tar "
            "med det ni skriver här till regionens arbete med kollektivtrafiken, och vi berättar "
            "på sidan Ni sa – vi gjorde vad som hände.",
            approved_by=official,
            parent=first,
            author=official,
            display_name="Vaggeryds kommun",
            is_official_answer=True,
        )
    if bike is not None:
        _comment(
            bike,
            "En belyst cykelväg längs väg 30 skulle göra att vi vågar låta barnen cykla till "
            "träningen.",
            approved_by=official,
            participant=ali,
            display_name=ali.display_name,
        )
        _comment(
            bike,
            "Gärna med en rastplats vid Lagan på vägen.",
            approved_by=official,
            participant=margareta,
            display_name=margareta.display_name,
            state=CommentState.PENDING,
        )
    for token, count in SUPPORTS:
        contribution = by_token.get(token)
        if contribution is None:
            continue
        for n in range(count):
            key = hashlib.sha256(f"demo-support:{token}:{n}".encode()).hexdigest()
            Support.objects.get_or_create(contribution=contribution, voter_key=key)
    # The counters from the rows themselves (a second run sets the same numbers).
    for contribution in Contribution.objects.filter(
        pk__in=[c.pk for c in by_token.values()]
    ).annotate(
        n_supports=Count("supports", distinct=True),
        n_comments=Count(
            "comments", filter=Q(comments__state=CommentState.PUBLISHED), distinct=True
        ),
    ):
        Contribution.objects.filter(pk=contribution.pk).update(
            support_count=contribution.n_supports, comment_count=contribution.n_comments
        )
