"""Forms of the goals app. They validate what people type; the services decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from contributions.models import Contribution, Theme
from visionsprocess.forms import DateInput
from visionsprocess.models import Body

from . import selectors
from .models import (
    SDG,
    ActionPlanItem,
    ActionPlanVersion,
    BudgetFrame,
    CommitteeGoal,
    CouncilGoal,
    GoverningDocument,
    Indicator,
    Vision,
)
from .services import (
    COUNCIL_GOAL_FIELDS,
    DOCUMENT_FIELDS,
    INDICATOR_FIELDS,
    ITEM_FIELDS,
    parse_value,
)


class VisionForm(forms.ModelForm):
    class Meta:
        model = Vision
        fields = ["name", "statement", "text", "values", "valid_from", "valid_until"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5}),
            "values": forms.Textarea(attrs={"rows": 4}),
        }


class VisionBasisForm(forms.Form):
    """Which of the municipality's visions a process rests on."""

    vision = forms.ModelChoiceField(
        label=_("The vision the process rests on"),
        queryset=Vision.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_(
            "A vision of the municipality can stand above several processes and terms of "
            "office; its council goals and action plan then rest on it."
        ),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vision"].queryset = Vision.objects.filter(municipality=municipality).order_by(
            "-valid_until", "pk"
        )


class CouncilGoalForm(forms.ModelForm):
    """A council goal and the global goals it serves (a tick and a "how" note per global goal)."""

    class Meta:
        model = CouncilGoal
        fields = list(COUNCIL_GOAL_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "summary",
                "description",
                "political_will",
                "how_measured",
                "citizen_examples",
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sdgs = list(SDG.objects.order_by("number"))
        current = {}
        if self.instance.pk:
            current = {link.sdg_id: link.how for link in self.instance.sdg_links.all()}
        for sdg in self.sdgs:
            self.fields[f"sdg_{sdg.number}"] = forms.BooleanField(
                label=str(sdg), required=False, initial=sdg.pk in current
            )
            self.fields[f"sdg_{sdg.number}_how"] = forms.CharField(
                label=_("In what way (goal %(number)s)") % {"number": sdg.number},
                required=False,
                max_length=1000,
                initial=current.get(sdg.pk, ""),
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term cannot end before it starts."))
        return data

    def sdg_links(self) -> dict:
        return {
            sdg: self.cleaned_data.get(f"sdg_{sdg.number}_how", "")
            for sdg in self.sdgs
            if self.cleaned_data.get(f"sdg_{sdg.number}")
        }

    def goal_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in COUNCIL_GOAL_FIELDS}

    def sdg_field_pairs(self):
        return [(self[f"sdg_{s.number}"], self[f"sdg_{s.number}_how"]) for s in self.sdgs]


class CommitteeGoalForm(forms.ModelForm):
    council_goals = forms.ModelMultipleChoiceField(
        queryset=CouncilGoal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Council goals it serves"),
        error_messages={"required": _("A committee goal must serve at least one council goal.")},
    )

    class Meta:
        model = CommitteeGoal
        fields = ["body", "title", "description", "council_goals"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = selectors.contributing_bodies(process=process)
        self.fields["council_goals"].queryset = selectors.council_goals(
            process=process, all_terms=True
        )


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["goal", *INDICATOR_FIELDS]

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = selectors.council_goals(process=process, all_terms=True)


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]


class MeasurementEntryForm(forms.Form):
    """This year's value of one indicator (one row of the bulk entry page)."""

    value = forms.CharField(label=_("Value"), required=False, max_length=40)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=500)

    def __init__(self, *args, indicator, **kwargs):
        self.indicator = indicator
        super().__init__(*args, **kwargs)
        unit = indicator.get_unit_display()
        self.fields["value"].label = _("%(name)s (%(unit)s)") % {
            "name": indicator.name,
            "unit": unit,
        }
        self.fields["comment"].label = _("Comment on %(name)s") % {"name": indicator.name}

    def clean_value(self):
        raw = self.cleaned_data["value"]
        if not raw.strip():
            return None
        return parse_value(raw, self.indicator.unit)


class BaseMeasurementFormSet(forms.BaseFormSet):
    def __init__(self, *args, indicators, **kwargs):
        self.indicators = list(indicators)
        kwargs.setdefault("initial", [{} for _i in self.indicators])
        super().__init__(*args, **kwargs)

    def total_form_count(self):
        return len(self.indicators)

    def get_form_kwargs(self, index):
        return {"indicator": self.indicators[index]}


