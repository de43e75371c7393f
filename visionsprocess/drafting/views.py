"""Views of drafting and adoption: thin, permission-checked, one service call each."""

import mimetypes

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import page_cache, registry
from ..decisions.selectors import decisions_of_process
from ..files import serve_file
from ..forms import add_service_errors
from ..models import (
    Comment,
    Consultation,
    ConsultationAnswer,
    Decision,
    Paragraph,
    VersionState,
)
from ..permissions import permission_required, process_by_slug
from ..ratelimits import limit_post
from ..tenancy import check_municipality
from . import answers, diff, selectors, services
from . import summary as answer_summary
from .forms import (
    AdoptionPathForm,
    AnswerForm,
    AnswerMarkForm,
    ChangeNoteForm,
    CommentForm,
    CompareForm,
    ConsultationForm,
    DecisionForm,
    ParagraphForm,
    RoundForm,
    SplitForm,
    SummaryForm,
)

# --- Lookups (used by permission_required) ----------------------------------------------------


def version_lookup(request, slug, number, **kwargs):
    process = process_by_slug(request, slug)
    return selectors.version_by_number(process=process, number=number)


def paragraph_lookup(request, slug, pk, **kwargs):
    return get_object_or_404(
        Paragraph.objects.select_related("version__round__process__municipality"),
        pk=pk,
        version__round__process__slug=slug,
    )


def comment_lookup(request, slug, pk, **kwargs):
    return get_object_or_404(
        Comment.objects.select_related("paragraph__version__round__process"),
        pk=pk,
        paragraph__version__round__process__slug=slug,
    )


def consultation_lookup(request, slug, pk, **kwargs):
    return get_object_or_404(
        Consultation.objects.select_related("version__round__process__municipality"),
        pk=pk,
        version__round__process__slug=slug,
    )


def answer_lookup(request, slug, pk, **kwargs):
    return get_object_or_404(
        ConsultationAnswer.objects.select_related("consultation__version__round__process"),
        pk=pk,
        consultation__version__round__process__slug=slug,
    )


def decision_lookup(request, slug, pk, **kwargs):
    return get_object_or_404(
        Decision.objects.select_related("version__round__process"),
        pk=pk,
        version__round__process__slug=slug,
    )


def _version_url(version) -> str:
    return reverse("drafting:version", args=[version.process.slug, version.number])


# --- Rounds and versions ----------------------------------------------------------------------


@permission_required("visionsprocess.view_drafts", process_by_slug)
def rounds(request, process, slug):
    context = {
        "process": process,
        "rounds": selectors.rounds_with_versions(process=process),
        "latest": selectors.latest_version(process),
        "form": RoundForm(process=process),
        "can_manage": request.user.has_perm("visionsprocess.manage_drafting_rounds", process),
    }
    return render(request, "visionsprocess/drafting/rounds.html", context)


