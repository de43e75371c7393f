"""Staff views of the association register: list, edit, CSV import and export."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from visionsprocess.exports import safe_cell
from visionsprocess.forms import add_service_errors
from visionsprocess.permissions import permission_required

from .. import selectors, services
from ..forms import (
    ImportUploadForm,
    OrganisationForm,
)
from ..models import (
    Organisation,
)
from .common import IMPORT_SESSION_KEY, _files, _post, current_municipality, organisation_by_pk

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
