"""The discussion of one paragraph of a draft on consultation: its page (the paragraph, its
comments and replies, "Håller med"), a comment, a support, a report of a comment, and taking
part with a confirmed e-mail address. The same services, forms, limits and partial templates as
the discussion of a contribution (``views/discussion.py``); only the target differs."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import _split_rate

from visionsprocess.clients import client_ip
from visionsprocess.drafting.services import consultation_is_open
from visionsprocess.forms import add_service_errors
from visionsprocess.permissions import hide_draft, permission_required
from visionsprocess.predicates import process_is_public
from visionsprocess.ratelimits import limited, rate_for, too_many_requests

from .. import discussion_thread
from ..discussion_targets import paragraph_page_url
from ..forms_discussion import CommentForm, CommentReportForm, ParticipantForm
from ..models import Comment, CommentModeration, CommentState
from ..selectors import paragraph_discussion as selectors
from ..services import comment_moderation as moderation
from ..services import discussion as services
from .discussion import THREAD_MORE, voice_of

PAGE = "contributions/public/paragraph_discussion.html"
SUPPORT = "contributions/public/includes/paragraph_support_button.html"


def _paragraph(request, slug, consultation_pk, pk, **kwargs):
    paragraph = selectors.paragraph_page(slug=slug, consultation_pk=consultation_pk, pk=pk)
    hide_draft(request, paragraph.version.round.process)
    return paragraph


def _thread(request, paragraph, *, voice, can_discuss, can_answer, can_report, reply_form=None):
    """A page of the paragraph's thread, its shared parts from the page cache."""
    version = paragraph.version
    process, consultation = version.round.process, version.consultation
    return discussion_thread.thread(
        request,
        field="paragraph",
        obj=paragraph,
        process=process,
        number=discussion_thread.page_number(request),
        audience=discussion_thread.Audience(
            can_discuss=can_discuss,
            can_report=can_report,
            can_reply=can_discuss and voice.is_known,
            can_answer=can_discuss and voice.is_known and can_answer,
        ),
        context={
            "process": process,
            "consultation": consultation,
            "paragraph": paragraph,
            "comment_url": reverse(
                "contributions:paragraph_comment",
                args=[process.slug, consultation.pk, paragraph.pk],
            ),
        },
        voice=voice,
        reply_form=reply_form,
    )


def _render_page(request, paragraph, *, form=None, reply_form=None, status=200, voice=None):
    voice = voice or voice_of(request)
    version = paragraph.version
    process, consultation = version.round.process, version.consultation
    can_discuss = request.user.has_perm("contributions.discuss_paragraph", paragraph)
    can_answer = can_discuss and request.user.has_perm(
        "contributions.answer_as_municipality", paragraph
    )
    here = paragraph_page_url(paragraph)
    can_report = process_is_public(request.user, paragraph)
    context = {
        "process": process,
        "consultation": consultation,
        "paragraph": paragraph,
        "is_open": consultation_is_open(consultation),
        "counts": selectors.paragraph_counts(paragraph=paragraph),
        "thread": _thread(
            request,
            paragraph,
            voice=voice,
            can_discuss=can_discuss,
            can_answer=can_answer,
            can_report=can_report,
            reply_form=reply_form,
        ),
        "voice": voice,
        "can_discuss": can_discuss,
        "can_answer": can_answer,
        "can_report": can_report,
        "pre_moderated": services.comment_moderation_of(process) == CommentModeration.PRE,
        "supported": services.paragraph_has_supported(paragraph=paragraph, voice=voice),
        "form": form
        or CommentForm(
            can_answer=can_answer,
            initial={"display_name": voice.default_name} if voice.is_known else {},
        ),
        "reply_form": reply_form,
        "login_url": reverse("account_login") + "?" + urlencode({"next": here}),
        "participant_url": reverse(
            "contributions:paragraph_participant",
            args=[process.slug, consultation.pk, paragraph.pk],
        ),
        "comment_url": reverse(
            "contributions:paragraph_comment", args=[process.slug, consultation.pk, paragraph.pk]
        ),
    }
    return render(request, PAGE, context, status=status)


@never_cache
@permission_required("contributions.view_paragraph_discussion", _paragraph)
def detail(request, paragraph, slug, consultation_pk, pk):
    if request.htmx and any(name in request.GET for name in discussion_thread.PAGE_PARAMS):
        voice = voice_of(request)
        can_discuss = request.user.has_perm("contributions.discuss_paragraph", paragraph)
        can_answer = can_discuss and request.user.has_perm(
            "contributions.answer_as_municipality", paragraph
        )
        thread = _thread(
            request,
            paragraph,
            voice=voice,
            can_discuss=can_discuss,
            can_answer=can_answer,
            can_report=process_is_public(request.user, paragraph),
        )
        return render(request, THREAD_MORE, {"thread": thread})
    return _render_page(request, paragraph)


