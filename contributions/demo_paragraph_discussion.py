"""Demo discussion of the paragraphs of Framtidsbygget's draft on consultation: comments, a reply,
the municipality's answer, a comment waiting for approval, and people who agree.

The people here take part in Framtidsbygget only (none of them is a neighbour of Vision 2040's
discussion), so the gallring of Vision 2040 on the demo still has its own people to remove.
Idempotent: comments are found by their paragraph and text, supports by a fixed key per demo
person and paragraph.
"""

import hashlib

from django.utils import timezone

from visionsprocess.drafting.services import consultation_is_open
from visionsprocess.models import Consultation, ParagraphKind, Subscriber

from .models import Comment, CommentState, Participant, Support

PEOPLE = {
    "sofia": ("sofia.svenarum@example.org", "Sofia i Svenarum"),
    "jonas": ("jonas.hok@example.org", "Jonas från Hok"),
    "birgitta": ("birgitta.byarum@example.org", "Birgitta, Byarum"),
}
#: (the paragraph's order in the draft, how many agree)
SUPPORTS = [(2, 4), (3, 9), (5, 6)]


def _participant(email: str, name: str) -> Participant:
    subscriber, _created = Subscriber.objects.get_or_create(email=email)
    participant = Participant.objects.filter(subscriber=subscriber).order_by("pk").first()
    if participant is None:
        participant = Participant.objects.create(
            subscriber=subscriber, display_name=name, confirmed_at=timezone.now()
        )
    return participant


def _comment(paragraph, text, *, approved_by, parent=None, state=CommentState.PUBLISHED, **who):
    now = timezone.now()
    published = state == CommentState.PUBLISHED
    comment, _created = Comment.objects.update_or_create(
        paragraph=paragraph,
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


def _by(person):
    return {"participant": person, "display_name": person.display_name}


def load(core) -> None:
    consultation = (
        Consultation.objects.filter(version__round__process=core.framtidsbygget)
        .order_by("-deadline")
        .first()
    )
    if consultation is None or not consultation_is_open(consultation):
        return
    paragraphs = {
        p.order: p for p in consultation.version.paragraphs.filter(kind=ParagraphKind.BODY)
    }
    if not {2, 3, 4, 5} <= set(paragraphs):
        return
    official = core.users.get("tjansteperson")
    sofia, jonas, birgitta = (_participant(*PEOPLE[key]) for key in ("sofia", "jonas", "birgitta"))
    _comment(
        paragraphs[2],
        "Bra att det står hela kommunen. Skriv gärna ut att det gäller Svenarum, Bondstorp och "
        "de andra mindre orterna också, inte bara tätorterna.",
        approved_by=official,
        **_by(sofia),
    )
    question = _comment(
        paragraphs[3],
        "Hur får vi veta vad som hände med det vi sa? Skriv in att kommunen återkopplar inom en "
        "viss tid, annars blir det bara fina ord.",
        approved_by=official,
        **_by(jonas),
    )
    _comment(
        paragraphs[3],
        "Instämmer. Och berätta det också på biblioteken och i Vaggerydsbladet, alla läser inte "
        "på nätet.",
        approved_by=official,
        parent=question,
        **_by(birgitta),
    )
    _comment(
        paragraphs[3],
        "Tack för frågan. Processens löfte säger att vi återkopplar senast två månader efter att "
        "remissen har stängt, här och på sidan Ni sa – vi gjorde. Vi föreslår att nästa version "
        "av texten säger det också.",
        approved_by=official,
        parent=question,
        author=official,
        display_name="Vaggeryds kommun",
        is_official_answer=True,
    )
    _comment(
        paragraphs[5],
        "Kommunikationer är det viktigaste för oss som pendlar till Jönköping och Värnamo. Nämn "
        "gärna kollektivtrafiken på kvällar och helger.",
        approved_by=official,
        **_by(birgitta),
    )
    _comment(
        paragraphs[4],
        "Värdskap låter fint, men vad betyder det i praktiken när man ringer kommunen?",
        approved_by=official,
        state=CommentState.PENDING,
        **_by(sofia),
    )
    for order, count in SUPPORTS:
        paragraph = paragraphs[order]
        for n in range(count):
            key = hashlib.sha256(f"demo-paragraph-support:{order}:{n}".encode()).hexdigest()
            Support.objects.get_or_create(paragraph=paragraph, voter_key=key)
