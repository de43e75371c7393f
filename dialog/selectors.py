"""Reads of the dialog app, one per screen, with their joins done."""

import datetime as dt

import django_filters
from django import forms
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visionsprocess.drafting.services import consultation_is_open
from visionsprocess.models import VersionState, Visibility

from .models import (
    ConsultationInvitation,
    ConversationKit,
    Invitation,
    Meeting,
    MeetingFormat,
    MeetingKind,
    MeetingStatus,
    Organisation,
    OrganisationCategory,
    Registration,
    RegistrationStatus,
    TargetGroup,
    normalise_name,
)

PUBLIC_KINDS = [(k, label) for k, label in MeetingKind.choices if k != MeetingKind.INTERNAL]


def _with_counts(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return qs.annotate(
        confirmed_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
        ),
        waiting_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
        ),
    )


class PublicMeetingFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PUBLIC_KINDS, empty_label=_("All"))
    format = django_filters.ChoiceFilter(
        label=_("Format"), choices=MeetingFormat.choices, empty_label=_("All")
    )
    target_group = django_filters.ModelChoiceFilter(
        label=_("Target group"),
        field_name="target_groups",
        queryset=TargetGroup.objects.none(),
        empty_label=_("All"),
    )

    class Meta:
        model = Meeting
        fields = ["kind", "format", "target_group"]

    def __init__(self, *args, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["target_group"].queryset = TargetGroup.objects.filter(
            municipality_id=process.municipality_id
        )


def meeting_list_public(*, process, data=None) -> tuple[PublicMeetingFilter, list, list]:
    """(filter, upcoming, past) of a process's public meetings."""
    base = (
        _with_counts(Meeting.objects.for_process(process).public())
        .prefetch_related("target_groups")
        .order_by("starts_at")
    )
    meeting_filter = PublicMeetingFilter(data or None, queryset=base, process=process)
    qs = meeting_filter.qs.distinct() if meeting_filter.is_valid() else base
    now = timezone.now()
    upcoming = [m for m in qs if m.ends_at > now]
    past = sorted((m for m in qs if m.ends_at <= now), key=lambda m: m.starts_at, reverse=True)
    return meeting_filter, upcoming, past


def meeting_public(*, process, pk) -> Meeting:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        _with_counts(Meeting.objects.for_process(process).public()).prefetch_related(
            "target_groups"
        ),
        pk=pk,
    )


def meeting_published_statements(*, meeting) -> QuerySet:
    """What was said at the meeting and published, through the reverse relation."""
    return meeting.contributions.filter(
        moderation_state="published", consent_to_publish=True
    ).order_by("created")


def meetings_upcoming_public(*, process, limit=3) -> list[Meeting]:
    return list(
        _with_counts(Meeting.objects.for_process(process).public())
        .filter(ends_at__gt=timezone.now(), status=MeetingStatus.PLANNED)
        .order_by("starts_at")[:limit]
    )


def meetings_feed(*, process) -> QuerySet[Meeting]:
    return Meeting.objects.for_process(process).public().select_related("process")


def meeting_list_staff(*, process) -> QuerySet[Meeting]:
    return _with_counts(Meeting.objects.for_process(process)).order_by("-starts_at")


def meeting_staff(*, process, pk) -> Meeting:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        _with_counts(Meeting.objects.for_process(process)).prefetch_related(
            "target_groups", "responsible", "age_counts"
        ),
        pk=pk,
    )


def meeting_registrations(*, meeting) -> QuerySet[Registration]:
    """Confirmed first, then the waiting list in order, then the cancelled."""
    status_order = Case(
        When(status=RegistrationStatus.CONFIRMED, then=Value(0)),
        When(status=RegistrationStatus.WAITING, then=Value(1)),
        default=Value(2),
    )
    return meeting.registrations.select_related("organisation").order_by(
        status_order, "position", "created"
    )


def kits_public(*, process) -> QuerySet[ConversationKit]:
    return (
        ConversationKit.objects.filter(process=process, is_published=True)
        .annotate(group_count=Count("contributions", filter=Q(contributions__kind="group_report")))
        .order_by("title")
    )


def kits_staff(*, process) -> QuerySet[ConversationKit]:
    return ConversationKit.objects.filter(process=process).annotate(
        group_count=Count("contributions", filter=Q(contributions__kind="group_report"))
    )


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=OrganisationCategory.choices, empty_label=_("All")
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"), queryset=None, empty_label=_("All")
    )
    wants_invitations = django_filters.BooleanFilter(
        label=_("Wants invitations"),
        widget=forms.Select(choices=[("", _("All")), ("true", _("yes")), ("false", _("no"))]),
    )

    class Meta:
        model = Organisation
        fields = ["q", "category", "district", "wants_invitations"]

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["district"].queryset = municipality.districts.all()

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(contact_person__icontains=value))


def organisation_list(*, municipality, data=None) -> tuple[OrganisationFilter, QuerySet]:
    base = (
        Organisation.objects.for_municipality(municipality)
        .select_related("district")
        .annotate(
            invitation_count=Count("invitations", distinct=True),
            attended_count=Count(
                "registrations", filter=Q(registrations__attended=True), distinct=True
            ),
        )
        .order_by("name")
    )
    organisation_filter = OrganisationFilter(data or None, queryset=base, municipality=municipality)
    qs = organisation_filter.qs if organisation_filter.is_valid() else base
    return organisation_filter, qs


