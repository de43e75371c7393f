"""Staff dialog views: meetings, consultation bodies from the register and conversation kits."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from visionsprocess.drafting.views import consultation_lookup
from visionsprocess.exports import safe_cell
from visionsprocess.forms import add_service_errors
from visionsprocess.models import AgeBand
from visionsprocess.permissions import permission_required, process_by_slug

from .. import selectors, services
from ..forms import (
    AgeCountForm,
    ConsultationBodiesForm,
    InvitationForm,
    KitForm,
    MeetingForm,
    MeetingRecordForm,
)
from ..models import (
    ConversationKit,
    Meeting,
)
from .common import _files, _post, kit_by_slug, meeting_by_pk

# --- Staff: meetings ----------------------------------------------------------------------------


@permission_required("dialog.view_meetings_staff", process_by_slug)
def staff_meeting_list(request, process, slug):
    return render(
        request,
        "dialog/staff/meeting_list.html",
        {
            "process": process,
            "meetings": selectors.meeting_list_staff(process=process).prefetch_related(
                "target_groups"
            ),
            "now": timezone.now(),
        },
    )


@permission_required("dialog.manage_meetings", process_by_slug)
def staff_meeting_create(request, process, slug):
    form = MeetingForm(_post(request), process=process)
    if request.method == "POST" and form.is_valid():
        data = {
            k: v for k, v in form.cleaned_data.items() if k not in ("target_groups", "responsible")
        }
        try:
            meeting = services.meeting_create(
                process=process,
                data=data,
                target_groups=form.cleaned_data["target_groups"],
                responsible=form.cleaned_data["responsible"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting was created."))
            return redirect("dialog:staff_meeting", slug=process.slug, pk=meeting.pk)
    return render(
        request,
        "dialog/staff/meeting_form.html",
        {"process": process, "form": form, "meeting": None},
    )


@permission_required("dialog.view_meetings_staff", meeting_by_pk)
def staff_meeting_detail(request, meeting, slug, pk):
    meeting = selectors.meeting_staff(process=meeting.process, pk=pk)
    can_see_people = request.user.has_perm("dialog.view_registrations", meeting)
    context = {
        "process": meeting.process,
        "meeting": meeting,
        "registrations": (
            selectors.meeting_registrations(meeting=meeting) if can_see_people else None
        ),
        "can_see_people": can_see_people,
        "can_manage": request.user.has_perm("dialog.manage_meetings", meeting),
        "invitations": (
            selectors.invitations_for_meeting(meeting=meeting) if can_see_people else None
        ),
        "age_counts": list(meeting.age_counts.all()),
    }
    return render(request, "dialog/staff/meeting_detail.html", context)


@permission_required("dialog.manage_meetings", meeting_by_pk)
def staff_meeting_edit(request, meeting, slug, pk):
    process = meeting.process
    form = MeetingForm(_post(request), instance=meeting, process=process)
    if request.method == "POST" and form.is_valid():
        data = {
            k: v for k, v in form.cleaned_data.items() if k not in ("target_groups", "responsible")
        }
        try:
            services.meeting_update(
                meeting=Meeting.objects.get(pk=meeting.pk),
                data=data,
                target_groups=form.cleaned_data["target_groups"],
                responsible=form.cleaned_data["responsible"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("dialog:staff_meeting", slug=process.slug, pk=meeting.pk)
    return render(
        request,
        "dialog/staff/meeting_form.html",
        {"process": process, "form": form, "meeting": meeting},
    )


@permission_required("dialog.manage_meetings", meeting_by_pk)
def staff_meeting_cancel(request, meeting, slug, pk):
    if request.method == "POST":
        try:
            told = services.meeting_cancel(meeting=meeting)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The meeting is cancelled. %(count)d registered people are told by e-mail.")
                % {"count": told},
            )
        return redirect("dialog:staff_meeting", slug=slug, pk=meeting.pk)
    return render(
        request,
        "dialog/staff/meeting_cancel.html",
        {"process": meeting.process, "meeting": meeting},
    )


@require_POST
@permission_required("dialog.manage_meetings", meeting_by_pk)
def staff_meeting_copy(request, meeting, slug, pk):
    copy = services.meeting_copy(meeting=meeting)
    messages.success(request, _("A copy was made. Check the date and time before you publish it."))
    return redirect("dialog:staff_meeting_edit", slug=slug, pk=copy.pk)


@permission_required("dialog.view_registrations", meeting_by_pk)
def staff_registrations_csv(request, meeting, slug, pk):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        [
            _("Name"),
            _("E-mail"),
            _("Organisation"),
            _("Needs"),
            _("Status"),
            _("Place in the waiting list"),
            _("Attended"),
            pgettext("column of dates", "Registered on"),
        ]
    )
    for r in selectors.meeting_registrations(meeting=meeting):
        writer.writerow(
            [
                safe_cell(r.name),
                safe_cell(r.email),
                safe_cell(r.organisation.name if r.organisation else r.organisation_name),
                safe_cell(r.needs),
                r.get_status_display(),
                r.position or "",
                _("yes") if r.attended else _("no"),
                timezone.localtime(r.created).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="anmalningar-{meeting.pk}.csv"'
    return response


@require_POST
@permission_required("dialog.manage_meetings", meeting_by_pk)
def staff_attendance(request, meeting, slug, pk):
    ids = [v for v in request.POST.getlist("attended") if v.isdigit()]
    count = services.attendance_mark(meeting=meeting, attended_ids=ids)
    messages.success(request, _("Attendance saved: %(count)d attended.") % {"count": count})
    return redirect("dialog:staff_meeting", slug=slug, pk=meeting.pk)


@permission_required("dialog.manage_meetings", meeting_by_pk)
def staff_meeting_record(request, meeting, slug, pk):
    """Minutes, main points and participants by age band."""
    counts = {c.age_band: c.count for c in meeting.age_counts.all()}
    form = MeetingRecordForm(_post(request), instance=meeting, prefix="record")
    age_form = AgeCountForm(_post(request), initial_counts=counts, prefix="age")
    if request.method == "POST" and form.is_valid() and age_form.is_valid():
        try:
            services.meeting_record(
                meeting=Meeting.objects.get(pk=meeting.pk),
                minutes=form.cleaned_data["minutes"],
                main_points=form.cleaned_data["main_points"],
                participant_count=form.cleaned_data["participant_count"],
            )
            services.meeting_age_counts_save(
                meeting=Meeting.objects.get(pk=meeting.pk), counts=age_form.counts()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The minutes were saved."))
            return redirect("dialog:staff_meeting", slug=slug, pk=meeting.pk)
    return render(
        request,
        "dialog/staff/meeting_record.html",
        {
            "process": meeting.process,
            "meeting": meeting,
            "form": form,
            "age_form": age_form,
            "age_bands": AgeBand.choices,
        },
    )


@permission_required("dialog.manage_meetings", meeting_by_pk)
def staff_meeting_invite(request, meeting, slug, pk):
    municipality = meeting.process.municipality
    form = InvitationForm(_post(request), municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.invitations_create(meeting=meeting, organisations=form.chosen())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(count)d invitations are on their way.") % {"count": count}
            )
            return redirect("dialog:staff_meeting", slug=slug, pk=meeting.pk)
    return render(
        request,
        "dialog/staff/meeting_invite.html",
        {
            "process": meeting.process,
            "meeting": meeting,
            "form": form,
            "invitations": selectors.invitations_for_meeting(meeting=meeting),
        },
    )


# --- Staff: consultation bodies from the register ----------------------------------------------


@permission_required("dialog.invite_consultation_bodies", consultation_lookup)
def staff_consultation_bodies(request, consultation, slug, pk):
    form = ConsultationBodiesForm(_post(request), consultation=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.consultation_invitations_create(
                consultation=consultation, organisations=form.chosen(), actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if count:
                messages.success(
                    request,
                    _("%(count)d organisations were added as consultation bodies.")
                    % {"count": count},
                )
            else:
                messages.info(request, _("All the chosen organisations were already added."))
            return redirect("drafting:consultation_answers", slug=slug, pk=consultation.pk)
    return render(
        request,
        "dialog/staff/consultation_bodies.html",
        {
            "process": consultation.process,
            "consultation": consultation,
            "version": consultation.version,
            "form": form,
            "bodies": selectors.consultation_bodies_status(consultation=consultation),
        },
    )


@require_POST
@permission_required("dialog.invite_consultation_bodies", consultation_lookup)
def staff_consultation_remind(request, consultation, slug, pk):
    try:
        count = services.consultation_reminders_request(
            consultation=consultation, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "A reminder is on its way to %(count)d body.",
                "Reminders are on their way to %(count)d bodies.",
                count,
            )
            % {"count": count},
        )
    return redirect("drafting:consultation_answers", slug=slug, pk=consultation.pk)


# --- Staff: conversation kits -------------------------------------------------------------------


@permission_required("dialog.manage_kits", process_by_slug)
def staff_kit_list(request, process, slug):
    return render(
        request,
        "dialog/staff/kit_list.html",
        {"process": process, "kits": selectors.kits_staff(process=process)},
    )


def _kit_form_view(request, process, kit=None):
    form = KitForm(_post(request), _files(request), instance=kit)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.KIT_FIELDS}
        if not data["slug"]:
            data["slug"] = slugify(data["title"])[:80]
        printable = request.FILES.get("printable")
        try:
            saved = services.kit_save(
                process=process,
                data=data,
                printable=printable,
                kit=ConversationKit.objects.get(pk=kit.pk) if kit else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The conversation kit was saved."))
            return redirect("dialog:staff_kits", slug=saved.process.slug)
    return render(
        request, "dialog/staff/kit_form.html", {"process": process, "form": form, "kit": kit}
    )


@permission_required("dialog.manage_kits", process_by_slug)
def staff_kit_create(request, process, slug):
    return _kit_form_view(request, process)


@permission_required("dialog.manage_kits", kit_by_slug)
def staff_kit_edit(request, kit_obj, slug, kit):
    return _kit_form_view(request, kit_obj.process, kit_obj)
