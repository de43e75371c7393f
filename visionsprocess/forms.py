from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import Role, Stage, Visibility, VisionProcess
from .process_templates import COPY, TEMPLATES, template_choices
from .registry import stage_openings
from .services import (
    MAX_STAGES,
    PROCESS_EDITABLE_FIELDS,
    STAGE_FIELDS,
    STAGE_PLAN_FIELDS,
    suggest_slug,
    validate_slug,
)


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
        fields = list(PROCESS_EDITABLE_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in ("purpose", "can_influence", "cannot_influence", "feedback_how")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["current_stage"]
        # Only the process's own stages; another process's stage id is "not one of the choices".
        field.queryset = Stage.objects.filter(process=self.instance).order_by("position")
        field.required = True
        field.empty_label = None
        field.error_messages["invalid_choice"] = _("Choose one of the process's stages.")


class StageDatesForm(forms.ModelForm):
    """One stage's planned dates in the process's timetable (a formset on the edit page)."""

    class Meta:
        model = Stage
        fields = list(STAGE_PLAN_FIELDS)
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "feedback_due": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.legend = self.instance.name if self.instance.pk else ""

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return cleaned


class BaseStageDatesFormSet(forms.BaseModelFormSet):
    """Only the process's stages can be edited: an id of another process's stage (or of one
    removed meanwhile) is a form error, and no stage can be added through the formset."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Django checks a posted id against every stage; only this process's stages are valid.
        form.fields["id"].queryset = self.get_queryset()
        form.fields["id"].error_messages["invalid_choice"] = _(
            "This stage is not part of the process (it may have been removed). Reload the page."
        )


StageDatesFormSet = forms.modelformset_factory(
    Stage,
    form=StageDatesForm,
    formset=BaseStageDatesFormSet,
    extra=0,
    can_delete=False,
    edit_only=True,
    max_num=MAX_STAGES,
    absolute_max=MAX_STAGES,
    validate_max=True,
)


class StageForm(forms.ModelForm):
    """A stage as an administrator defines it: names, descriptions, dates and what it opens."""

    opens = forms.MultipleChoiceField(
        label=_("What the stage opens"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Input is received only while the stage is the current one. Activities say what "
            "belongs to the stage; new meetings are placed in a stage with meetings."
        ),
    )

    class Meta:
        model = Stage
        fields = list(STAGE_FIELDS)
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description_sv": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opens"].choices = [
            (
                _("Input received"),
                [(opening.key, opening.label) for opening in stage_openings.inputs()],
            ),
            (
                _("Activities of the stage"),
                [(opening.key, opening.label) for opening in stage_openings.activities()],
            ),
        ]
        self.fields["name_sv"].error_messages["required"] = _("Give the stage a name in Swedish.")

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return cleaned

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _field_label(name: str):
    """The label of a field of the process model (one translation for the same word)."""
    return capfirst(VisionProcess._meta.get_field(name).verbose_name)


class ProcessCreateForm(forms.Form):
    """ "Ny process": a template (or a copy of an earlier process's structure), title, address."""

    template = forms.ChoiceField(
        label=_("Start from"), widget=forms.RadioSelect, initial="vision", choices=()
    )
    source = forms.ModelChoiceField(
        label=_("Process to copy"),
        queryset=VisionProcess.objects.none(),
        required=False,
        help_text=_("Its stages, themes and conversation kits are copied – not its input."),
    )
    title = forms.CharField(
        label=_field_label("title"), max_length=200, help_text=_('For example "Vision 2040".')
    )
    slug = forms.CharField(
        label=_("Address"),
        max_length=80,
        required=False,
        help_text=_(
            "The last part of the process's web address, as vision-2040 in /process/vision-2040/. "
            "Small letters a–z, digits and hyphens. Filled in from the title."
        ),
    )
    horizon_year = forms.IntegerField(
        label=_field_label("horizon_year"),
        min_value=2000,
        max_value=2200,
        help_text=_("The year the vision looks towards."),
    )
    summary = forms.CharField(
        label=_field_label("summary"),
        max_length=300,
        required=False,
        help_text=_("One or two sentences for lists."),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        required=False,
        choices=(),
        help_text=_("The work-group template is internal, the others public, unless you choose."),
    )

    def __init__(self, *args, user, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality  # addresses are unique per municipality
        self.fields["template"].choices = [
            *template_choices(),
            (COPY, _("Copy an earlier process")),
        ]
        self.fields["source"].queryset = (
            VisionProcess.objects.for_member(user).select_related("municipality").order_by("title")
        )
        self.fields["visibility"].choices = [
            ("", _("As the template or copied process has it")),
            *Visibility.choices,
        ]
        self.fields["slug"].widget.attrs.update(
            {"data-slug-from": "id_title", "autocapitalize": "none", "spellcheck": "false"}
        )
        self.fields["template"].widget.attrs["class"] = "form-check-input"

    def template_options(self):
        """The template radios, each with its description and where it comes from."""
        about = {key: (t.description, t.source) for key, t in TEMPLATES.items()}
        about[COPY] = (
            _("The stages, themes and conversation kits of a process you choose below."),
            "",
        )
        return [(radio, *about[str(radio.data["value"])]) for radio in self["template"]]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("template") == COPY and not cleaned.get("source"):
            self.add_error("source", _("Choose the process to copy."))
        if "slug" in cleaned and not self.has_error("slug") and cleaned.get("title"):
            if cleaned["slug"]:
                self._check_slug(cleaned["slug"])
            else:
                # The server's suggestion: made from the title, free; shown if the form returns.
                cleaned["slug"] = suggest_slug(cleaned["title"], municipality=self.municipality)
                self.data = self.data.copy()
                self.data[self.add_prefix("slug")] = cleaned["slug"]
        return cleaned

    def clean_slug(self):
        slug = self.cleaned_data["slug"].strip().lower()
        if slug:
            try:
                validate_slug(slug, taken_check=False)
            except ValidationError as error:
                raise ValidationError(error.error_dict["slug"]) from None
        return slug

    def _check_slug(self, slug):
        try:
            validate_slug(slug, municipality=self.municipality)
        except ValidationError as error:
            add_service_errors(self, error)

    def service_data(self) -> dict:
        data = {
            name: self.cleaned_data[name]
            for name in ("title", "slug", "horizon_year", "summary", "visibility")
        }
        if self.cleaned_data["template"] == COPY:
            data["source"] = self.cleaned_data["source"]
        else:
            data["template"] = self.cleaned_data["template"]
        return data


class RoleGrantForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the account"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class RetentionSettingsForm(forms.Form):
    """A process's retention rule and the day it was closed (the gallring page)."""

    retention_rule = forms.ModelChoiceField(
        label=_("Retention rule"),
        queryset=None,
        required=False,
        empty_label=_("No rule chosen"),
        help_text=_("The line of the municipality's records-management plan that applies."),
    )
    closed_on = forms.DateField(
        label=_("Closed on"),
        required=False,
        widget=DateInput(),
        help_text=_("The day the process was closed; the retention period runs from it."),
    )

    def __init__(self, *args, process, **kwargs):
        from .models import RetentionRule

        super().__init__(*args, **kwargs)
        self.fields["retention_rule"].queryset = RetentionRule.objects.filter(
            municipality=process.municipality
        )
