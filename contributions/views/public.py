"""Views for citizens: send in, receipt, tracking, the wall, reporting, media files."""

import mimetypes
import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from visionsprocess.forms import add_service_errors
from visionsprocess.permissions import permission_required, process_by_slug

from ..forms_public import FORMS, KIND_SLUGS, SLUG_OF_KIND, WallFilter
from ..models import Attachment, Contribution, ContributionKind
from ..predicates import CITIZEN_INPUT_KINDS, stage_accepts_contributions
from ..registry import tracking_lines
from ..selectors import public as selectors
from ..services import submission as services

RECEIPT_SESSION_KEY = "contributions_receipt"
WALL_PAGE_SIZE = 20


def _kit_slug(request) -> str:
    return request.GET.get("kit", "")[:80]


def _closed(request, process):
    context = {
        "process": process,
        "stage_open": stage_accepts_contributions(request.user, process),
        "open_stages": [
            stage
            for stage in process.stages.all()
            if any(stage.accepts(kind) for kind in CITIZEN_INPUT_KINDS)
        ],
    }
    return render(request, "contributions/public/submit_closed.html", context)


@permission_required("contributions.submit_contribution", process_by_slug)
def submit_start(request, process, slug):
    if not stage_accepts_contributions(request.user, process):
        return _closed(request, process)
    kit = _kit_slug(request)
    kinds = [
        {
            "kind": kind,
            "label": ContributionKind(kind).label,
            "url": reverse("contributions:submit", args=[process.slug, SLUG_OF_KIND[kind]])
            + (
                f"?{urlencode({'kit': kit})}"
                if kit and kind == ContributionKind.GROUP_REPORT
                else ""
            ),
        }
        for kind in FORMS
        if process.current_stage_accepts(kind)
    ]
    return render(
        request, "contributions/public/submit_start.html", {"process": process, "kinds": kinds}
    )


def _rate_limited(request) -> bool:
    return is_ratelimited(
        request,
        group="contributions.submit",
        key="ip",
        rate=settings.CONTRIBUTION_RATE_LIMIT,
        method="POST",
        increment=True,
    )


