"""The one place where views check permissions.

``@permission_required("app.perm", lookup)`` loads the object the permission is about with
``lookup(request, **kwargs)`` (``None`` for permissions without an object), asks django-rules,
sends a signed-out visitor to the login page and answers 403 to a signed-in one. The object is
passed to the view as its second argument, so the view never loads it twice.

Tenancy: an object of another municipality than the request's (``request.municipality``, set from
the host by ``tenancy.TenantMiddleware``) is not found (404), whoever asks: ``process_by_slug``
looks only among the processes of the request's municipality, and the wrapper checks the
municipality of whatever any other lookup loaded (``tenancy.check_municipality``).
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import VisionProcess
from .tenancy import check_municipality


def process_by_slug(request, slug, **kwargs):
    """The process at ``slug``. A draft is not there for anyone but its staff (404, not a
    login page: a draft's address reveals nothing)."""
    processes = VisionProcess.objects.select_related("municipality", "current_stage")
    municipality = getattr(request, "municipality", None)
    if municipality is not None:
        processes = processes.filter(municipality=municipality)
    # Addresses are unique per municipality; on a host of none, the first process at it.
    process = processes.filter(slug=slug).order_by("pk").first()
    if process is None:
        raise Http404
    hide_draft(request, process)
    return process


def hide_draft(request, process) -> None:
    """404 for a draft process unless the person is on its staff (a lookup calls this, so a
    draft's pages answer as if it did not exist)."""
    if process.is_draft and not request.user.has_perm("visionsprocess.view_process_staff", process):
        raise Http404


def permission_required(
    perm: str,
    lookup: Callable | None = None,
    *,
    pass_object: bool = True,
    post_perm: str | None = None,
):
    """``post_perm``: a POST to the view also needs this permission on the same object (a page
    that everyone of ``perm`` reads and fewer may write to)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            obj = lookup(request, **kwargs) if lookup else None
            check_municipality(request, obj)
            allowed = request.user.has_perm(perm, obj)
            if allowed and post_perm and request.method == "POST":
                allowed = request.user.has_perm(post_perm, obj)
            if not allowed:
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            if lookup and pass_object:
                return view(request, obj, *args, **kwargs)
            return view(request, *args, **kwargs)

        wrapper.permission = perm
        return wrapper

    return decorator
