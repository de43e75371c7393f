"""Forms of the officials' side (rendered with crispy forms, Bootstrap 5)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from visionsprocess.forms import DateInput
from visionsprocess.models import AgeBand, District

from .models import Channel, ContributionKind, ModerationAction, Theme
from .services.recording import RECORD_KINDS


def _helper(label, form_tag=True):
    helper = FormHelper()
    helper.form_tag = form_tag
    if form_tag:
        helper.add_input(Submit("submit", label))
    return helper


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "parent", "description", "examples", "keywords", "order"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "examples": forms.Textarea(attrs={"rows": 4}),
            "keywords": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Theme.objects.filter(process=process, parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].required = False
        self.fields["parent"].empty_label = _("– none (a main theme) –")
        self.helper = _helper(_("Save theme"))


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (ModerationAction.PUBLISHED, _("Publish on the web")),
            (ModerationAction.KEPT_INTERNAL, _("Keep internal")),
            (ModerationAction.HIDDEN, _("Withdraw from the web")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when withdrawing from the web. Kept with the record."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save moderation"))


class FeedbackForm(forms.Form):
    text = forms.CharField(
        label=_("Public feedback"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the public; senders who left an e-mail address are told."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Publish feedback"))


class BulkAction:
    PUBLISH = ModerationAction.PUBLISHED
    KEEP_INTERNAL = ModerationAction.KEPT_INTERNAL
    HIDE = ModerationAction.HIDDEN
    TAG = "tag"
    UNTAG = "untag"
    MODERATION = (PUBLISH, KEEP_INTERNAL, HIDE)


class BulkActionForm(forms.Form):
    """One action on the ticked contributions or on every contribution the filter matches."""

    action = forms.ChoiceField(
        label=_("Action"),
        error_messages={"required": _("Choose what to do with the contributions.")},
        choices=[
            (BulkAction.PUBLISH, _("Publish on the web")),
            (BulkAction.KEEP_INTERNAL, _("Keep internal")),
            (BulkAction.HIDE, _("Withdraw from the web")),
            (BulkAction.TAG, _("Add theme")),
            (BulkAction.UNTAG, _("Remove theme")),
        ],
    )
    theme = forms.TypedChoiceField(coerce=int, label=_("Theme"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)
    scope = forms.ChoiceField(
        label=_("Which contributions"),
        choices=[("selected", _("The selected")), ("all", _("All that match the filter"))],
        initial="selected",
        required=False,
    )
    ids = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], label=_("Contributions"), required=False
    )
    filter = forms.CharField(required=False, max_length=4000)
    confirm_count = forms.IntegerField(required=False, min_value=0)

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "")] + [(t.pk, str(t)) for t in themes]
        ids = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        self.fields["ids"].choices = [(i, i) for i in ids if str(i).isdigit()]
        # The older tagging form sent "operation" (add/remove) instead of an action.
        if hasattr(self.data, "get") and not self.data.get("action") and self.data.get("operation"):
            data = self.data.copy()
            data["action"] = BulkAction.TAG if data["operation"] == "add" else BulkAction.UNTAG
            self.data = data

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action in (BulkAction.TAG, BulkAction.UNTAG) and not cleaned.get("theme"):
            self.add_error("theme", _("Choose a theme."))
        if action == BulkAction.HIDE and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason for withdrawing it from the web."))
        cleaned["scope"] = cleaned.get("scope") or "selected"
        if cleaned["scope"] == "selected" and not cleaned.get("ids"):
            self.add_error(None, _("Select at least one contribution."))
        return cleaned


class ThemeToggleForm(forms.Form):
    """Add or remove one theme on one contribution (the contribution's own page)."""

    theme = forms.TypedChoiceField(coerce=int, label=_("Theme"))
    operation = forms.ChoiceField(choices=[("add", _("Add")), ("remove", _("Remove"))])

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [(t.pk, str(t)) for t in themes]


class ChildrenFlagsForm(forms.Form):
    shows_children = forms.BooleanField(label=_("Shows children"), required=False)
    guardian_consent = forms.BooleanField(
        label=_("The guardians have consented to publishing"), required=False
    )


class StatementsForm(forms.Form):
    text = forms.CharField(
        label=_("Statements, one per line"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=100_000,
        help_text=_(
            "Each non-empty line becomes one statement linked to the meeting. They start as new "
            "and are moderated and tagged like any contribution."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save statements"))


class PopulationForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200)

    def __init__(self, *args, districts, initial_age=None, initial_district=None, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in AgeBand.choices:
            self.fields[f"age_{value}"] = forms.IntegerField(
                label=_("Age %(band)s") % {"band": label},
                min_value=0,
                required=False,
                initial=(initial_age or {}).get(value),
            )
        for district in districts:
            self.fields[f"district_{district.pk}"] = forms.IntegerField(
                label=_("District %(name)s") % {"name": district.name},
                min_value=0,
                required=False,
                initial=(initial_district or {}).get(district.pk),
            )
        self.districts = districts
        self.helper = _helper(_("Save population figures"))

    def by_age_band(self):
        return {value: self.cleaned_data.get(f"age_{value}") for value in AgeBand.values}

    def by_district(self):
        return {d.pk: self.cleaned_data.get(f"district_{d.pk}") for d in self.districts}


class RecordForm(forms.Form):
    """One interview, paper form, visit ... at a time; the fields that stay the same from one to
    the next (channel, kind, date, place) are kept after each save."""

    STICKY = ("channel", "kind", "recorded_on", "recorded_place", "district")

    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.recorded())
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k, ContributionKind(k).label) for k in RECORD_KINDS],
        initial=ContributionKind.IDEA,
    )
    recorded_on = forms.DateField(label=_("Collected on"), widget=DateInput(), required=False)
    recorded_place = forms.CharField(
        label=_("Where"),
        max_length=200,
        required=False,
        help_text=_("For example “Kramfors library” or “Year 8, Gudmundråskolan”."),
    )
    title = forms.CharField(label=_("Heading (optional)"), max_length=200, required=False)
    text = forms.CharField(
        label=_("What was said or written"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    people = forms.IntegerField(
        label=_("Number of people behind it"), min_value=1, max_value=100_000, initial=1
    )
    age_bands = forms.MultipleChoiceField(
        label=_("Their age bands"),
        choices=AgeBand.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("Not given"),
    )
    pseudonym = forms.CharField(
        label=_("Name or pseudonym (optional)"), max_length=100, required=False
    )
    consent_to_publish = forms.BooleanField(
        label=_("The respondent agrees that it is published on the web"), required=False
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(
            municipality_id=process.municipality_id
        )

    def sticky_initial(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.STICKY}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or Excel)"),
        help_text=_(
            "The first row names the columns: Text (required), Kanal, Typ, Datum, Plats, "
            "Antal personer, Åldersgrupp, Kommundel, Samtycke (ja/nej), Rubrik, Namn."
        ),
    )
    channel = forms.ChoiceField(
        label=_("Channel of rows without one"),
        choices=[("", _("– each row names its own –")), *Channel.recorded()],
        required=False,
    )


class PxWebForm(forms.Form):
    municipality_code = forms.RegexField(
        label=_("Municipality code"),
        regex=r"^\d{4}$",
        max_length=4,
        error_messages={"invalid": _("The municipality code is four digits, e.g. 2282.")},
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=1968,
        max_value=2200,
        help_text=_("SCB publishes the population on 31 December each year, in the spring after."),
    )
