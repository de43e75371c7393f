"""What the dialog app adds to notices and to "Mina sidor".

Followers of a process hear of every new public meeting and of minutes published; everyone
registered for a meeting follows it (that is what they left the address for) and hears when its
minutes and what was said are published, whether they came or not.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from visionsprocess.notices import Followable, NoticeKind, followables, notice_emit, notice_kinds
from visionsprocess.services import absolute_url

MEETING_NEW = "dialog.meeting_new"
MINUTES = "dialog.minutes_published"


def _describe_meeting(meeting) -> str:
    return _("the meeting %(title)s on %(date)s") % {
        "title": meeting.title,
        "date": formats.date_format(timezone.localtime(meeting.starts_at), "j F Y"),
    }


def register():
    from visionsprocess.registry import Section, my_pages_sections

    followables.register(
        Followable(
            model="dialog.Meeting",
            describe=_describe_meeting,
            process=lambda meeting: meeting.process,
            order=40,
        )
    )
    notice_kinds.register(
        NoticeKind(
            key=MEETING_NEW,
            label=_("A new dialogue meeting"),
            template="dialog/notices/meeting_new.txt",
        )
    )
    notice_kinds.register(
        NoticeKind(
            key=MINUTES,
            label=_("Minutes and what was said at a meeting"),
            template="dialog/notices/minutes_published.txt",
        )
    )
    my_pages_sections.register(
        Section(
            key="dialog.registrations",
            template="dialog/my_pages/section.html",
            order=20,
            get_context=my_registrations_context,
        )
    )


def _when(meeting) -> str:
    return formats.date_format(timezone.localtime(meeting.starts_at), "j F Y, H:i")


def meeting_created(*, meeting) -> None:
    if not meeting.is_public:
        return
    notice_emit(
        kind=MEETING_NEW,
        process=meeting.process,
        key=f"{MEETING_NEW}:{meeting.pk}",
        context={
            "process": meeting.process.title,
            "title": meeting.title,
            "when": _when(meeting),
            "place": meeting.place,
            "url": absolute_url(
                meeting.get_absolute_url(), municipality=meeting.process.municipality_id
            ),
        },
        process_followers=True,
    )


def minutes_published(*, meeting) -> None:
    """Once per meeting: the first time its minutes or main points are saved."""
    if not meeting.is_public or not (meeting.minutes.strip() or meeting.main_points.strip()):
        return
    notice_emit(
        kind=MINUTES,
        process=meeting.process,
        key=f"{MINUTES}:{meeting.pk}",
        context={
            "process": meeting.process.title,
            "title": meeting.title,
            "when": _when(meeting),
            "url": absolute_url(
                meeting.get_absolute_url(), municipality=meeting.process.municipality_id
            ),
        },
        targets=[meeting],
        process_followers=True,
    )


def my_registrations_context(request, user) -> dict:
    from .models import Registration

    registrations = list(
        Registration.objects.filter(user=user)
        .select_related("meeting__process")
        .order_by("-meeting__starts_at", "-pk")[:100]
    )
    now = timezone.now()
    return {
        "upcoming": [r for r in registrations if r.meeting.ends_at > now][::-1],
        "past": [r for r in registrations if r.meeting.ends_at <= now],
    }
