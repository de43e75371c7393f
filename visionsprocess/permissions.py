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
from django.shortcuts import get_object_or_404

from .models import VisionProcess


def process_by_slug(request, slug, **kwargs):
    return get_object_or_404(VisionProcess.objects.select_related("municipality"), slug=slug)


def may_open(request, path: str) -> bool:
    """Whether the signed-in person may open ``path`` as far as our permission checks tell
    (used to never send anyone to a 403 after logging in). Unknown paths count as openable."""
    from django.http import Http404
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return True
    perm = getattr(match.func, "permission", None)
    if perm is None:
        return True
    lookup = getattr(match.func, "permission_lookup", None)
    try:
        obj = lookup(request, **match.kwargs) if lookup else None
    except Http404:
        return False
    return request.user.has_perm(perm, obj)


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
        wrapper.permission_lookup = lookup
        return wrapper

    return decorator