def organisation_history(*, organisation) -> list[dict]:
    """Each meeting the organisation was invited to, and whether someone from it came."""
    invitations = organisation.invitations.select_related("meeting__process").order_by(
        "-meeting__starts_at"
    )
    registrations = Registration.objects.filter(
        Q(organisation=organisation)
        | (Q(email__iexact=organisation.email) if organisation.email else Q(pk__in=[]))
    ).select_related("meeting__process")
    by_meeting: dict[int, list[Registration]] = {}
    for registration in registrations:
        by_meeting.setdefault(registration.meeting_id, []).append(registration)
    rows = []
    seen = set()
    for invitation in invitations:
        regs = by_meeting.get(invitation.meeting_id, [])
        rows.append(
            {"meeting": invitation.meeting, "invitation": invitation, "registrations": regs}
        )
        seen.add(invitation.meeting_id)
    for meeting_id, regs in by_meeting.items():
        if meeting_id not in seen:
            rows.append({"meeting": regs[0].meeting, "invitation": None, "registrations": regs})
    return rows


def invitations_for_meeting(*, meeting) -> QuerySet[Invitation]:
    return meeting.invitations.select_related("organisation").order_by("organisation__name")


def consultation_takes_bodies(*, consultation) -> bool:
    """Whether organisations can still be added: the version is out and the deadline not past."""
    return consultation.version.state == VersionState.CONSULTATION and consultation_is_open(
        consultation
    )


def consultation_bodies_public(*, consultation) -> list[str]:
    """The names of the register's organisations asked to answer a consultation (public)."""
    return list(
        ConsultationInvitation.objects.filter(consultation=consultation)
        .order_by("organisation__name")
        .values_list("organisation__name", flat=True)
    )


def consultation_bodies_status(*, consultation) -> list[ConsultationInvitation]:
    """The register's consultation bodies with, for the drafters, how each was reached and
    whether an answer has come in under its name (matched like the register matches names)."""
    answered = {
        normalise_name(name)
        for name in consultation.answers.exclude(organisation="").values_list(
            "organisation", flat=True
        )
    }
    invitations = list(
        ConsultationInvitation.objects.filter(consultation=consultation)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    for invitation in invitations:
        organisation = invitation.organisation
        invitation.has_answered = organisation.normalised_name in answered
        invitation.reachable_by_email = bool(organisation.email and organisation.wants_invitations)
        invitation.remindable = bool(
            invitation.sent_at
            and not invitation.reminded_at
            and not invitation.has_answered
            and invitation.reachable_by_email
        )
    return invitations


def organisations_export(*, municipality) -> QuerySet[Organisation]:
    return (
        Organisation.objects.for_municipality(municipality)
        .select_related("district")
        .order_by("name")
    )


# --- The municipality: every public meeting, the public association register ------------------


def municipality_meetings(*, municipality) -> QuerySet[Meeting]:
    """The public meetings of the municipality's public, published processes (no internal
    meeting, nothing of a draft or internal process), each with its process."""
    return (
        Meeting.objects.public()
        .filter(
            process__municipality=municipality,
            process__visibility=Visibility.PUBLIC,
            process__published_at__isnull=False,
        )
        .select_related("process")
    )


def calendar_month_of(*, processes, start, end) -> list[Meeting]:
    """The public meetings of ``processes`` (the municipality's public processes, loaded once by
    the caller) that start in ``[start, end)``, in time order, each with its process from
    ``processes``: one query through the index on (process, starts_at), no join."""
    by_pk = {process.pk: process for process in processes}
    if not by_pk:
        return []
    meetings = list(
        Meeting.objects.public()
        .filter(process_id__in=list(by_pk), starts_at__gte=start, starts_at__lt=end)
        .only("pk", "process_id", "title", "starts_at", "ends_at", "format", "place", "status")
        .order_by("starts_at", "pk")
    )
    for meeting in meetings:
        Meeting.process.field.set_cached_value(meeting, by_pk[meeting.process_id])
    return meetings


#: How far back the municipality's feed reaches (all future meetings are in it).
FEED_PAST_DAYS = 365


def municipality_feed(*, municipality) -> QuerySet[Meeting]:
    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    return municipality_meetings(municipality=municipality).filter(ends_at__gte=since)


def municipality_upcoming(*, municipality, limit=5) -> list[Meeting]:
    return list(
        municipality_meetings(municipality=municipality)
        .filter(ends_at__gt=timezone.now(), status=MeetingStatus.PLANNED)
        .order_by("starts_at", "pk")[:limit]
    )


def meetings_open_for_registration(*, processes, now, limit=10) -> list[Meeting]:
    """Upcoming public meetings of ``processes`` one can still register for."""
    return list(
        Meeting.objects.public()
        .filter(
            process__in=processes,
            status=MeetingStatus.PLANNED,
            starts_at__gt=now,
        )
        .filter(Q(registration_deadline__isnull=True) | Q(registration_deadline__gte=now))
        .order_by("starts_at", "pk")[:limit]
    )


def associations_public(*, municipality) -> QuerySet[Organisation]:
    """The associations that agreed to be listed publicly, with their district."""
    return (
        Organisation.objects.for_municipality(municipality)
        .filter(is_listed_publicly=True)
        .select_related("district")
        .order_by("name", "pk")
    )
