"""The consultation (remiss): opening it, the public page, answers and their summary."""

import mimetypes

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ... import page_cache, registry
from ...files import serve_file
from ...forms import add_service_errors
from ...permissions import permission_required
from ...ratelimits import limit_post
from ...tenancy import check_municipality
from .. import answers, selectors, services
from .. import summary as answer_summary
from ..forms import (
    AnswerForm,
    AnswerMarkForm,
    ConsultationForm,
    SummaryForm,
)
from .common import answer_lookup, consultation_lookup, decision_lookup, version_lookup

# --- Consultation -----------------------------------------------------------------------------


@permission_required("visionsprocess.send_on_consultation", version_lookup)
def consultation_create(request, version, slug, number):
    process = version.process
    form = ConsultationForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_send(
                version=version, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The version was sent on consultation."))
            return redirect("drafting:consultation_answers", slug=process.slug, pk=consultation.pk)
    context = {"process": process, "version": version, "form": form}
    return render(request, "visionsprocess/drafting/consultation_create.html", context)


@limit_post("drafting.consultation_answer")
@permission_required("visionsprocess.view_consultation", consultation_lookup)
def consultation_public(request, consultation, slug, pk):
    """The public consultation page: the text, the form to answer while it is open (anyone may
    answer), and the summary of the answers once it is published."""
    process = consultation.process
    is_open = services.consultation_is_open(consultation)
    can_answer = request.user.has_perm("visionsprocess.answer_consultation", consultation)
    form = None
    files_lost = False
    if can_answer:
        initial = {"organisation": request.GET.get("organisation", "").strip()[:200]}
        if request.user.is_authenticated:
            name = request.user.display_name or request.user.get_full_name()
            if name:
                initial["respondent_name"] = name[:150]
        form = AnswerForm(
            request.POST or None,
            request.FILES or None,
            consultation=consultation,
            user=request.user,
            initial=initial,
        )
        if request.method == "POST" and form.is_spam:
            # A bot filled the hidden field: answer as if all went well, keep nothing.
            messages.success(request, _("Thank you! Your answer has been received."))
            return redirect("drafting:consultation", slug=process.slug, pk=consultation.pk)
        if request.method == "POST" and form.is_valid():
            try:
                answer = services.consultation_answer_submit(
                    consultation=consultation,
                    paragraph=form.cleaned_data["paragraph"],
                    respondent_name=form.cleaned_data["respondent_name"],
                    organisation=form.cleaned_data["organisation"],
                    email=form.cleaned_data.get("email", ""),
                    text=form.cleaned_data["text"],
                    attachment=form.cleaned_data.get("attachment"),
                    user=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Thank you! Your answer has been received."))
                return redirect("drafting:answer_track", token=answer.tracking_token)
        files_lost = request.method == "POST" and bool(request.FILES)
    elif request.method == "POST":
        messages.error(
            request,
            _("The consultation has closed; answers can no longer be sent.")
            if not is_open
            else _("Answers cannot be sent to this consultation."),
        )
    summary = answer_summary.published_summary(consultation)
    context = {
        "process": process,
        "consultation": consultation,
        "version": consultation.version,
        "paragraphs": selectors.public_paragraphs(version=consultation.version),
        "is_open": is_open,
        "form": form,
        "files_lost": files_lost,
        "summary": summary,
        "summary_rows": answer_summary.rows(consultation=consultation, summary=summary)
        if summary
        else [],
        "can_write_summary": request.user.has_perm(
            "visionsprocess.write_consultation_summary", consultation
        ),
        "sections": page_cache.render_sections(
            registry.consultation_sections, request, consultation
        ),
    }
    return render(request, "visionsprocess/drafting/consultation_public.html", context)


@never_cache
def answer_track(request, token):
    """The receipt of an answer, at its private link: what was sent, whether it is confirmed,
    and the summary's position on its paragraph once published."""
    answer = answers.answer_by_token(token)
    if answer is None:
        raise Http404
    consultation = answer.consultation
    check_municipality(request, consultation.process)  # another municipality's link: 404
    summary = answer_summary.published_summary(consultation)
    item = None
    if summary is not None:
        item = next((i for i in summary.items.all() if i.paragraph_id == answer.paragraph_id), None)
    context = {
        "answer": answer,
        "consultation": consultation,
        "process": consultation.process,
        "summary": summary,
        "item": item,
        "tracking_url": request.build_absolute_uri(reverse("drafting:answer_track", args=[token])),
    }
    response = render(request, "visionsprocess/drafting/answer_track.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def answer_confirm(request, value):
    """GET shows a button (link checkers that open every link confirm nothing); POST confirms."""
    answer = answers.answer_by_confirm_value(value)
    if answer is None:
        return render(
            request, "visionsprocess/drafting/answer_confirm.html", {"invalid": True}, status=404
        )
    check_municipality(request, answer.process)  # another municipality's link: 404
    if request.method == "POST":
        answers.answer_confirm(answer=answer)
        messages.success(request, _("Your answer is confirmed. Thank you!"))
        return redirect("drafting:answer_track", token=answer.tracking_token)
    return render(
        request,
        "visionsprocess/drafting/answer_confirm.html",
        {"answer": answer, "process": answer.process},
    )


@permission_required("visionsprocess.write_consultation_summary", consultation_lookup)
def summary_edit(request, consultation, slug, pk):
    """The remissammanställning's editor, once the consultation has closed."""
    process = consultation.process
    context = {"process": process, "consultation": consultation}
    if services.consultation_is_open(consultation):
        context["closes"] = consultation.deadline
        return render(request, "visionsprocess/drafting/summary_edit.html", context)
    summary = answer_summary.summary_of(consultation)
    rows = answer_summary.rows(consultation=consultation, summary=summary)
    form = SummaryForm(request.POST or None, rows=rows, summary=summary)
    if request.method == "POST" and summary is not None and summary.is_published:
        messages.error(request, _("The summary has been published and can no longer be changed."))
        return redirect("drafting:summary_edit", slug=slug, pk=pk)
    if request.method == "POST" and form.is_valid():
        try:
            answer_summary.summary_save(
                consultation=consultation,
                introduction=form.cleaned_data["introduction"],
                items=form.items(),
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The summary was saved as a draft."))
            return redirect("drafting:summary_edit", slug=slug, pk=pk)
    context |= {"summary": summary, "rows": rows, "form": form}
    return render(request, "visionsprocess/drafting/summary_edit.html", context)


@require_POST
@permission_required("visionsprocess.write_consultation_summary", consultation_lookup)
def summary_publish(request, consultation, slug, pk):
    summary = answer_summary.summary_of(consultation)
    if summary is None:
        messages.error(request, _("Write and save the summary first."))
        return redirect("drafting:summary_edit", slug=slug, pk=pk)
    try:
        answer_summary.summary_publish(summary=summary, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("drafting:summary_edit", slug=slug, pk=pk)
    messages.success(
        request,
        _("The summary is published. The respondents and the followers will hear of it."),
    )
    return redirect(reverse("drafting:consultation", args=[slug, consultation.pk]) + "#summary")


@permission_required("visionsprocess.view_consultation_answers", consultation_lookup)
def consultation_answers(request, consultation, slug, pk):
    context = {
        "can_mark": request.user.has_perm(
            "visionsprocess.handle_consultation_answers", consultation
        ),
        "process": consultation.process,
        "consultation": consultation,
        "version": consultation.version,
        "answers": selectors.consultation_answers_by_paragraph(consultation=consultation),
        "can_write_summary": request.user.has_perm(
            "visionsprocess.write_consultation_summary", consultation
        ),
        "sections": page_cache.render_sections(
            registry.consultation_staff_sections, request, consultation
        ),
    }
    return render(request, "visionsprocess/drafting/consultation_answers.html", context)


@permission_required("visionsprocess.view_consultation_answers", answer_lookup)
def answer_attachment(request, answer, slug, pk):
    """An answer's attachment, for those who may read the answers (never from /media/)."""
    extension = answer.attachment.name.rsplit(".", 1)[-1].lower() if answer.attachment else ""
    content_type = mimetypes.guess_type(f"x.{extension}")[0] or "application/octet-stream"
    return serve_file(
        request,
        answer.attachment,
        filename=f"remissvar-{answer.pk}.{extension}",
        content_type=content_type,
        as_attachment=True,
    )


@permission_required("visionsprocess.view_drafts", decision_lookup)
def decision_minutes(request, decision, slug, pk):
    """A decision's minutes extract (PDF), for the process's members."""
    return serve_file(
        request,
        decision.minutes_file,
        filename=f"protokollsutdrag-{decision.pk}.pdf",
        content_type="application/pdf",
    )


@require_POST
@permission_required("visionsprocess.handle_consultation_answers", answer_lookup)
def answer_mark(request, answer, slug, pk):
    form = AnswerMarkForm(request.POST)
    if form.is_valid():
        services.consultation_answer_mark(answer=answer, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The answer was marked."))
    return redirect(
        reverse("drafting:consultation_answers", args=[slug, answer.consultation_id])
        + f"#answer-{answer.pk}"
    )