@permission_required("contributions.submit_contribution", process_by_slug)
def submit(request, process, slug, kind_slug):
    kind = KIND_SLUGS.get(kind_slug)
    if kind is None:
        raise Http404
    if not process.current_stage_accepts(kind):
        return _closed(request, process)
    form_class = FORMS[kind]
    files_lost = False
    if request.method == "POST":
        if _rate_limited(request):
            return render(
                request,
                "contributions/public/rate_limited.html",
                {"process": process},
                status=429,
            )
        form = form_class(request.POST, request.FILES, process=process)
        if form.is_spam:
            # A bot filled the hidden field: answer as if all went well, keep nothing.
            request.session.pop(RECEIPT_SESSION_KEY, None)
            return redirect("contributions:receipt", slug=process.slug)
        if form.is_valid():
            try:
                contribution = services.contribution_submit(
                    process=process,
                    kind=kind,
                    data=form.contribution_data(),
                    files=form.cleaned_data["files"],
                    author=request.user,
                    shows_children=form.cleaned_data["shows_children"],
                    guardian_consent=form.cleaned_data["guardian_consent"],
                    media_description=form.cleaned_data["media_description"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                request.session[RECEIPT_SESSION_KEY] = {
                    "token": contribution.tracking_token,
                    "email": bool(contribution.email),
                    "published": contribution.consent_to_publish,
                    "process": process.pk,
                }
                return redirect("contributions:receipt", slug=process.slug)
        files_lost = bool(request.FILES)
    else:
        initial = {}
        if request.user.is_authenticated and request.user.email:
            initial["email"] = request.user.email
        kit_slug = _kit_slug(request)
        if kind == ContributionKind.GROUP_REPORT and kit_slug:
            kit = process.kits.filter(slug=kit_slug, is_published=True).first()
            if kit:
                initial["kit"] = kit.pk
        form = form_class(process=process, initial=initial)
    context = {
        "process": process,
        "form": form,
        "kind": kind,
        "kind_label": ContributionKind(kind).label,
        "files_lost": files_lost,
    }
    return render(request, "contributions/public/submit_form.html", context)


@never_cache
@permission_required("contributions.view_wall", process_by_slug)
def receipt(request, process, slug):
    data = request.session.get(RECEIPT_SESSION_KEY) or {}
    token = data.get("token") if data.get("process") == process.pk else None
    context = {
        "process": process,
        "tracking_url": (
            request.build_absolute_uri(reverse("contributions:track", args=[token]))
            if token
            else ""
        ),
        "email_sent": data.get("email", False),
        "not_for_publication": token is not None and not data.get("published", True),
    }
    return render(request, "contributions/public/receipt.html", context)


@never_cache
def track(request, token):
    contribution = selectors.tracking_contribution(token=token)
    if contribution is None:
        raise Http404
    context = {
        "contribution": contribution,
        "process": contribution.process,
        "lines": tracking_lines.render(request, contribution),
        "can_claim": request.user.is_authenticated and contribution.author_id is None,
        "is_mine": request.user.is_authenticated and contribution.author_id == request.user.pk,
    }
    response = render(request, "contributions/public/track.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_POST
def claim(request, token):
    """Put a contribution sent without an account into the signed-in person's "Mina sidor"."""
    contribution = selectors.tracking_contribution(token=token)
    if contribution is None:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("contributions:track", args=[token]))
    try:
        services.contribution_claim(contribution=contribution, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("contributions:track", token=token)
    messages.success(request, _("The contribution is saved on My pages."))
    return redirect("my_pages")


@permission_required("contributions.view_wall", process_by_slug)
def wall(request, process, slug):
    filterset = WallFilter(
        request.GET or None,
        queryset=selectors.wall_contributions(process=process),
        process=process,
    )
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    page = Paginator(queryset, WALL_PAGE_SIZE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    context = {
        "process": process,
        "filter": filterset,
        "page": page,
        "query": query.urlencode(),
        "can_submit": stage_accepts_contributions(request.user, process),
    }
    return render(request, "contributions/public/wall.html", context)


def _published_contribution(request, slug, pk, **kwargs):
    return get_object_or_404(
        Contribution.objects.published().select_related("process"), pk=pk, process__slug=slug
    )


@require_POST
@permission_required("contributions.report_contribution", _published_contribution)
def report(request, contribution, slug, pk):
    key = services.reporter_key_for(ip=request.META.get("REMOTE_ADDR"), user=request.user)
    try:
        counted = services.contribution_report(contribution=contribution, reporter_key=key)
    except ValidationError as error:
        level, text = messages.ERROR, " ".join(error.messages)
    else:
        if counted:
            level = messages.SUCCESS
            text = _("Thank you. An official will look at the contribution you reported.")
        else:
            level, text = messages.INFO, _("You have already reported this contribution.")
    if request.htmx:
        # In place of the button, so a reader far down the wall sees the answer where they are.
        return render(
            request,
            "contributions/public/includes/report_status.html",
            {"text": text, "is_error": level == messages.ERROR},
        )
    messages.add_message(request, level, text)
    return redirect(reverse("contributions:wall", args=[slug]) + f"#bidrag-{pk}")


def _attachment(request, pk, **kwargs):
    attachment = get_object_or_404(
        Attachment.objects.select_related("contribution", "contribution__process"), pk=pk
    )
    if not request.user.has_perm("contributions.view_attachment", attachment):
        # Do not reveal that an unpublished file exists, whoever asks.
        raise Http404
    return attachment


RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")


@permission_required("contributions.view_attachment", _attachment)
def attachment_file(request, attachment, pk):
    """Serve a media file after the permission check (never through a public MEDIA_URL)."""
    extension = mimetypes.guess_extension(attachment.content_type) or ""
    filename = f"bidrag-{attachment.contribution_id}-{attachment.order + 1}{extension}"
    try:
        size = attachment.file.size
    except (FileNotFoundError, OSError):
        raise Http404 from None
    range_header = request.headers.get("Range", "")
    match = RANGE_RE.match(range_header) if attachment.is_video else None
    if match and (match.group(1) or match.group(2)):
        response = _partial(attachment, size, match)
    else:
        response = FileResponse(
            attachment.file.open("rb"),
            content_type=attachment.content_type,
            as_attachment=attachment.is_pdf,
            filename=filename,
        )
    response["Accept-Ranges"] = "bytes" if attachment.is_video else "none"
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


def _partial(attachment, size, match) -> HttpResponse:
    """A 206 answer for a byte range, so that phones can play films."""
    start_text, end_text = match.groups()
    if start_text:
        start = int(start_text)
        end = min(int(end_text), size - 1) if end_text else size - 1
    else:
        start, end = max(size - int(end_text), 0), size - 1
    if start > end or start >= size:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    with attachment.file.open("rb") as handle:
        handle.seek(start)
        body = handle.read(min(end - start + 1, 4 * 1024 * 1024))
    response = HttpResponse(body, status=206, content_type=attachment.content_type)
    response["Content-Range"] = f"bytes {start}-{start + len(body) - 1}/{size}"
    response["Content-Length"] = str(len(body))
    return response
