"""Following and notices: the registries apps plug into, and ``notice_emit``.

An app registers, in its ``AppConfig.ready()``, the kinds of notice it emits and the kinds of
object people may follow; its services then emit notices inside their own transactions::

    from visionsprocess.notices import NoticeKind, notice_kinds, notice_emit

    notice_kinds.register(
        NoticeKind(
            key="goals.focus_area_status",
            label=_("A focus area changed status"),
            template="goals/notices/focus_area_status.txt",
        )
    )

    # in a service, inside its transaction:
    notice_emit(
        kind="goals.focus_area_status",
        process=area.process,
        key=f"goals.focus_area_status:{area.pk}:{area.status}",
        context={"area": area.title, "status": area.get_status_display(), "url": ...},
        targets=[area.themes.all()],       # followers of these objects are told
        process_followers=True,            # and followers of the whole process
    )

``key`` names the event: emitting the same key twice is harmless (one notice). ``context`` must be
JSON (texts, numbers, absolute URLs from ``visionsprocess.services.absolute_url``) and never holds
personal data. ``targets`` are model instances or querysets. The notice is written now, fanned
out to the followers by a Celery task after the commit, and reaches each address once, in the
next daily digest (see ``visionsprocess.notices.digest``). The kind's template renders one item
of the digest as plain text, from ``context`` (plus ``notice``); its first line is the headline.
"""

from .registry import Followable, NoticeKind, followables, notice_kinds  # noqa: F401
from .services import notice_emit  # noqa: F401
