"""Views of the document pipeline. Every document URL carries the UUID token, never an id."""

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_safe

from ..models import DocumentStatus
from ..permissions import permission_required, process_by_slug
from ..registry import documents
from . import archive as packages
from . import selectors, services


@dataclass(frozen=True)
class KindRequest:
    """What the permission check of "create a PDF" is about: one kind in one process."""

    kind: str
    process: object


def kind_in_process(request, slug, kind, **kwargs):
    if kind not in documents:
        raise Http404
    return KindRequest(kind=kind, process=process_by_slug(request, slug))


def post_only(back):
    """A button's address: POST does the work; a GET (a bookmark, a reloaded tab, a link
    followed by hand) gets a page that says so, with the way back, instead of a blank 405.
    Below ``permission_required``, so it tells nothing to someone who may not use it.
    ``back(target) -> url``."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, target, **kwargs):
            if request.method == "POST":
                return view(request, target, **kwargs)
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["POST"])
            response = render(
                request,
                "visionsprocess/documents/post_only.html",
                {"back_url": back(target)},
                status=405,
            )
            response["Allow"] = "POST"
            return response

        return wrapped

    return decorator


def _file_response(request, field_file, *, filename: str, content_type: str):
    """The file as a download; HEAD gets the same headers (size, type, name) and no body."""
    if request.method == "HEAD":
        response = HttpResponse(content_type=content_type)
        response["Content-Length"] = str(field_file.size)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response
    return FileResponse(
        field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )


def download_name(document) -> str:
    return f"{services.file_slug(document.title) or document.kind}.pdf"


@permission_required("visionsprocess.use_document", kind_in_process)
@post_only(lambda target: reverse("staff:process", kwargs={"slug": target.process.slug}))
def document_request(request, target, slug, kind):
    # Each kind finds its source in the process (the process itself, the adopted version, the
    # action plan version in force...) or says what is missing; source_version() says which
    # state of that source's content is rendered.
    try:
        source = services.source_for(kind=kind, process=target.process)
        document = services.document_request(kind=kind, source=source, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("staff:process", slug=target.process.slug)
    return redirect("documents:detail", token=document.token)


@require_GET
@permission_required("visionsprocess.use_document", selectors.document_by_token)
def document_detail(request, document, token):
    kind = _kind(document)
    return render(
        request,
        "visionsprocess/documents/detail.html",
        {
            "document": document,
            "process": document.process,
            "kind": kind,
            "can_publish": kind is not None
            and kind.needs_publishing
            and document.status == DocumentStatus.DONE
            and request.user.has_perm("visionsprocess.publish_document", document),
        },
    )


@require_GET
@permission_required("visionsprocess.use_document", selectors.document_by_token)
def document_status(request, document, token):
    return render(
        request, "visionsprocess/documents/includes/document_status.html", {"document": document}
    )


@require_safe
@permission_required("visionsprocess.use_document", selectors.document_by_token)
def document_download(request, document, token):
    if document.status != DocumentStatus.DONE or not document.file:
        raise Http404
    return _file_response(
        request, document.file, filename=download_name(document), content_type="application/pdf"
    )


@permission_required("visionsprocess.publish_document", selectors.document_by_token)
@post_only(lambda document: reverse("documents:detail", kwargs={"token": document.token}))
def document_publish(request, document, token):
    publish = request.POST.get("action") != "withdraw"
    try:
        services.document_publish(document=document, user=request.user, publish=publish)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if publish:
            messages.success(request, _("The document is published in the public library."))
        else:
            messages.success(request, _("The document is no longer public."))
    return redirect("documents:detail", token=document.token)


# --- The public library ---------------------------------------------------------------------


@require_GET
@permission_required("visionsprocess.view_process", process_by_slug)
def library(request, process, slug):
    return render(
        request,
        "visionsprocess/documents/library.html",
        {"process": process, "entries": selectors.public_library(process=process)},
    )


@require_safe
@permission_required("visionsprocess.view_process", selectors.public_document_by_token)
def public_download(request, document, token):
    return _file_response(
        request, document.file, filename=download_name(document), content_type="application/pdf"
    )


def _kind(document):
    return documents.get(document.kind) if document.kind in documents else None


# --- Clerks' archive ------------------------------------------------------------------------


@require_GET
@permission_required("visionsprocess.view_archive", process_by_slug)
def archive(request, process, slug):
    return render(
        request,
        "visionsprocess/documents/archive.html",
        {
            "process": process,
            "rows": packages.archive_rows(process=process),
            "left_out": packages.archive_left_out(process=process),
            "packages": selectors.archive_packages(process=process),
        },
    )


@permission_required("visionsprocess.view_archive", process_by_slug)
@post_only(lambda process: reverse("documents:archive", kwargs={"slug": process.slug}))
def archive_request(request, process, slug):
    try:
        package = packages.archive_request(process=process, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("documents:archive", slug=process.slug)
    url = reverse("documents:archive", kwargs={"slug": process.slug})
    return redirect(f"{url}#package-{package.token}")


@require_GET
@permission_required("visionsprocess.view_archive", selectors.archive_by_token)
def archive_status(request, package, token):
    return render(
        request, "visionsprocess/documents/includes/archive_status.html", {"package": package}
    )


@require_safe
@permission_required("visionsprocess.view_archive", selectors.archive_by_token)
def archive_download(request, package, token):
    if package.status != DocumentStatus.DONE or not package.file:
        raise Http404
    # The package's name is its root folder's: one identifier, one time zone.
    return _file_response(
        request,
        package.file,
        filename=f"{packages.package_identifier(package)}.zip",
        content_type="application/zip",
    )
