"""Officials recording input that did not come through the web: one at a time, or a batch."""

import datetime

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from visionsprocess.forms import add_service_errors
from visionsprocess.permissions import permission_required, process_by_slug

from ..forms_staff import ImportForm, RecordForm
from ..models import Contribution
from ..services import recording as services

IMPORT_SALT = "contributions.import"
IMPORT_MAX_AGE = 60 * 60 * 6  # a preview may be confirmed within six hours


def _recent(process, user):
    return (
        Contribution.objects.filter(process=process, recorded_by=user)
        .exclude(channel__in=("web", "meeting"))
        .defer("search_vector")
        .order_by("-created", "-pk")[:10]
    )


@permission_required("contributions.record_input", process_by_slug)
def record(request, process, slug):
    """The quick form: save, and the form is back at once (empty but for what stays the same)
    for the next interview; with htmx the page is not left at all."""
    note = ""
    status = 200
    if request.method == "POST":
        form = RecordForm(request.POST, process=process)
        if form.is_valid():
            try:
                contribution = services.contribution_record(
                    process=process, data=form.cleaned_data, by=request.user
                )
                note = _("Saved as contribution #%(n)d. Enter the next one.") % {
                    "n": contribution.pk
                }
                form = RecordForm(initial=form.sticky_initial(), process=process)
                if not request.htmx:
                    messages.success(request, note)
                    query = {
                        k: (v.isoformat() if isinstance(v, datetime.date) else getattr(v, "pk", v))
                        for k, v in form.initial.items()
                        if v
                    }
                    from urllib.parse import urlencode

                    return redirect(request.path + "?" + urlencode(query))
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
        else:
            status = 400
    else:
        initial = {
            name: request.GET.get(name) for name in RecordForm.STICKY if request.GET.get(name)
        }
        initial.setdefault("recorded_on", datetime.date.today())
        form = RecordForm(initial=initial, process=process)
    context = {
        "process": process,
        "form": form,
        "note": note,
        "recent": _recent(process, request.user),
    }
    template = (
        "contributions/staff/includes/record_area.html"
        if request.htmx
        else "contributions/staff/record.html"
    )
    # htmx swaps only 2xx answers by default: a form with errors comes back as 200 there.
    return render(request, template, context, status=200 if request.htmx else status)


@permission_required("contributions.record_input", process_by_slug)
def import_batch(request, process, slug):
    """Upload → preview (each row, its errors) → confirm. Nothing is saved before confirming."""
    context = {"process": process}
    if request.method == "POST" and request.POST.get("payload"):
        try:
            payload = signing.loads(
                request.POST["payload"], salt=f"{IMPORT_SALT}:{process.pk}:{request.user.pk}",
                max_age=IMPORT_MAX_AGE,
            )  # fmt: skip
        except signing.BadSignature:
            messages.error(request, _("The preview has expired. Upload the file again."))
            return redirect("contributions:staff_import", slug=slug)
        try:
            created = services.import_commit(process=process, payload=payload, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("contributions:staff_import", slug=slug)
        messages.success(
            request,
            ngettext(
                "%(n)d contribution was imported.", "%(n)d contributions were imported.",
                len(created),
            ) % {"n": len(created)},
        )  # fmt: skip
        return redirect("contributions:staff_inbox", slug=slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                rows = services.import_parse(
                    process=process,
                    upload=form.cleaned_data["file"],
                    default_channel=form.cleaned_data["channel"],
                )
                payload = services.import_payload(rows)
                context.update(
                    rows=rows,
                    good=len(payload),
                    bad=len(rows) - len(payload),
                    payload=signing.dumps(
                        payload,
                        salt=f"{IMPORT_SALT}:{process.pk}:{request.user.pk}",
                        compress=True,
                    ),  # fmt: skip
                )
            except ValidationError as error:
                form.add_error("file", error)
                status = 400
        else:
            status = 400
    context["form"] = form
    return render(request, "contributions/staff/import.html", context, status=status)
