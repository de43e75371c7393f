"""Forms of the dialog app (rendered with crispy forms)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from visionsprocess.forms import DateInput
from visionsprocess.models import AgeBand

from .models import (
    ConversationKit,
    Meeting,
    MeetingKind,
    Organisation,
    OrganisationCategory,
    TargetGroup,
)
from .openings import MEETINGS

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We send the confirmation and a reminder here. It is never shown publicly."),
    )
    organisation_name = forms.CharField(
        label=_("Organisation (optional)"), max_length=200, required=False
    )
    needs = forms.CharField(
        label=_("Needs (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example interpretation, hearing loop, food allergies."),
    )


class MeetingForm(forms.ModelForm):
    online_link = forms.URLField(
        label=capfirst(_("link to the digital room")),
        required=False,
        assume_scheme="https",
        help_text=_("Shown only to those who have registered."),
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "kind",
            "format",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "address",
            "online_link",
            "target_groups",
            "capacity",
            "registration_deadline",
            "accessibility",
            "responsible",
            "stage",
        ]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "registration_deadline": DATETIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
            "target_groups": forms.CheckboxSelectMultiple,
            "responsible": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_groups"].queryset = TargetGroup.objects.filter(
            municipality_id=process.municipality_id
        )
        self.fields["responsible"].queryset = (
            get_user_model()
            .objects.filter(
                process_roles__process=process, process_roles__role__in=["official", "admin"]
            )
            .distinct()
            .order_by("first_name", "last_name")
        )
        for name in ("starts_at", "ends_at", "registration_deadline"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        # The process's own stages; left empty, a new meeting goes where meetings belong.
        stage = self.fields["stage"]
        stage.queryset = process.stages.order_by("position")
        stage.required = False
        stage.empty_label = _("The stage meetings belong to")
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("stage", process.stage_for(MEETINGS))

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        if cleaned.get("kind") == MeetingKind.INTERNAL:
            cleaned["target_groups"] = TargetGroup.objects.none()
        return cleaned


class MeetingRecordForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["minutes", "main_points", "participant_count"]
        widgets = {
            "minutes": forms.Textarea(attrs={"rows": 10}),
            "main_points": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {"main_points": _("One point per line.")}


class AgeCountForm(forms.Form):
    def __init__(self, *args, initial_counts=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_counts = initial_counts or {}
        for value, label in AgeBand.choices:
            self.fields[f"band_{value}"] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=100000,
                required=False,
                initial=initial_counts.get(value),
            )

    def counts(self) -> dict[str, int | None]:
        return {value: self.cleaned_data.get(f"band_{value}") for value in AgeBand.values}


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "category",
            "contact_person",
            "email",
            "phone",
            "district",
            "target_groups",
            "wants_invitations",
            "is_listed_publicly",
            "public_contact",
            "listing_consent_on",
        ]
        widgets = {
            "target_groups": forms.CheckboxSelectMultiple,
            "listing_consent_on": DateInput(),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["district"].queryset = municipality.districts.all()
        self.fields["target_groups"].queryset = municipality.target_groups.all()

    def validate_unique(self):
        """The service checks uniqueness of the normalised name and says so on the field."""


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "First row: column names. Columns: Namn, Kategori, Kontaktperson, E-post, Telefon, "
            "Kommundel, Vill ha inbjudningar (ja/nej)."
        ),
    )


class InvitationForm(forms.Form):
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Invite the organisations of these target groups"),
        queryset=TargetGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Invite these organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_groups"].queryset = municipality.target_groups.all()
        self.fields["organisations"].queryset = Organisation.objects.for_municipality(
            municipality
        ).inviteable()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("target_groups") and not cleaned.get("organisations"):
            raise forms.ValidationError(_("Choose at least one target group or organisation."))
        return cleaned

    def chosen(self):
        organisations = set(self.cleaned_data.get("organisations") or [])
        groups = self.cleaned_data.get("target_groups")
        if groups:
            organisations |= set(
                Organisation.objects.filter(target_groups__in=groups).inviteable().distinct()
            )
        return organisations


class RegisterOrganisationField(forms.ModelMultipleChoiceField):
    """Organisations of the register; those that cannot be reached by e-mail say so."""

    def label_from_instance(self, obj):
        if obj.email and obj.wants_invitations:
            return obj.name
        return _("%(name)s (no e-mail, reach them another way)") % {"name": obj.name}


class ConsultationBodiesForm(forms.Form):
    """Choose consultation bodies from the association register: by target group, by category or
    one by one. Organisations already named for this consultation are not offered again."""

    target_groups = forms.ModelMultipleChoiceField(
        label=_("All organisations of these target groups"),
        queryset=TargetGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    categories = forms.MultipleChoiceField(
        label=_("All organisations of these categories"),
        choices=OrganisationCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisations = RegisterOrganisationField(
        label=_("These organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = consultation.process.municipality
        self._available = Organisation.objects.for_municipality(municipality).exclude(
            consultation_invitations__consultation=consultation
        )
        self.fields["target_groups"].queryset = municipality.target_groups.all()
        self.fields["organisations"].queryset = self._available.order_by("name")

    def clean(self):
        cleaned = super().clean()
        if not (
            cleaned.get("target_groups")
            or cleaned.get("categories")
            or cleaned.get("organisations")
        ):
            raise forms.ValidationError(
                _("Choose at least one target group, category or organisation.")
            )
        return cleaned

    def chosen(self) -> list[Organisation]:
        data = self.cleaned_data
        wanted = Q(pk__in=[o.pk for o in data.get("organisations") or []])
        if data.get("target_groups"):
            wanted |= Q(target_groups__in=data["target_groups"])
        if data.get("categories"):
            wanted |= Q(category__in=data["categories"])
        return list(self._available.filter(wanted).distinct().order_by("name"))


class KitForm(forms.ModelForm):
    class Meta:
        model = ConversationKit
        fields = [
            "title",
            "slug",
            "introduction",
            "questions",
            "leader_instructions",
            "printable",
            "is_published",
        ]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "questions": forms.Textarea(attrs={"rows": 6}),
            "leader_instructions": forms.Textarea(attrs={"rows": 4}),
            "printable": forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        }

    def validate_unique(self):
        """The service reports a clash of addresses on the slug field."""
