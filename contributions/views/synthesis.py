"""The synthesis ("Sammanställning"): the officials' page (the draft's key points per theme, to
pin, remove, reorder, add to and introduce; the versions; publishing) and the public page once
a version is published. Every action is a plain form post that returns to the page, so it
works without script; the drafting runs in the worker and the page follows its progress."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from visionsprocess.disclosure import HIDDEN_NOTE
from visionsprocess.permissions import permission_required, process_by_slug

from ..analysis.key_points import sentences
from ..models import Contribution, KeyPoint, SynthesisTheme
from ..outcome import outcome_context
from ..selectors import synthesis as selectors
from ..services import synthesis as services

ADD_SHOWN = 40


class IntroductionForm(forms.Form):
    introduction = forms.CharField(
        label=gettext_lazy("Introduction"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    revision = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)


class AddForm(forms.Form):
    contribution = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    text = forms.CharField(max_length=1000)


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search the theme's contributions"), required=False)


def _page(process, anchor: str = ""):
    url = reverse("contributions:staff_synthesis", args=[process.slug])
    return redirect(url + (f"#{anchor}" if anchor else ""))


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _we_did(request, process) -> dict:
    """What came of each theme ("vi gjorde"), from the outcome module, by theme id."""
    context = outcome_context(request, process) or {}
    return {row["theme"].pk: row for row in context.get("rows", [])}


@permission_required("contributions.view_synthesis", process_by_slug)
def staff_page(request, process, slug):
    shown = selectors.draft_of(process)
    draft = shown if shown is not None and shown.is_draft else None
    outcome = _we_did(request, process)
    sections = []
    for section in shown.themes.all() if shown else []:
        points = list(section.key_points.all())
        for point in points:
            point.exact = selectors.exact_spread(point.voices, point.spread or {})
        sections.append(
            {
                "section": section,
                "points": points,
                "spread": selectors.exact_spread(section.voices, section.spread or {}),
                "form": IntroductionForm(
                    initial={"introduction": section.introduction, "revision": section.revision},
                    prefix=f"s{section.pk}",
                ),
                "outcome": outcome.get(section.theme_id),
            }
        )
    context = {
        "process": process,
        "synthesis": selectors.synthesis_of(process),
        "draft": draft,
        "shown": shown,
        "sections": sections,
        "versions": list(selectors.versions_of(process)),
        "published": selectors.has_published_synthesis(process),
        "can_edit": request.user.has_perm("contributions.edit_synthesis", process),
        "editing": draft is not None
        and request.user.has_perm("contributions.edit_synthesis", process),
        "can_publish": request.user.has_perm("contributions.publish_synthesis", process),
    }
    return render(request, "contributions/staff/synthesis.html", context)


@require_POST
@permission_required("contributions.edit_synthesis", process_by_slug)
def staff_draft(request, process, slug):
    if services.synthesis_draft_schedule(process=process):
        messages.success(
            request,
            _("The key points are being drafted. The page updates by itself when they are ready."),
        )
    else:
        messages.info(request, _("The key points are already being drafted."))
    return _page(process)


@require_POST
@permission_required("contributions.edit_synthesis", process_by_slug)
def staff_new_draft(request, process, slug):
    try:
        draft = services.draft_start(process=process, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Draft %(n)d is open for changes.") % {"n": draft.number})
    return _page(process)


@require_POST
@permission_required("contributions.publish_synthesis", process_by_slug)
def staff_publish(request, process, slug):
    draft = selectors.draft_of(process)
    if draft is None or not draft.is_draft:
        messages.error(request, _("There is no draft to publish."))
        return _page(process)
    try:
        version = services.version_publish(version=draft, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("Version %(n)d of the synthesis is public now.") % {"n": version.number},
        )
    return _page(process)


ACTIONS = {"pin", "unpin", "remove", "up", "down"}


@require_POST
@permission_required("contributions.edit_synthesis", process_by_slug)
def staff_point(request, process, slug, pk):
    point = get_object_or_404(
        KeyPoint.objects.select_related("section"),
        pk=pk,
        section__version__synthesis__process=process,
    )
    action = request.POST.get("action", "")
    anchor = f"tema-{point.section_id}"
    try:
        if action not in ACTIONS:
            raise ValidationError(_("Unknown action."))
        if action in ("pin", "unpin"):
            services.key_point_pin(key_point=point, pinned=action == "pin", by=request.user)
        elif action == "remove":
            services.key_point_remove(key_point=point, by=request.user)
            messages.success(request, _("The key point was removed from the draft."))
        else:
            services.key_point_move(key_point=point, up=action == "up", by=request.user)
            anchor = f"punkt-{point.pk}"
    except ValidationError as exc:
        _error(request, exc)
    return _page(process, anchor)


@require_POST
@permission_required("contributions.edit_synthesis", process_by_slug)
def staff_introduction(request, process, slug, section):
    section = get_object_or_404(SynthesisTheme, pk=section, version__synthesis__process=process)
    form = IntroductionForm(request.POST, prefix=f"s{section.pk}")
    if not form.is_valid():
        messages.error(request, _("The introduction can be at most 4,000 characters."))
        return _page(process, f"tema-{section.pk}")
    try:
        services.section_introduction_set(
            section=section,
            introduction=form.cleaned_data["introduction"],
            revision=form.cleaned_data["revision"],
            by=request.user,
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The introduction was saved."))
    return _page(process, f"tema-{section.pk}")


@permission_required("contributions.edit_synthesis", process_by_slug)
def staff_add(request, process, slug, section):
    """The theme's quotable contributions, sentence by sentence, each with a button to add it
    as a key point (GET); adding one (POST)."""
    section = get_object_or_404(
        SynthesisTheme.objects.select_related("version"),
        pk=section,
        version__synthesis__process=process,
    )
    if request.method == "POST":
        form = AddForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a sentence of one of the theme's contributions."))
            return redirect(request.path)
        contribution = get_object_or_404(
            Contribution, pk=form.cleaned_data["contribution"], process=process
        )
        try:
            services.key_point_add(
                section=section,
                contribution=contribution,
                text=form.cleaned_data["text"],
                by=request.user,
            )
        except ValidationError as exc:
            _error(request, exc)
            return redirect(request.path)
        messages.success(request, _("The sentence was added as a pinned key point."))
        return _page(process, f"tema-{section.pk}")
    search = SearchForm(request.GET or None)
    q = search.cleaned_data["q"].strip() if search.is_valid() else ""
    found = Contribution.objects.filter(
        Contribution.objects.published_q(), process=process, taggings__theme_id=section.theme_id
    ).order_by("-created", "-pk")
    if q:
        found = found.filter(Q(text__icontains=q) | Q(title__icontains=q))
    chosen = set(section.key_points.values_list("contribution_id", "text"))
    rows = [
        {
            "contribution": c,
            "sentences": [
                (text, (c.pk, text) in chosen) for text, _ok in sentences(c.text) if text
            ],
        }
        for c in found[:ADD_SHOWN]
    ]
    context = {
        "process": process,
        "section": section,
        "rows": rows,
        "search": search,
        "q": q,
        "editable": section.version.is_draft,
    }
    return render(request, "contributions/staff/synthesis_add.html", context)


def published_synthesis_process(request, slug, **kwargs):
    """The process, when a version of its synthesis is published (404 otherwise, for
    everyone)."""
    process = process_by_slug(request, slug)
    if not selectors.has_published_synthesis(process):
        raise Http404
    return process


@permission_required("visionsprocess.view_process", published_synthesis_process)
def public_page(request, process, slug):
    synthesis = selectors.published_synthesis(process=process)
    if synthesis is None:
        raise Http404
    outcome = _we_did(request, process)
    themes = [{"theme": t, "outcome": outcome.get(t.theme_id)} for t in synthesis.themes]
    context = {
        "process": process,
        "synthesis": synthesis,
        "themes": themes,
        "hidden_note": HIDDEN_NOTE,
    }
    return render(request, "contributions/public/synthesis.html", context)