@permission_required("visionsprocess.manage_drafting_rounds", process_by_slug)
def round_create(request, process, slug):
    form = RoundForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            drafting_round = services.round_create(
                process=process,
                name=form.cleaned_data["name"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                participants=form.cleaned_data["participants"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The drafting round was started."))
            return redirect(_version_url(drafting_round.versions.get()))
    return render(
        request, "visionsprocess/drafting/round_create.html", {"process": process, "form": form}
    )


@permission_required("visionsprocess.view_drafts", version_lookup)
def version_detail(request, version, slug, number):
    process = version.process
    latest = selectors.latest_version(process)
    consultation = Consultation.objects.filter(version=version).first()
    context = {
        "process": process,
        "version": version,
        "is_latest": latest is not None and latest.pk == version.pk,
        "paragraphs": selectors.version_workspace(version=version),
        "consultation": consultation,
        "progress": services.adoption_progress(version),
        "add_form": ParagraphForm(prefix="new"),
        "note_form": ChangeNoteForm(initial={"change_note": version.change_note}),
        "comment_form": CommentForm(),
        "can_edit": request.user.has_perm("visionsprocess.edit_draft", version)
        and not version.is_locked,
        "can_new_version": request.user.has_perm("visionsprocess.edit_draft", version)
        and latest is not None
        and latest.pk == version.pk
        and version.state != VersionState.ADOPTED,
        "can_comment": request.user.has_perm("visionsprocess.comment_draft", version),
        "can_consult": request.user.has_perm("visionsprocess.send_on_consultation", version)
        and version.state == VersionState.DRAFT,
    }
    return render(request, "visionsprocess/drafting/version_detail.html", context)


@require_POST
@permission_required("visionsprocess.edit_draft", version_lookup)
def version_new(request, version, slug, number):
    form = ChangeNoteForm(request.POST)
    note = form.cleaned_data["change_note"] if form.is_valid() else ""
    try:
        new = services.version_create_next(version=version, actor=request.user, change_note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_version_url(version))
    messages.success(request, _("Version %(number)s was made.") % {"number": new.number})
    return redirect(_version_url(new))


@require_POST
@permission_required("visionsprocess.edit_draft", version_lookup)
def version_note(request, version, slug, number):
    form = ChangeNoteForm(request.POST)
    if form.is_valid():
        try:
            services.version_set_change_note(
                version=version, change_note=form.cleaned_data["change_note"], actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The change note was saved."))
    return redirect(_version_url(version))


# --- Paragraphs -------------------------------------------------------------------------------


@permission_required("visionsprocess.edit_draft", version_lookup)
def paragraph_add(request, version, slug, number):
    form = ParagraphForm(request.POST or None, prefix="new")
    if request.method == "POST" and form.is_valid():
        try:
            services.paragraph_add(
                version=version,
                kind=form.cleaned_data["kind"],
                short_title=form.cleaned_data["short_title"],
                text=form.cleaned_data["text"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The paragraph was added."))
            return redirect(_version_url(version))
    context = {"process": version.process, "version": version, "form": form}
    return render(request, "visionsprocess/drafting/paragraph_add.html", context)


@permission_required("visionsprocess.edit_draft", paragraph_lookup)
def paragraph_edit(request, paragraph, slug, pk):
    version = paragraph.version
    conflict = None
    if request.method == "POST":
        form = ParagraphForm(request.POST)
        if form.is_valid():
            try:
                services.paragraph_edit(
                    paragraph=paragraph,
                    kind=form.cleaned_data["kind"],
                    short_title=form.cleaned_data["short_title"],
                    text=form.cleaned_data["text"],
                    base_revision=form.cleaned_data["revision"] or 0,
                    actor=request.user,
                )
            except services.EditConflict as error:
                conflict = error
                form = _form_after_conflict(ParagraphForm, request, error)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The paragraph was saved."))
                return redirect(_version_url(version) + f"#paragraph-{paragraph.pk}")
    else:
        form = ParagraphForm(
            initial={
                "kind": paragraph.kind,
                "short_title": paragraph.short_title,
                "text": paragraph.text,
                "revision": paragraph.revision,
            }
        )
    context = {
        "process": version.process,
        "version": version,
        "paragraph": paragraph,
        "form": form,
        "conflict": conflict,
        "locked": version.is_locked,
    }
    return render(
        request,
        "visionsprocess/drafting/paragraph_edit.html",
        context,
        status=409 if conflict else 200,
    )


def _form_after_conflict(form_class, request, error):
    """Keep what was typed; the next save is based on the text now stored."""
    data = request.POST.copy()
    data["revision"] = error.paragraph.revision
    form = form_class(data)
    form.is_valid()
    return form


@permission_required("visionsprocess.edit_draft", paragraph_lookup)
def paragraph_split(request, paragraph, slug, pk):
    version = paragraph.version
    conflict = None
    if request.method == "POST":
        form = SplitForm(request.POST)
        if form.is_valid():
            try:
                services.paragraph_split(
                    paragraph=paragraph,
                    first_text=form.cleaned_data["first_text"],
                    second_text=form.cleaned_data["second_text"],
                    base_revision=form.cleaned_data["revision"],
                    actor=request.user,
                )
            except services.EditConflict as error:
                conflict = error
                form = _form_after_conflict(SplitForm, request, error)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The paragraph was split in two."))
                return redirect(_version_url(version) + f"#paragraph-{paragraph.pk}")
    else:
        form = SplitForm(initial={"first_text": paragraph.text, "revision": paragraph.revision})
    context = {
        "process": version.process,
        "version": version,
        "paragraph": paragraph,
        "form": form,
        "conflict": conflict,
        "locked": version.is_locked,
    }
    return render(request, "visionsprocess/drafting/paragraph_split.html", context)


@require_POST
@permission_required("visionsprocess.edit_draft", paragraph_lookup)
def paragraph_move(request, paragraph, slug, pk):
    try:
        services.paragraph_move(
            paragraph=paragraph, direction=request.POST.get("direction", ""), actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_version_url(paragraph.version) + f"#paragraph-{paragraph.pk}")


@require_POST
@permission_required("visionsprocess.edit_draft", paragraph_lookup)
def paragraph_delete(request, paragraph, slug, pk):
    version = paragraph.version
    try:
        services.paragraph_delete(paragraph=paragraph, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The paragraph was deleted."))
    return redirect(_version_url(version))


# --- Comments ---------------------------------------------------------------------------------


@require_POST
@permission_required("visionsprocess.comment_draft", paragraph_lookup)
def comment_add(request, paragraph, slug, pk):
    form = CommentForm(request.POST)
    url = _version_url(paragraph.version) + f"#paragraph-{paragraph.pk}"
    if not form.is_valid():
        messages.error(request, _("Write a comment before sending it."))
        return redirect(url)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], paragraph=paragraph).first()
    try:
        services.comment_add(
            paragraph=paragraph, author=request.user, text=form.cleaned_data["text"], parent=parent
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The comment was saved."))
    return redirect(url)


@require_POST
@permission_required("visionsprocess.comment_draft", comment_lookup)
def comment_resolve(request, comment, slug, pk):
    resolved = request.POST.get("resolved", "1") == "1"
    try:
        services.comment_resolve(comment=comment, actor=request.user, resolved=resolved)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_version_url(comment.paragraph.version) + f"#paragraph-{comment.paragraph_id}")


# --- Compare ----------------------------------------------------------------------------------


def _compare_data(query, versions) -> dict | None:
    """The two versions to compare: those asked for, else the previous against the latest.

    Opened without parameters (or with one missing) the page compares the version before the
    latest with the latest (v1 → v2), never a version with itself; a missing "older" side is
    the version before the newer one asked for.
    """
    if len(versions) < 2:
        return dict(query.items()) if query else None
    numbers = [v.number for v in versions]  # newest first
    a, b = query.get("a", "").strip(), query.get("b", "").strip()
    if not b:
        b = str(numbers[0])
    if not a:
        older = [n for n in numbers if str(n) != b and (not b.isdigit() or n < int(b))]
        a = str(older[0] if older else numbers[1])
    return {"a": a, "b": b}


@permission_required("visionsprocess.view_drafts", process_by_slug)
def compare(request, process, slug):
    versions = list(selectors.versions_of_process(process=process))
    form = CompareForm(_compare_data(request.GET, versions), versions=versions)
    rows = summary = old = new = None
    if form.is_bound and form.is_valid():
        by_number = {v.number: v for v in versions}
        old, new = sorted(
            (by_number[form.cleaned_data["a"]], by_number[form.cleaned_data["b"]]),
            key=lambda v: v.number,
        )
        rows = diff.compare(
            selectors.paragraphs_for_compare(version=old),
            selectors.paragraphs_for_compare(version=new),
        )
        summary = diff.summary(rows)
    context = {
        "process": process,
        "form": form,
        "rows": rows,
        "summary": summary,
        "old": old,
        "new": new,
        "too_few": len(versions) < 2,
    }
    return render(request, "visionsprocess/drafting/compare.html", context)


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


# --- Adoption ---------------------------------------------------------------------------------


@permission_required("visionsprocess.view_drafts", process_by_slug)
def adoption(request, process, slug):
    latest = selectors.latest_version(process)
    path = selectors.adoption_path(process=process)
    context = {
        "process": process,
        "latest": latest,
        "path": path,
        "progress": services.adoption_progress(latest) if latest else [],
        "decisions": decisions_of_process(process=process, drafting_only=True),
        "consultation_documents": answer_summary.decision_documents(process=process),
        "path_form": AdoptionPathForm(
            process=process,
            initial={"steps": str(path).replace(" → ", ", ") if path else ""},
        ),
        "can_record": request.user.has_perm("visionsprocess.record_decision", process),
        "can_set_path": request.user.has_perm("visionsprocess.manage_adoption_path", process),
    }
    return render(request, "visionsprocess/drafting/adoption.html", context)


@require_POST
@permission_required("visionsprocess.manage_adoption_path", process_by_slug)
def adoption_path(request, process, slug):
    form = AdoptionPathForm(request.POST, process=process)
    if form.is_valid():
        try:
            services.adoption_path_set(
                process=process, bodies=form.cleaned_data["steps"], actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The adoption path was saved."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("drafting:adoption", slug=process.slug)


@permission_required("visionsprocess.record_decision", process_by_slug)
def decision_record(request, process, slug):
    versions = list(selectors.versions_of_process(process=process))
    latest = versions[0] if versions else None
    progress = services.adoption_progress(latest) if latest else []
    # The body whose turn it is in the path is preselected; the Dnr follows the last decision.
    next_step = next((item["step"] for item in progress if item["is_next"]), None)
    last = next((item["decision"] for item in reversed(progress) if item["decision"]), None)
    initial = {
        "body": next_step.body_id if next_step else None,
        "dnr": last.dnr if last else "",
        "matter": last.matter if last else None,
    }
    form = DecisionForm(
        request.POST or None, request.FILES or None, process=process, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        number = request.POST.get("version")
        version = next((v for v in versions if str(v.number) == number), None)
        if version is None:
            form.add_error(None, _("Choose the version the decision is about."))
        else:
            try:
                services.decision_record(version=version, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The decision was recorded."))
                return redirect("drafting:adoption", slug=process.slug)
    context = {
        "process": process,
        "form": form,
        "versions": versions,
        "selected_version": request.POST.get("version") or (str(latest.number) if latest else ""),
        "progress": progress,
    }
    return render(request, "visionsprocess/drafting/decision_record.html", context)


@permission_required("visionsprocess.view_audit_log", process_by_slug)
def audit_log(request, process, slug):
    page = Paginator(selectors.audit_entries(process=process), 50).get_page(request.GET.get("sida"))
    return render(
        request, "visionsprocess/drafting/audit_log.html", {"process": process, "page": page}
    )
