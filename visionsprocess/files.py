"""Serving uploaded files: always through a view that has checked the permission first.

No uploaded file is reachable at a public ``MEDIA_URL``: the web server never serves ``/media/``
(it would expose every upload, unpublished ones too, to anyone with the address), and Django
does not either, not even with ``DEBUG``. Each kind of file has a view that checks the viewer's
permission with ``permission_required`` and then calls ``serve_file``:

* with local storage, the file is streamed (``FileResponse``; byte ranges for films, so that
  phones can seek);
* with S3-compatible storage, the answer is a redirect to a signed address that expires after
  ``MEDIA_URL_EXPIRE_SECONDS`` (default 60 s) and names the content type and file name, so the
  object store does the sending and nobody can pass a lasting link around.

Every file answer forbids content sniffing and carries ``Content-Security-Policy: sandbox``, so
even a file that a browser would take for a page could run nothing.
"""

import re

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")
#: Largest piece of a film sent in one 206 answer.
RANGE_CHUNK = 4 * 1024 * 1024
SANDBOX = (
    "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'"
)


def storage_signs_urls(storage) -> bool:
    """True for object storage whose ``url()`` is a signed, expiring address (S3)."""
    return getattr(storage, "querystring_auth", False) is True


def serve_file(
    request,
    field_file,
    *,
    filename: str,
    content_type: str | None = None,
    as_attachment: bool = False,
    ranges: bool = False,
    cache: str = "private, max-age=300",
) -> HttpResponse:
    """The answer for one stored file, after the caller has checked the permission."""
    if not field_file:
        raise Http404
    storage = field_file.storage
    if storage_signs_urls(storage):
        disposition = content_disposition_header(as_attachment, filename)
        parameters = {"ResponseContentDisposition": disposition}
        if content_type:
            parameters["ResponseContentType"] = content_type
        url = storage.url(
            field_file.name, parameters=parameters, expire=settings.MEDIA_URL_EXPIRE_SECONDS
        )
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "private, no-store"
        return response
    try:
        size = field_file.size
    except (FileNotFoundError, OSError):
        raise Http404 from None
    match = RANGE_RE.match(request.headers.get("Range", "")) if ranges else None
    if match and (match.group(1) or match.group(2)):
        response = _partial(field_file, size, match, content_type)
    else:
        try:
            handle = field_file.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        response = FileResponse(
            handle,
            content_type=content_type or "application/octet-stream",
            as_attachment=as_attachment,
            filename=filename,
        )
    response["Accept-Ranges"] = "bytes" if ranges else "none"
    response["Cache-Control"] = cache
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    return response


def _partial(field_file, size, match, content_type) -> HttpResponse:
    """A 206 answer for one byte range."""
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
    with field_file.open("rb") as handle:
        handle.seek(start)
        body = handle.read(min(end - start + 1, RANGE_CHUNK))
    response = HttpResponse(
        body, status=206, content_type=content_type or "application/octet-stream"
    )
    response["Content-Range"] = f"bytes {start}-{start + len(body) - 1}/{size}"
    response["Content-Length"] = str(len(body))
    return response
