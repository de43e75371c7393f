"""The one place where views check permissions.

``@permission_required("app.perm", lookup)`` loads the object the permission is about with
``lookup(request, **kwargs)`` (``None`` for permissions without an object), asks django-rules,
sends a signed-out visitor to the login page and answers 403 to a signed-in one. The object is
passed to the view as its second argument, so the view never loads it twice.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import VisionProcess


def process_by_slug(request, slug, **kwargs):
    """The process at ``slug``. A draft is not there for anyone but its staff (404, not a
    login page: a draft's address reveals nothing)."""
    process = get_object_or_404(
        VisionProcess.objects.select_related("municipality", "current_stage"), slug=slug
    )
    hide_draft(request, process)
    return process


def hide_draft(request, process) -> None:
    """404 for a draft process unless the person is on its staff (a lookup calls this, so a
    draft's pages answer as if it did not exist)."""
    if process.is_draft and not request.user.has_perm("visionsprocess.view_process_staff", process):
        raise Http404


def permission_required(perm: str, lookup: Callable | None = None, *, pass_object: bool = True):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            obj = lookup(request, **kwargs) if lookup else None
            if not request.user.has_perm(perm, obj):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            if lookup and pass_object:
                return view(request, obj, *args, **kwargs)
            return view(request, *args, **kwargs)

        wrapper.permission = perm
        return wrapper

    return decorator
