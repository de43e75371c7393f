"""Rounds, versions, paragraphs, comments and the comparison of two versions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...forms import add_service_errors
from ...models import (
    Comment,
    Consultation,
    VersionState,
)
from ...permissions import permission_required, process_by_slug
from .. import diff, selectors, services
from ..forms import (
    ChangeNoteForm,
    CommentForm,
    CompareForm,
    ParagraphForm,
    RoundForm,
    SplitForm,
)
from .common import _version_url, comment_lookup, paragraph_lookup, version_lookup

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
