"""Views of following: the follow form, the confirmation link, "change what you receive", the
one-click unsubscribe; and the signed-in person's "Mina sidor".

Links in e-mails carry only an unguessable token. A token that does not exist (or a confirmation
link that has expired) gives the same 404 as any missing page.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from .. import page_cache
from ..forms import add_service_errors
from ..models import Follow, Subscriber, VisionProcess
from ..permissions import hide_draft, permission_required
from ..registry import my_pages_sections
from ..tenancy import check_municipality
from . import services
from .forms import FollowForm
from .registry import Followable, followables


@dataclass
class FollowTarget:
    """What the follow form is about; ``process`` lets the permission rules judge it."""

    followable: Followable
    obj: Any
    process: VisionProcess
    reference: str


def follow_target(request, kind, reference, **kwargs) -> FollowTarget:
    followable = followables.by_slug(kind)
    obj = followable.lookup(reference[:200]) if followable else None
    if obj is None:
        raise Http404
    process = followable.process(obj)
    hide_draft(request, process)
    return FollowTarget(followable, obj, process, reference)


def _rate_limited(request) -> bool:
    return is_ratelimited(
        request,
        group="notices.follow",
        key="ip",
        rate=settings.FOLLOW_RATE_LIMIT,
        method="POST",
        increment=True,
    )


@never_cache
@permission_required("visionsprocess.follow", follow_target)
def follow(request, target: FollowTarget, kind, reference):
    what = target.followable.describe(target.obj)
    signed_in = request.user.is_authenticated
    form = FollowForm(request.POST if request.method == "POST" else None, signed_in=signed_in)
    context = {"target": target, "what": what, "process": target.process, "form": form}
    if request.method == "POST":
        if _rate_limited(request):
            return render(request, "visionsprocess/notices/rate_limited.html", context, status=429)
        if form.is_spam:  # a bot filled the hidden field: answer as if all went well
            return render(request, "visionsprocess/notices/follow_sent.html", context)
        if form.is_valid():
            try:
                _follow, sent = services.follow_request(
                    target=target.obj,
                    email=form.cleaned_data.get("email", ""),
                    user=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if sent:
                    return render(request, "visionsprocess/notices/follow_sent.html", context)
                messages.success(
                    request, _("You now follow %(what)s. You find it on My pages.") % {"what": what}
                )
                return redirect("my_pages")
    return render(request, "visionsprocess/notices/follow_form.html", context)


@never_cache
def confirm(request, token):
    follow = services.follow_by_token(token)
    if follow is None:
        raise Http404
    check_municipality(request, follow)  # another municipality's link is not found here
    what = _what(follow)
    done = follow.confirmed_at is not None
    error = ""
    if request.method == "POST":
        try:
            follow = services.follow_confirm(follow=follow)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            done = True
    context = {
        "follow": follow,
        "what": what,
        "process": follow.process,
        "done": done,
        "error": error,
        "manage_token": follow.subscriber.token,
    }
    response = render(request, "visionsprocess/notices/confirm.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _what(follow: Follow) -> str:
    obj = follow.target
    if obj is None:
        raise Http404
    return services.describe_target(obj)


def _subscriber(token) -> Subscriber:
    return get_object_or_404(Subscriber, token=token[:64])


@never_cache
def manage(request, token):
    subscriber = _subscriber(token)
    context = {
        "subscriber": subscriber,
        # What the address follows in the municipality of this host (the address is one across
        # municipalities; each host shows its own follows).
        "rows": services.follows_described(
            subscriber=subscriber, municipality=getattr(request, "municipality", None)
        ),
    }
    response = render(request, "visionsprocess/notices/manage.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@csrf_exempt  # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" without a form
@never_cache
def unsubscribe(request, token):
    """GET shows a button (link checkers that open every link must not unsubscribe anyone);
    POST, from that button or from the mail program's own button, stops everything."""
    subscriber = _subscriber(token)
    if request.method == "POST":
        services.subscriber_stop(subscriber=subscriber)
    response = render(
        request,
        "visionsprocess/notices/unsubscribe.html",
        {"subscriber": subscriber, "done": subscriber.stopped_at is not None},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_POST
def restart(request, token):
    subscriber = _subscriber(token)
    services.subscriber_restart(subscriber=subscriber)
    messages.success(request, _("You will receive notices again."))
    return redirect("notices:manage", token=subscriber.token)


@require_POST
def follow_end(request, token, pk):
    subscriber = _subscriber(token)
    follow = get_object_or_404(Follow, pk=pk, subscriber=subscriber)
    check_municipality(request, follow)
    services.follow_end(follow=follow)
    messages.success(request, _("You no longer follow it."))
    return redirect("notices:manage", token=subscriber.token)


@never_cache
@permission_required("visionsprocess.view_my_pages")
def my_pages(request):
    subscriber = services.subscriber_of_user(request.user)
    context = {
        "owner": request.user,
        "subscriber": subscriber,
        "rows": services.follows_described(subscriber=subscriber) if subscriber else [],
        "sections": page_cache.render_sections(my_pages_sections, request, request.user),
    }
    return render(request, "visionsprocess/notices/my_pages.html", context)
