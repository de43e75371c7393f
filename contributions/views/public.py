"""Views for citizens: send in, receipt, tracking, the wall, reporting, media files."""

import json
import mimetypes
from dataclasses import dataclass
from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from visionsprocess import page_cache
from visionsprocess.clients import client_ip
from visionsprocess.files import serve_file
from visionsprocess.forms import add_service_errors
from visionsprocess.models import Follow
from visionsprocess.permissions import permission_required, process_by_slug
from visionsprocess.ratelimits import limited, too_many_requests
from visionsprocess.tenancy import check_municipality

from .. import discussion_thread
from ..forms_public import FORMS, KIND_SLUGS, SLUG_OF_KIND, WallFilter
from ..models import Attachment, Contribution, ContributionKind
from ..predicates import CITIZEN_INPUT_KINDS, stage_open_for
from ..registry import tracking_lines
from ..selectors import public as selectors
from ..services import submission as services

# The receipt travels to the thank-you page in a signed cookie, not in the session: a citizen
# who sends something in costs no session row (two to three SQL statements per submission).
RECEIPT_COOKIE = "vp_receipt"
RECEIPT_SALT = "contributions.receipt"
RECEIPT_MAX_AGE = 3600
WALL_PAGE_SIZE = 20
WALL_LIST = "contributions/public/includes/wall_list.html"
STAGE_OPEN = "contributions.stage_open_for_contributions"


def _stage_open(request, process) -> bool:
    """Whether the process's current stage takes contributions: the state, asked of the rule
    itself (``rules.has_perm``), since ``user.has_perm`` would grant a superuser every stage."""
    return rules.has_perm(STAGE_OPEN, request.user, process)


def _kit_slug(request) -> str:
    return request.GET.get("kit", "")[:80]


def _receipt_path(process) -> str:
    return reverse("contributions:receipt", args=[process.slug])


def _closed(request, process):
    context = {
        "process": process,
        "stage_open": _stage_open(request, process),
        "open_stages": [
            stage
            for stage in process.stages.all()
            if any(stage.accepts(kind) for kind in CITIZEN_INPUT_KINDS)
        ],
    }
    return render(request, "contributions/public/submit_closed.html", context)


@permission_required("contributions.submit_contribution", process_by_slug)
def submit_start(request, process, slug):
    if not _stage_open(request, process):
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
        if rules.has_perm(stage_open_for(kind), request.user, process)
    ]
    return render(
        request, "contributions/public/submit_start.html", {"process": process, "kinds": kinds}
    )


