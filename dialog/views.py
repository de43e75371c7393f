"""Views of the dialog app: thin – check permission, validate the form, call a service."""

import csv
import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from visionsprocess.clients import client_ip
from visionsprocess.drafting.views import consultation_lookup
from visionsprocess.exports import safe_cell
from visionsprocess.files import serve_file
from visionsprocess.forms import add_service_errors
from visionsprocess.models import AgeBand, VisionProcess
from visionsprocess.permissions import permission_required, process_by_slug
from visionsprocess.ratelimits import limit_post, too_many_requests
from visionsprocess.tenancy import check_municipality, request_municipality

from . import ics, selectors, services
from .forms import (
    AgeCountForm,
    ConsultationBodiesForm,
    ImportUploadForm,
    InvitationForm,
    KitForm,
    MeetingForm,
    MeetingRecordForm,
    OrganisationForm,
    RegistrationForm,
)
from .models import (
    ConsultationInvitation,
    ConversationKit,
    Invitation,
    Meeting,
    Organisation,
    PendingRegistration,
    Registration,
    RegistrationStatus,
)

IMPORT_SESSION_KEY = "dialog_organisation_import"


def _post(request):
    """The submitted data on POST (even when empty), else None: an empty POST is still bound."""
    return request.POST if request.method == "POST" else None


def _files(request):
    return request.FILES if request.method == "POST" else None


# --- Lookups ------------------------------------------------------------------------------------


def meeting_by_pk(request, slug, pk, **kwargs) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("process"), process__slug=slug, pk=pk)


def kit_by_slug(request, slug, kit, **kwargs) -> ConversationKit:
    # Process addresses are unique per municipality: the kit of the municipality served.
    kits = ConversationKit.objects.select_related("process")
    if getattr(request, "municipality", None) is not None:
        kits = kits.filter(process__municipality=request.municipality)
    return get_object_or_404(kits, process__slug=slug, slug=kit)


def current_municipality(request, **kwargs):
    return request_municipality(request)


def organisation_by_pk(request, pk, **kwargs) -> Organisation:
    return get_object_or_404(Organisation.objects.select_related("municipality", "district"), pk=pk)


# --- Public: meetings ---------------------------------------------------------------------------


@permission_required("visionsprocess.view_process", process_by_slug)
def meeting_list(request, process: VisionProcess, slug):
    meeting_filter, upcoming, past = selectors.meeting_list_public(
        process=process, data=request.GET
    )
    return render(
        request,
        "dialog/meeting_list.html",
        {
            "process": process,
            "filter": meeting_filter,
            "upcoming": upcoming,
            "past": past,
            "kits": selectors.kits_public(process=process),
        },
    )


def _statements_template():
    """The contributions app's include for statements, or a plain list until it exists."""
    try:
        return get_template("contributions/includes/meeting_statements.html")
    except TemplateDoesNotExist:
        return get_template("dialog/includes/statements_fallback.html")


