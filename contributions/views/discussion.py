"""The discussion of a published contribution: its page with comments and replies, a comment,
"Håller med", reporting a comment, and taking part with a confirmed e-mail address.

Without an account a visitor takes part after confirming an e-mail address by link; the
browser that opened the link carries a signed cookie naming the confirmed participant.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import _split_rate

from visionsprocess.clients import client_ip
from visionsprocess.forms import add_service_errors
from visionsprocess.permissions import permission_required
from visionsprocess.ratelimits import limited, rate_for, too_many_requests

from .. import discussion_thread
from ..forms_discussion import CommentForm, CommentReportForm, ParticipantForm
from ..models import Comment, CommentModeration, CommentState, Participant
from ..selectors import discussion as selectors
from ..services import comment_moderation as moderation
from ..services import discussion as services

ARTICLE = "contributions/public/discussion/article.html"
THREAD_MORE = "contributions/public/discussion/thread_more.html"
PARTICIPANT_COOKIE = "vp_participant"
PARTICIPANT_SALT = "contributions.participant"
PARTICIPANT_MAX_AGE = 60 * 60 * 24 * 90


def participant_of(request) -> Participant | None:
    """The confirmed participant this browser took part as, if any (no query without a cookie)."""
    if request.user.is_authenticated:
        return None
    try:
        pk = request.get_signed_cookie(
            PARTICIPANT_COOKIE, default=None, salt=PARTICIPANT_SALT, max_age=PARTICIPANT_MAX_AGE
        )
    except (signing.BadSignature, ValueError):
        return None
    if not pk or not str(pk).isdigit():
        return None
    return (
        Participant.objects.select_related("subscriber")
        .filter(pk=int(pk), confirmed_at__isnull=False)
        .first()
    )


def voice_of(request) -> services.Voice:
    if request.user.is_authenticated:
        return services.Voice(user=request.user)
    return services.Voice(participant=participant_of(request))


def _contribution(request, slug, pk, **kwargs):
    contribution = selectors.contribution_page(slug=slug, pk=pk)
    if contribution is None:
        raise Http404
    return contribution


def _detail_url(contribution, anchor: str = "") -> str:
    url = reverse("contributions:detail", args=[contribution.process.slug, contribution.pk])
    return url + (f"#{anchor}" if anchor else "")


def _article(request, contribution) -> dict:
    """The contribution as every reader sees it (and how its process moderates comments),
    kept in the page cache until the process records a change."""

    def build() -> dict:
        selectors.contribution_page_parts(contribution)
        html = render_to_string(ARTICLE, {"c": contribution, "process": contribution.process})
        moderation_mode = services.comment_moderation_of(contribution.process)
        return {"html": html, "pre_moderated": moderation_mode == CommentModeration.PRE}

    return discussion_thread.cached(
        request,
        page="discussion-article:contribution",
        obj=contribution,
        process=contribution.process,
        variant="article",
        build=build,
    )


def _thread(request, contribution, *, voice, can_discuss, can_answer, reply_form=None):
    process = contribution.process
    return discussion_thread.thread(
        request,
        field="contribution",
        obj=contribution,
        process=process,
        number=discussion_thread.page_number(request),
        audience=discussion_thread.Audience(
            can_discuss=can_discuss,
            can_reply=can_discuss and voice.is_known,
            can_answer=can_discuss and voice.is_known and can_answer,
        ),
        context={"process": process, "c": contribution},
        voice=voice,
        reply_form=reply_form,
    )


def _render_page(request, contribution, *, form=None, reply_form=None, status=200, voice=None):
    voice = voice or voice_of(request)
    process = contribution.process
    can_discuss = request.user.has_perm("contributions.discuss_contribution", contribution)
    can_answer = request.user.is_authenticated and request.user.has_perm(
        "contributions.answer_as_municipality", contribution
    )
    article = _article(request, contribution)
    context = {
        "process": process,
        "c": contribution,
        "article": SafeString(article["html"]),
        "thread": _thread(
            request,
            contribution,
            voice=voice,
            can_discuss=can_discuss,
            can_answer=can_answer,
            reply_form=reply_form,
        ),
        "voice": voice,
        "signed_in": request.user.is_authenticated,
        "can_discuss": can_discuss,
        "can_answer": can_answer,
        "pre_moderated": article["pre_moderated"],
        "supported": services.has_supported(contribution=contribution, voice=voice),
        "form": form or CommentForm(can_answer=can_answer, initial=_initial(voice)),
        "login_url": reverse("account_login")
        + "?"
        + urlencode({"next": _detail_url(contribution)}),
        "participant_url": reverse(
            "contributions:participant", args=[process.slug, contribution.pk]
        ),
    }
    return render(request, "contributions/public/contribution_detail.html", context, status=status)


def _initial(voice) -> dict:
    return {"display_name": voice.default_name} if voice.is_known else {}


@never_cache
@permission_required("contributions.view_contribution", _contribution)
def detail(request, contribution, slug, pk):
    if request.htmx and any(name in request.GET for name in discussion_thread.PAGE_PARAMS):
        # "Visa fler kommentarer" in place: the next page's comments and the next link.
        voice = voice_of(request)
        can_discuss = request.user.has_perm("contributions.discuss_contribution", contribution)
        can_answer = request.user.is_authenticated and request.user.has_perm(
            "contributions.answer_as_municipality", contribution
        )
        thread = _thread(
            request, contribution, voice=voice, can_discuss=can_discuss, can_answer=can_answer
        )
        return render(request, THREAD_MORE, {"thread": thread})
    return _render_page(request, contribution)


@require_POST
@permission_required("contributions.discuss_contribution", _contribution)
def comment(request, contribution, slug, pk):
    voice = voice_of(request)
    can_answer = request.user.has_perm("contributions.answer_as_municipality", contribution)
    form = CommentForm(request.POST, can_answer=can_answer)
    if form.is_spam:
        return redirect(_detail_url(contribution))
    parent_id = request.POST.get("parent") or ""
    is_reply = parent_id.isdigit()
    if not voice.is_known:
        messages.info(
            request, _("Log in, or confirm your e-mail address, to take part in the discussion.")
        )
        return redirect(_detail_url(contribution, "delta"))
    group = next(
        (
            group
            for group, value in (
                ("contributions.comment", None),
                ("contributions.comment_target", f"contribution:{contribution.pk}"),
            )
            if limited(request, group, value=value)
        ),
        None,
    )
    if group is not None:
        # The page comes back with the text kept, so nothing typed is lost.
        form.is_valid()
        form.add_error(
            None,
            _("Many comments have been written in a short time. Wait a while and send it again."),
        )
        response = _render_page(request, contribution, form=form, status=429, voice=voice)
        response["Retry-After"] = str(_split_rate(rate_for(group))[1])
        return response
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = Comment.objects.filter(
                pk=form.cleaned_data["parent"], contribution=contribution
            ).first()
            if parent is None:
                raise Http404
        try:
            posted = services.comment_post(
                contribution=contribution,
                voice=voice,
                text=form.cleaned_data["text"],
                display_name=form.cleaned_data.get("display_name", ""),
                parent=parent,
                official_answer=bool(form.cleaned_data.get("official_answer")) and can_answer,
                personal_data_ok=form.cleaned_data.get("personal_data_ok", False),
            )
        except ValidationError as error:
            if parent is not None and parent.parent_id is not None:
                # A reply to a reply has no form of its own: the main form says why, without
                # the reply's target, and keeps the text.
                data = request.POST.copy()
                data.pop("parent", None)
                form = CommentForm(data, can_answer=can_answer)
                form.is_valid()
                is_reply = False
            add_service_errors(form, error)
        else:
            if posted.state == CommentState.PUBLISHED:
                messages.success(request, _("Thank you! Your comment is published."))
            else:
                messages.success(
                    request,
                    _(
                        "Thank you! Your comment is saved and appears here once an official "
                        "has read it (usually within two working days)."
                    ),
                )
            anchor = f"kommentar-{posted.parent_id or posted.pk}"
            return redirect(_detail_url(contribution, anchor))
    if is_reply:
        return _render_page(request, contribution, reply_form=form, voice=voice)
    return _render_page(request, contribution, form=form, voice=voice)


@require_POST
@permission_required("contributions.discuss_contribution", _contribution)
def support(request, contribution, slug, pk):
    voice = voice_of(request)
    if not voice.is_known:
        text = _("Log in, or confirm your e-mail address, to say that you agree.")
        if request.htmx:
            return render(
                request,
                "contributions/public/includes/support_button.html",
                {"c": contribution, "process": contribution.process, "note": text},
            )
        messages.info(request, text)
        return redirect(_detail_url(contribution, "delta"))
    if limited(request, "contributions.support"):
        return too_many_requests(request, "contributions.support")
    try:
        _support, new = services.support_add(contribution=contribution, voice=voice)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_detail_url(contribution))
    contribution.refresh_from_db(fields=["support_count"])
    text = _("Thank you for saying that you agree.") if new else _("You already agree with it.")
    if request.htmx:
        return render(
            request,
            "contributions/public/includes/support_button.html",
            {"c": contribution, "process": contribution.process, "supported": True, "note": text},
        )
    messages.success(request, text)
    return redirect(_detail_url(contribution, "hall-med"))


def _published_comment(request, slug, pk, comment_pk, **kwargs):
    return get_object_or_404(
        Comment.objects.select_related("contribution__process"),
        pk=comment_pk,
        contribution_id=pk,
        contribution__process__slug=slug,
        state=CommentState.PUBLISHED,
        contribution__moderation_state="published",
        contribution__consent_to_publish=True,
    )


@require_POST
@permission_required("contributions.report_comment", _published_comment)
def comment_report(request, comment, slug, pk, comment_pk):
    if limited(request, "contributions.report"):
        return too_many_requests(request, "contributions.report")
    form = CommentReportForm(request.POST)
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    voice = voice_of(request)
    try:
        counted = moderation.comment_report(
            comment=comment,
            ip=client_ip(request),
            user=request.user,
            participant=voice.participant,
            reason=reason,
        )
    except ValidationError as error:
        level, text = messages.ERROR, " ".join(error.messages)
    else:
        if counted:
            level = messages.SUCCESS
            text = _("Thank you. An official will look at the comment you reported.")
        else:
            level, text = messages.INFO, _("You have already reported this comment.")
    if request.htmx:
        return render(
            request,
            "contributions/public/includes/report_status.html",
            {"text": text, "is_error": level == messages.ERROR},
        )
    messages.add_message(request, level, text)
    return redirect(_detail_url(comment.contribution, f"kommentar-{comment.pk}"))


@never_cache
@permission_required("contributions.discuss_contribution", _contribution)
def participant(request, contribution, slug, pk):
    """Take part without an account: an e-mail address, confirmed by a link."""
    form = ParticipantForm(request.POST if request.method == "POST" else None)
    context = {"process": contribution.process, "c": contribution, "form": form}
    if request.method == "POST":
        if limited(request, "contributions.participant"):
            return too_many_requests(request, "contributions.participant")
        if form.is_spam:
            return render(request, "contributions/public/participant_sent.html", context)
        if form.is_valid():
            email = form.cleaned_data["email"]
            if limited(request, "contributions.participant_email", value=email):
                # A flood of links to one address: answer as usual, send nothing more.
                return render(request, "contributions/public/participant_sent.html", context)
            try:
                services.participant_request(
                    email=email,
                    display_name=form.cleaned_data.get("display_name", ""),
                    next_path=_detail_url(contribution, "delta"),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return render(request, "contributions/public/participant_sent.html", context)
    return render(request, "contributions/public/participant_form.html", context)


@never_cache
def participant_confirm(request, token):
    """GET shows a button (link checkers that open every link confirm nothing); POST confirms
    and lets this browser take part as the address."""
    found = services.participant_by_token(token)
    if found is None:
        raise Http404
    next_path = request.GET.get("next") or request.POST.get("next") or ""
    if not next_path.startswith("/") or not url_has_allowed_host_and_scheme(
        next_path, allowed_hosts={request.get_host()}
    ):
        next_path = ""  # only a path of this site (a bare word would be taken for a view name)
    if request.method == "POST":
        services.participant_confirm(participant=found)
        response = redirect(next_path or "home")
        response.set_signed_cookie(
            PARTICIPANT_COOKIE,
            str(found.pk),
            salt=PARTICIPANT_SALT,
            max_age=PARTICIPANT_MAX_AGE,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
        messages.success(
            request, _("Your e-mail address is confirmed. You can now comment and agree.")
        )
        return response
    response = render(
        request,
        "contributions/public/participant_confirm.html",
        {"participant": found, "next": next_path},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