MeasurementFormSet = forms.formset_factory(
    MeasurementEntryForm, formset=BaseMeasurementFormSet, extra=0, max_num=500
)


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        required=False,
        help_text=_(
            "Columns: indicator (its number, Kolada id or name), year, value, comment. "
            "Semicolon or comma separated, UTF-8."
        ),
    )
    csv_text = forms.CharField(widget=forms.HiddenInput, required=False)
    overwrite = forms.BooleanField(label=_("Replace existing values"), required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > 1024 * 1024:
                raise ValidationError(_("The file is too large (at most 1 MB)."))
            raw = upload.read()
            if b"\x00" in raw[:4096]:
                raise ValidationError(_("The file is not a CSV text file."))
            try:
                data["csv_text"] = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                data["csv_text"] = raw.decode("cp1252", errors="replace")
        if not data.get("csv_text"):
            raise ValidationError(_("Choose a CSV file."))
        return data


class BudgetFrameForm(forms.ModelForm):
    goals = forms.ModelMultipleChoiceField(
        queryset=CouncilGoal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Council goals it serves"),
    )

    class Meta:
        model = BudgetFrame
        fields = ["body", "year", "amount_ksek", "goals", "note"]

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = selectors.contributing_bodies(process=process)
        self.fields["goals"].queryset = selectors.council_goals(process=process, all_terms=True)

    def validate_unique(self):
        """The service gives the readable message for a second frame in the same year."""


class GoverningDocumentForm(forms.ModelForm):
    goals = forms.ModelMultipleChoiceField(
        queryset=CouncilGoal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Council goals it implements"),
        required=False,
    )
    remove_file = forms.BooleanField(label=_("Remove the file"), required=False)
    link = forms.URLField(label=_("link"), required=False, assume_scheme="https")

    class Meta:
        model = GoverningDocument
        fields = [
            "name",
            "doc_type",
            "adopted_by",
            "adopted_on",
            "paragraph",
            "dnr",
            "responsible",
            "valid_until",
            "last_revised",
            "file",
            "link",
            "goals",
        ]
        widgets = {
            "adopted_on": DateInput(),
            "valid_until": DateInput(),
            "last_revised": DateInput(),
            "file": forms.FileInput(attrs={"accept": "application/pdf"}),
        }

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopted_by"].queryset = Body.objects.filter(
            municipality_id=process.municipality_id
        )
        self.fields["goals"].queryset = selectors.council_goals(process=process, all_terms=True)
        if not self.instance.file:
            del self.fields["remove_file"]

    def _post_clean(self):
        """Model validation happens in the service (so an upload is checked before it is kept)."""

    def document_fields(self) -> dict:
        names = DOCUMENT_FIELDS
        return {
            n: self.cleaned_data.get(n) or ("" if n in self._text_fields else None) for n in names
        }

    _text_fields = {"name", "doc_type", "paragraph", "dnr", "responsible", "link"}

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload and not hasattr(upload, "content_type"):
            data["file"] = None  # the already stored file, unchanged
        if data.get("dnr"):
            data["dnr"] = " ".join(data["dnr"].split()).upper()
        return data


class ActionPlanVersionForm(forms.ModelForm):
    class Meta:
        model = ActionPlanVersion
        fields = ["year", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        """Validated by the service."""


class ActionPlanItemForm(forms.ModelForm):
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        label=_("Themes that led to it"),
        widget=forms.CheckboxSelectMultiple,
    )
    contributions = forms.ModelMultipleChoiceField(
        queryset=Contribution.objects.none(),
        required=False,
        label=_("Contributions that led to it"),
        help_text=_("Only published contributions are shown to the public."),
    )

    class Meta:
        model = ActionPlanItem
        fields = [*ITEM_FIELDS, "themes", "contributions"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = selectors.council_goals(process=process, all_terms=True)
        self.fields["responsible"].queryset = Body.objects.filter(
            municipality_id=process.municipality_id
        )
        self.fields["themes"].queryset = Theme.objects.filter(process=process)
        self.fields["contributions"].queryset = Contribution.objects.filter(
            process=process
        ).order_by("-created")

    def _post_clean(self):
        """Validated by the service."""

    def item_fields(self) -> dict:
        return {n: self.cleaned_data.get(n) for n in ITEM_FIELDS}