@limit_post("dialog.register")
@permission_required("visionsprocess.view_process", process_by_slug)
def meeting_detail(request, process: VisionProcess, slug, pk):
    meeting = selectors.meeting_public(process=process, pk=pk)
    meeting.process = process
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.get_full_name(), "email": request.user.email}
    form = RegistrationForm(_post(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if request.user.is_authenticated:
                registration = services.registration_create(
                    meeting=meeting, user=request.user, **form.cleaned_data
                )
            else:
                # Signed out: nothing is reserved until the address confirms by link.
                services.registration_request(
                    meeting=meeting, client=client_ip(request), **form.cleaned_data
                )
        except services.RegistrationLimitReached as error:
            return too_many_requests(
                request, "dialog.register", "429.html", {"message": " ".join(error.messages)}
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.user.is_authenticated:
                return redirect("dialog:registration_status", token=registration.token)
            hours = settings.REGISTRATION_CONFIRM_HOURS
            messages.info(
                request,
                ngettext(
                    "One step left: we have sent a link to the address you gave. The seat is "
                    "yours once you have confirmed with it, within %(hours)d hour. No e-mail? "
                    "Look in the spam folder.",
                    "One step left: we have sent a link to the address you gave. The seat is "
                    "yours once you have confirmed with it, within %(hours)d hours. No e-mail? "
                    "Look in the spam folder.",
                    hours,
                )
                % {"hours": hours},
            )
            return redirect(meeting.get_absolute_url() + "#register-heading")
    context = {
        "process": process,
        "meeting": meeting,
        "form": form,
        "seats_left": (
            max(meeting.capacity - meeting.confirmed_count, 0)
            if meeting.capacity is not None
            else None
        ),
        "registration_open": meeting.registration_open(),
        "statements": (
            selectors.meeting_published_statements(meeting=meeting) if meeting.is_past else []
        ),
        "main_points": [line.strip() for line in meeting.main_points.splitlines() if line.strip()],
        "statements_template": _statements_template(),
    }
    return render(request, "dialog/meeting_detail.html", context)


@permission_required("visionsprocess.view_process", process_by_slug)
def meeting_ics(request, process: VisionProcess, slug, pk):
    meeting = selectors.meeting_public(process=process, pk=pk)
    meeting.process = process
    response = HttpResponse(
        ics.meeting_calendar(meeting), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="dialogmote-{meeting.pk}.ics"'
    return response


@permission_required("visionsprocess.view_process", process_by_slug)
def meeting_feed(request, process: VisionProcess, slug):
    body = ics.process_feed(process, selectors.meetings_feed(process=process))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{process.slug}-moten.ics"'
    return response


def _registration_by_token(request, token) -> Registration:
    registration = get_object_or_404(
        Registration.objects.select_related("meeting__process"),
        token=token,
        meeting__kind__in=["broad", "small_group"],
    )
    check_municipality(request, registration.meeting)  # another municipality's link: 404
    return registration


def registration_status(request, token):
    registration = _registration_by_token(request, token)
    return render(
        request,
        "dialog/registration_status.html",
        {"registration": registration, "meeting": registration.meeting},
    )


@never_cache
@limit_post("dialog.registration_cancel")
def registration_confirm(request, token):
    """The link in the e-mail of a signed-out registration: a page with one button (a GET
    changes nothing, so a mail scanner that follows links registers no one)."""
    pending = get_object_or_404(
        PendingRegistration.objects.select_related("meeting__process", "registration"),
        token=token,
        meeting__kind__in=["broad", "small_group"],
    )
    check_municipality(request, pending.meeting)  # another municipality's link: 404
    if pending.registration is not None:
        return redirect("dialog:registration_status", token=pending.registration.token)
    error = ""
    if request.method == "POST":
        try:
            registration = services.registration_confirm(pending=pending)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("dialog:registration_status", token=registration.token)
    elif pending.expires_at <= timezone.now():
        error = _("The link has expired. Register again on the meeting's page.")
    response = render(
        request,
        "dialog/registration_confirm.html",
        {"pending": pending, "meeting": pending.meeting, "error": error},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@limit_post("dialog.registration_cancel")
def registration_cancel(request, token):
    registration = _registration_by_token(request, token)
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your registration is cancelled."))
        return redirect("dialog:registration_status", token=registration.token)
    return render(
        request,
        "dialog/registration_cancel.html",
        {"registration": registration, "meeting": registration.meeting},
    )


def registration_ics(request, token):
    registration = _registration_by_token(request, token)
    with_link = registration.status == RegistrationStatus.CONFIRMED
    response = HttpResponse(
        ics.meeting_calendar(registration.meeting, with_link=with_link),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="dialogmote-{registration.meeting_id}.ics"'
    )
    return response


def _unsubscribe(request, invitation) -> HttpResponse:
    """The page behind the link in every invitation e-mail: one click stops further e-mail."""
    done = False
    if request.method == "POST":
        services.invitation_unsubscribe(invitation=invitation)
        done = True
    return render(
        request,
        "dialog/unsubscribe.html",
        {"organisation": invitation.organisation, "done": done},
    )


@limit_post("dialog.unsubscribe")
def unsubscribe(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    check_municipality(request, invitation.organisation)
    return _unsubscribe(request, invitation)


@limit_post("dialog.unsubscribe")
def consultation_unsubscribe(request, token):
    invitation = get_object_or_404(
        ConsultationInvitation.objects.select_related("organisation"), token=token
    )
    check_municipality(request, invitation.organisation)
    return _unsubscribe(request, invitation)


# --- Public: conversation kits ------------------------------------------------------------------


def _public_kit(request, slug, kit) -> ConversationKit:
    kit_obj = kit_by_slug(request, slug, kit)
    if not kit_obj.is_published and not request.user.has_perm("dialog.manage_kits", kit_obj):
        raise Http404
    return kit_obj


@permission_required("visionsprocess.view_process", process_by_slug)
def kit_detail(request, process: VisionProcess, slug, kit):
    kit_obj = _public_kit(request, slug, kit)
    return render(
        request,
        "dialog/kit_detail.html",
        {
            "process": process,
            "kit": kit_obj,
            "group_count": kit_obj.contributions.filter(kind="group_report").count(),
        },
    )


@permission_required("visionsprocess.view_process", process_by_slug)
def kit_download(request, process: VisionProcess, slug, kit):
    kit_obj = _public_kit(request, slug, kit)
    return serve_file(
        request,
        kit_obj.printable,
        filename=f"{kit_obj.slug}.pdf",
        content_type="application/pdf",
        as_attachment=True,
    )


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


# --- Staff: the association register -------------------------------------------------------------


@permission_required("dialog.manage_register", current_municipality)
def register_list(request, municipality):
    organisation_filter, organisations = selectors.organisation_list(
        municipality=municipality, data=request.GET
    )
    return render(
        request,
        "dialog/staff/register_list.html",
        {
            "municipality": municipality,
            "filter": organisation_filter,
            "organisations": organisations,
        },
    )


def _organisation_form_view(request, municipality, organisation=None):
    form = OrganisationForm(_post(request), instance=organisation, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.organisation_save(
                municipality=municipality,
                data=data,
                organisation=Organisation.objects.get(pk=organisation.pk) if organisation else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organisation was saved."))
            return redirect("dialog:register")
    history = selectors.organisation_history(organisation=organisation) if organisation else []
    return render(
        request,
        "dialog/staff/organisation_form.html",
        {"form": form, "organisation": organisation, "history": history},
    )


@permission_required("dialog.manage_register", current_municipality)
def register_create(request, municipality):
    return _organisation_form_view(request, municipality)


@permission_required("dialog.manage_register", organisation_by_pk)
def register_edit(request, organisation, pk):
    return _organisation_form_view(request, organisation.municipality, organisation)


@permission_required("dialog.manage_register", current_municipality)
def register_import(request, municipality):
    """Step 1: upload and preview (rows with their errors). Step 2: confirm."""
    form = ImportUploadForm(_post(request), _files(request))
    rows = None
    if request.method == "POST" and form.is_valid():
        try:
            parsed = services.organisations_parse(
                municipality=municipality, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            request.session[IMPORT_SESSION_KEY] = {
                "municipality": municipality.pk,
                "rows": services.import_rows_to_session(parsed),
            }
            rows = parsed
    return render(
        request,
        "dialog/staff/register_import.html",
        {
            "form": form,
            "rows": rows,
            "valid_count": sum(1 for r in rows if r.ok) if rows else 0,
            "error_count": sum(1 for r in rows if not r.ok) if rows else 0,
        },
    )


@require_POST
@permission_required("dialog.manage_register", current_municipality)
def register_import_confirm(request, municipality):
    stored = request.session.pop(IMPORT_SESSION_KEY, None)
    if not stored or stored.get("municipality") != municipality.pk:
        messages.error(request, _("There is no import to confirm. Upload the file again."))
        return redirect("dialog:register_import")
    try:
        created, updated = services.organisations_import(
            municipality=municipality, rows=stored["rows"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("dialog:register_import")
    messages.success(
        request,
        _("Import done: %(created)d new, %(updated)d updated.")
        % {"created": created, "updated": updated},
    )
    return redirect("dialog:register")


EXPORT_HEADER = (
    "Namn",
    "Kategori",
    "Kontaktperson",
    "E-post",
    "Telefon",
    "Kommundel",
    "Vill ha inbjudningar",
)


def _export_rows(municipality):
    for o in selectors.organisations_export(municipality=municipality):
        yield [
            safe_cell(o.name),
            o.get_category_display(),
            safe_cell(o.contact_person),
            safe_cell(o.email),
            safe_cell(o.phone),
            safe_cell(o.district.name if o.district else ""),
            "ja" if o.wants_invitations else "nej",
        ]


@permission_required("dialog.manage_register", current_municipality)
def register_export(request, municipality):
    if request.GET.get("format") == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Föreningsregister"
        sheet.append(list(EXPORT_HEADER))
        for row in _export_rows(municipality):
            sheet.append(row)
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="foreningsregister.xlsx"'
        return response
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(EXPORT_HEADER)
    writer.writerows(_export_rows(municipality))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="foreningsregister.csv"'
    return response


# --- Public: the whole municipality ------------------------------------------------------------


def associations(request):
    """The public association register: the associations that agreed to be listed."""
    municipality = request_municipality(request)
    return render(
        request,
        "dialog/associations.html",
        {"associations": list(selectors.associations_public(municipality=municipality))},
    )
