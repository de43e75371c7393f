"""A municipality's administrator sets its look: the colours of the site and the PDFs (checked
for contrast, ``visionsprocess/colours.py``), the documents' typeface and their footer text
(``visionsprocess/document_style.py``). The page ``/staff/kommun/utseende/``: form, service and
view in one small module."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import changes
from .forms import add_service_errors
from .models import Municipality
from .permissions import permission_required
from .tenancy import request_municipality

STYLE_FIELDS = ("primary_colour", "accent_colour", "document_typeface", "document_footer")


class MunicipalityStyleForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = STYLE_FIELDS
        help_texts = {
            "primary_colour": gettext_lazy(
                "The header and buttons, with white text on it; headings in the PDFs "
                "(contrast at least 4.5:1). As #RRGGBB, e.g. #00558c."
            ),
        }
        widgets = {
            "primary_colour": forms.TextInput(attrs={"maxlength": 7, "autocomplete": "off"}),
            "accent_colour": forms.TextInput(attrs={"maxlength": 7, "autocomplete": "off"}),
            "document_typeface": forms.RadioSelect,
        }


@transaction.atomic
def municipality_style_save(
    *,
    municipality: Municipality,
    primary_colour: str,
    accent_colour: str,
    document_typeface: str,
    document_footer: str = "",
) -> Municipality:
    """Save the municipality's colours, typeface and footer; refused with a readable message
    when a colour is too light (``Municipality.clean``)."""
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    municipality.primary_colour = (primary_colour or "").strip().lower()
    municipality.accent_colour = (accent_colour or "").strip().lower()
    municipality.document_typeface = document_typeface
    municipality.document_footer = " ".join((document_footer or "").split())
    municipality.full_clean()
    municipality.save(update_fields=[*STYLE_FIELDS, "modified"])
    changes.record(municipality=municipality)
    return municipality


@permission_required("visionsprocess.change_municipality_style", request_municipality)
def municipality_style(request, municipality):
    form = MunicipalityStyleForm(
        request.POST or None,
        instance=Municipality(**{field: getattr(municipality, field) for field in STYLE_FIELDS}),
    )
    if request.method == "POST" and form.is_valid():
        try:
            municipality_style_save(
                municipality=municipality,
                **{field: form.cleaned_data[field] for field in STYLE_FIELDS},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Saved. New PDFs are made in the new style; earlier ones keep theirs."),
            )
            return redirect("staff:municipality_style")
    return render(
        request,
        "visionsprocess/staff/municipality_style.html",
        {"form": form, "municipality": municipality},
    )
