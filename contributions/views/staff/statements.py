"""Statements from a meeting, entered by an official."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from visionsprocess.forms import add_service_errors
from visionsprocess.permissions import permission_required

from ...forms_staff import (
    StatementsForm,
)
from ...services import handling as services
from .common import meeting_lookup

# --- Statements from a meeting ----------------------------------------------------------------


@permission_required("contributions.enter_statements", meeting_lookup)
def meeting_statements(request, meeting, slug, meeting_id):
    process = meeting.process
    form = StatementsForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = services.meeting_statements_add(
                    meeting=meeting, text=form.cleaned_data["text"], by=request.user
                )
                messages.success(request, _("%(n)d statements were saved.") % {"n": len(created)})
                return redirect(
                    "contributions:staff_meeting_statements", slug=slug, meeting_id=meeting.pk
                )
            except ValidationError as error:
                add_service_errors(form, error)
        status = 400
    statements = meeting.contributions.defer("search_vector").order_by("created", "pk")
    context = {"process": process, "meeting": meeting, "form": form, "statements": statements}
    return render(request, "contributions/staff/meeting_statements.html", context, status=status)