@require_POST
@permission_required("contributions.discuss_paragraph", _paragraph)
def comment(request, paragraph, slug, consultation_pk, pk):
    voice = voice_of(request)
    can_answer = request.user.has_perm("contributions.answer_as_municipality", paragraph)
    form = CommentForm(request.POST, can_answer=can_answer)
    if form.is_spam:
        return redirect(paragraph_page_url(paragraph))
    is_reply = (request.POST.get("parent") or "").isdigit()
    if not voice.is_known:
        messages.info(
            request, _("Log in, or confirm your e-mail address, to take part in the discussion.")
        )
        return redirect(paragraph_page_url(paragraph, "delta"))
    group = next(
        (
            group
            for group, value in (
                ("contributions.comment", None),
                ("contributions.comment_target", f"paragraph:{paragraph.pk}"),
            )
            if limited(request, group, value=value)
        ),
        None,
    )
    if group is not None:
        form.is_valid()  # the page comes back with the text kept
        form.add_error(
            None,
            _("Many comments have been written in a short time. Wait a while and send it again."),
        )
        response = _render_page(request, paragraph, form=form, status=429, voice=voice)
        response["Retry-After"] = str(_split_rate(rate_for(group))[1])
        return response
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = Comment.objects.filter(
                pk=form.cleaned_data["parent"], paragraph=paragraph
            ).first()
            if parent is None:
                raise Http404
        try:
            posted = services.paragraph_comment_post(
                paragraph=paragraph,
                voice=voice,
                text=form.cleaned_data["text"],
                display_name=form.cleaned_data.get("display_name", ""),
                parent=parent,
                official_answer=bool(form.cleaned_data.get("official_answer")) and can_answer,
                personal_data_ok=form.cleaned_data.get("personal_data_ok", False),
            )
        except ValidationError as error:
            if parent is not None and parent.parent_id is not None:
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
            return redirect(paragraph_page_url(paragraph, anchor))
    if is_reply:
        return _render_page(request, paragraph, reply_form=form, voice=voice)
    return _render_page(request, paragraph, form=form, voice=voice)


def _support_partial(request, paragraph, *, supported=False, note=""):
    version = paragraph.version
    return render(
        request,
        SUPPORT,
        {
            "process": version.round.process,
            "consultation": version.consultation,
            "paragraph": paragraph,
            "counts": selectors.paragraph_counts(paragraph=paragraph),
            "supported": supported,
            "note": note,
        },
    )


@require_POST
@permission_required("contributions.discuss_paragraph", _paragraph)
def support(request, paragraph, slug, consultation_pk, pk):
    voice = voice_of(request)
    if not voice.is_known:
        text = _("Log in, or confirm your e-mail address, to say that you agree.")
        if request.htmx:
            return _support_partial(request, paragraph, note=text)
        messages.info(request, text)
        return redirect(paragraph_page_url(paragraph, "delta"))
    if limited(request, "contributions.support"):
        return too_many_requests(request, "contributions.support")
    try:
        _support, new = services.paragraph_support_add(paragraph=paragraph, voice=voice)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(paragraph_page_url(paragraph))
    text = _("Thank you for saying that you agree.") if new else _("You already agree with it.")
    if request.htmx:
        return _support_partial(request, paragraph, supported=True, note=text)
    messages.success(request, text)
    return redirect(paragraph_page_url(paragraph, "hall-med"))


def _published_comment(request, slug, consultation_pk, pk, comment_pk, **kwargs):
    comment = get_object_or_404(
        Comment.objects.select_related(
            "paragraph__version__round__process__municipality", "paragraph__version__consultation"
        ),
        pk=comment_pk,
        paragraph_id=pk,
        paragraph__version__consultation__pk=consultation_pk,
        paragraph__version__round__process__slug=slug,
        state=CommentState.PUBLISHED,
    )
    hide_draft(request, comment.paragraph.version.round.process)
    return comment


@require_POST
@permission_required("contributions.report_paragraph_comment", _published_comment)
def comment_report(request, comment, slug, consultation_pk, pk, comment_pk):
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
    return redirect(paragraph_page_url(comment.paragraph, f"kommentar-{comment.pk}"))


@never_cache
@permission_required("contributions.discuss_paragraph", _paragraph)
def participant(request, paragraph, slug, consultation_pk, pk):
    """Take part without an account: an e-mail address, confirmed by a link that leads back."""
    form = ParticipantForm(request.POST if request.method == "POST" else None)
    context = {
        "process": paragraph.version.round.process,
        "paragraph": paragraph,
        "back_url": paragraph_page_url(paragraph),
        "form": form,
    }
    sent = "contributions/public/participant_sent.html"
    if request.method == "POST":
        if limited(request, "contributions.participant"):
            return too_many_requests(request, "contributions.participant")
        if form.is_spam:
            return render(request, sent, context)
        if form.is_valid():
            email = form.cleaned_data["email"]
            if limited(request, "contributions.participant_email", value=email):
                return render(request, sent, context)
            try:
                services.participant_request(
                    email=email,
                    display_name=form.cleaned_data.get("display_name", ""),
                    next_path=paragraph_page_url(paragraph, "delta"),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return render(request, sent, context)
    return render(request, "contributions/public/participant_form.html", context)
