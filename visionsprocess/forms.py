from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Role, Stage, StageKind, VisionProcess


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form: errors about a field of the form on that
    field, the rest (and an error without fields) on the form as a whole. Codes are kept."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProcessForm(forms.ModelForm):
    class Meta:
        model = VisionProcess
        fields = [
            "title",
            "summary",
            "description",
            "horizon_year",
            "visibility",
            "current_stage",
            "allow_anonymous_contributions",
            "case_dnr",
            "classification_code",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class ProcessCreateForm(forms.ModelForm):
    class Meta:
        model = VisionProcess
        fields = ["title", "slug", "horizon_year", "summary", "visibility", "current_stage"]


class StageForm(forms.ModelForm):
    class Meta:
        model = Stage
        fields = ["starts_on", "ends_on", "description"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = StageKind(self.instance.kind)
        self.legend = kind.label
        self.fields["description"].widget.attrs["placeholder"] = kind.purpose

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return cleaned


StageFormSet = forms.modelformset_factory(Stage, form=StageForm, extra=0, can_delete=False)


class RoleGrantForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the account"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
