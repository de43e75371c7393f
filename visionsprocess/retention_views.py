"""The privacy notice (public) and the gallring page of a process (its administrator)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import retention
from .forms import RetentionSettingsForm, add_service_errors
from .models import PrivacyNotice
from .permissions import permission_required, process_by_slug
from .tenancy import request_municipality

GALLRA = "visionsprocess.gallra_process"


def _notice(municipality):
    return PrivacyNotice.objects.filter(municipality=municipality).first()


def privacy_notice(request):
    """``/integritet/``: the municipality's privacy notice (GDPR Art. 13)."""
    municipality = request_municipality(request)
    context = {"notice": _notice(municipality), "privacy_municipality": municipality}
    return render(request, "visionsprocess/privacy/notice.html", context)


@permission_required("visionsprocess.view_process", process_by_slug)
def process_privacy(request, process, slug):
    """The notice with the process's own purpose and how long its personal data is kept."""
    context = {
        "process": process,
        "notice": _notice(process.municipality),
        "privacy_municipality": process.municipality,
        "rule": process.retention_rule,
        "due_on": retention.due_on(process),
    }
    return render(request, "visionsprocess/privacy/notice.html", context)


def _page(request, process, *, form=None, status=200):
    reason = retention.refusal(process)
    context = {
        "process": process,
        "form": form
        or RetentionSettingsForm(
            process=process,
            initial={"retention_rule": process.retention_rule, "closed_on": process.closed_on},
        ),
        "refusal": reason,
        "due_on": retention.due_on(process),
        "preview": retention.preview(process=process),
        "reports": [
            {"report": report, "rows": [(retention.label(k), n) for k, n in report.counts.items()]}
            for report in process.retention_reports.select_related("run_by")
        ],
    }
    return render(request, "visionsprocess/staff/gallring.html", context, status=status)


@permission_required(GALLRA, process_by_slug)
def staff_gallring(request, process, slug):
    """What gallring would remove (a dry run), the rule and closing day, the run, the reports."""
    if request.method != "POST":
        return _page(request, process)
    if request.POST.get("action") == "run":
        try:
            result = retention.gallra(process=process, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return _page(request, process, status=400)
        messages.success(
            request,
            _("Gallring done: %(total)s items of personal data were removed.")
            % {"total": result.total},
        )
        return redirect("staff:gallring", slug=process.slug)
    form = RetentionSettingsForm(request.POST, process=process)
    if form.is_valid():
        try:
            retention.retention_settings_save(process=process, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The retention settings were saved."))
            return redirect("staff:gallring", slug=process.slug)
    return _page(request, process, form=form, status=400)
