"""Public dialog views: meetings, registrations by token, unsubscribing, conversation kits and the municipality's associations."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from visionsprocess.clients import client_ip
from visionsprocess.files import serve_file
from visionsprocess.forms import add_service_errors
from visionsprocess.models import VisionProcess
from visionsprocess.permissions import permission_required, process_by_slug
from visionsprocess.ratelimits import limit_post, too_many_requests
from visionsprocess.tenancy import check_municipality, request_municipality

from .. import ics, selectors, services
from ..forms import (
    RegistrationForm,
)
from ..models import (
    ConsultationInvitation,
    ConversationKit,
    Invitation,
    PendingRegistration,
    Registration,
    RegistrationStatus,
)
from .common import _post, kit_by_slug

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


# --- Public: the whole municipality ------------------------------------------------------------


def associations(request):
    """The public association register: the associations that agreed to be listed."""
    municipality = request_municipality(request)
    return render(
        request,
        "dialog/associations.html",
        {"associations": list(selectors.associations_public(municipality=municipality))},
    )