@permission_required("contributions.submit_contribution", process_by_slug)
def submit(request, process, slug, kind_slug):
    kind = KIND_SLUGS.get(kind_slug)
    if kind is None:
        raise Http404
    if not rules.has_perm(stage_open_for(kind), request.user, process):
        return _closed(request, process)
    form_class = FORMS[kind]
    files_lost = False
    if request.method == "POST":
        if limited(request, "contributions.submit"):
            return too_many_requests(
                request,
                "contributions.submit",
                "contributions/public/rate_limited.html",
                {"process": process},
            )
        form = form_class(request.POST, request.FILES, process=process)
        if form.is_spam:
            # A bot filled the hidden field: answer as if all went well, keep nothing.
            response = redirect("contributions:receipt", slug=process.slug)
            response.delete_cookie(RECEIPT_COOKIE, path=_receipt_path(process))
            return response
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
                response = redirect("contributions:receipt", slug=process.slug)
                response.set_signed_cookie(
                    RECEIPT_COOKIE,
                    json.dumps(
                        {
                            "token": contribution.tracking_token,
                            "email": bool(contribution.email),
                            "published": contribution.consent_to_publish,
                            "process": process.pk,
                        }
                    ),
                    salt=RECEIPT_SALT,
                    max_age=RECEIPT_MAX_AGE,
                    path=_receipt_path(process),
                    secure=request.is_secure(),
                    httponly=True,
                    samesite="Lax",
                )
                return response
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
    try:
        data = json.loads(
            request.get_signed_cookie(
                RECEIPT_COOKIE, default="{}", salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE
            )
        )
    except (ValueError, TypeError):
        data = {}
    if not isinstance(data, dict):
        data = {}
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
    check_municipality(request, contribution)  # another municipality's link: 404
    context = {
        "contribution": contribution,
        "process": contribution.process,
        "lines": page_cache.render_sections(tracking_lines, request, contribution),
        "can_claim": request.user.is_authenticated and contribution.author_id is None,
        "is_mine": request.user.is_authenticated and contribution.author_id == request.user.pk,
        # The sender who left an address follows the contribution already: no second opt-in.
        "followed": Follow.objects.active().of(contribution).exists(),
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
    check_municipality(request, contribution)
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
    query = request.GET.copy()
    query.pop("sida", None)
    context = {
        "process": process,
        "filter": filterset,
        "query": query.urlencode(),
        "can_submit": _stage_open(request, process),
    }
    made = {}

    def build() -> dict:
        # The count, the cards and the pages are alike for every reader (each card's report
        # form holds only the CSRF token, filled in per reader): they are kept under the
        # process's version, so a published, hidden, tagged, answered, commented or supported
        # contribution shows at once.
        valid = filterset.is_bound and filterset.is_valid()
        queryset = filterset.qs if valid else filterset.queryset
        made["page"] = Paginator(queryset, WALL_PAGE_SIZE).get_page(request.GET.get("sida"))
        shared = {**context, "page": made["page"], "csrf_token": discussion_thread.CSRF_MARKER}
        return {"html": render_to_string(WALL_LIST, shared, request)}

    asked = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    found = discussion_thread.cached(
        request, page=f"wall:{asked}", obj=process, process=process, variant="list", build=build
    )
    context["wall_html"] = discussion_thread.with_csrf(request, found["html"])
    context.update(made)  # the page itself when it was made for this request
    return render(request, "contributions/public/wall.html", context)


def _published_contribution(request, slug, pk, **kwargs):
    return get_object_or_404(
        Contribution.objects.published().select_related("process"), pk=pk, process__slug=slug
    )


@require_POST
@permission_required("contributions.report_contribution", _published_contribution)
def report(request, contribution, slug, pk):
    if limited(request, "contributions.report"):
        return too_many_requests(request, "contributions.report")
    try:
        counted = services.contribution_report(
            contribution=contribution, ip=client_ip(request), user=request.user
        )
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


@dataclass(frozen=True)
class TrackedAttachment:
    """A file reached through its contribution's private tracking link."""

    attachment: Attachment
    token: str

    @property
    def process(self):
        return self.attachment.contribution.process


def _tracked_attachment(request, token, pk, **kwargs):
    attachment = get_object_or_404(
        Attachment.objects.select_related("contribution", "contribution__process"),
        pk=pk,
        contribution__tracking_token=token[:100],
    )
    return TrackedAttachment(attachment, token)


@permission_required("contributions.view_tracked_attachment", _tracked_attachment)
def tracked_attachment_file(request, tracked, token, pk):
    """The sender's own file on the private tracking page, published or not."""
    response = _serve_attachment(request, tracked.attachment)
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("contributions.view_attachment", _attachment)
def attachment_file(request, attachment, pk):
    """Serve a media file after the permission check (never through a public MEDIA_URL)."""
    return _serve_attachment(request, attachment)


def _serve_attachment(request, attachment):
    extension = mimetypes.guess_extension(attachment.content_type) or ""
    filename = f"bidrag-{attachment.contribution_id}-{attachment.order + 1}{extension}"
    response = serve_file(
        request,
        attachment.file,
        filename=filename,
        content_type=attachment.content_type,
        as_attachment=attachment.is_pdf,
        ranges=attachment.is_video,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
