"""Citing themes and contributions from a paragraph, and the public "Detta bygger på" page."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from visionsprocess.models import Paragraph
from visionsprocess.permissions import permission_required

from .. import citations as services
from ..models import Contribution, ParagraphCitation, Theme


def paragraph_lookup(request, slug, pk, **kwargs):
    return get_object_or_404(
        Paragraph.objects.select_related("version__round__process__municipality"),
        pk=pk,
        version__round__process__slug=slug,
    )


def citation_lookup(request, slug, pk, **kwargs):
    return get_object_or_404(
        ParagraphCitation.objects.select_related("paragraph__version__round__process"),
        pk=pk,
        paragraph__version__round__process__slug=slug,
    )


class CitationForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=gettext_lazy("Theme"), queryset=Theme.objects.none(), required=False
    )
    contribution = forms.ModelChoiceField(
        label=gettext_lazy("Contribution"), queryset=Contribution.objects.none(), required=False
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(process=process).select_related(
            "parent"
        )
        self.fields["contribution"].queryset = Contribution.objects.for_process(process)
        self.fields["contribution"].label_from_instance = lambda c: (
            f"#{c.pk} {c.title or c.text[:60]}"
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("theme")) == bool(data.get("contribution")):
            raise forms.ValidationError(_("Choose either a theme or a contribution."))
        return data


@permission_required("contributions.cite_in_paragraph", paragraph_lookup)
def paragraph_citations(request, paragraph, slug, pk):
    process = paragraph.version.round.process
    form = CitationForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            services.citation_add(paragraph=paragraph, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The source was added."))
            return redirect("contributions:paragraph_citations", slug=slug, pk=paragraph.pk)
    context = {
        "process": process,
        "paragraph": paragraph,
        "version": paragraph.version,
        "citations": services.citations_of_paragraph(paragraph=paragraph),
        "form": form,
        "locked": paragraph.version.is_locked,
    }
    return render(request, "contributions/citations/paragraph_citations.html", context)


@require_POST
@permission_required("contributions.cite_in_paragraph", citation_lookup)
def citation_remove(request, citation, slug, pk):
    paragraph_pk = citation.paragraph_id
    try:
        services.citation_remove(citation=citation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The source was removed."))
    return redirect("contributions:paragraph_citations", slug=slug, pk=paragraph_pk)


@permission_required("contributions.view_paragraph_sources", paragraph_lookup)
def paragraph_sources(request, paragraph, slug, pk):
    """What a paragraph of a public text rests on, for everyone."""
    citations = [c for c in services.citations_of_paragraph(paragraph=paragraph) if c.is_public]
    context = {
        "process": paragraph.version.round.process,
        "paragraph": paragraph,
        "themes": [c.theme for c in citations if c.theme_id],
        "contributions": [c.contribution for c in citations if c.contribution_id],
    }
    return render(request, "contributions/citations/paragraph_sources.html", context)
