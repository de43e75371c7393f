"""The clerk's forms: a decision on a matter other than the text's adoption path, a planned step
of a matter's decision path, a recipient of its distribution list, and its memo."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import DateInput
from ..models import Body, Decision, DecisionOutcome, DecisionProposal
from ..registry import decision_matters


def _matter_choices(process, *, with_text: bool):
    """The matters, and the targets grouped by their matter (an action plan's decision cannot be
    about a vision or a council goal), with each matter's own target keys."""
    matters = [m for m in decision_matters if with_text or m.key != "draft_version"]
    groups, targets_of = [], {}
    for matter in matters:
        if matter.targets:
            own = [(str(key), label) for key, label in matter.targets(process)]
            targets_of[matter.key] = {key for key, _label in own}
            if own:
                groups.append((matter.label, own))
    return [(m.key, m.label) for m in matters], [("", "–"), *groups], targets_of


def _body_label(body):
    return f"{body.short_name} – {body.name}"


class MatterFormMixin:
    """The "what is decided" and "about" fields, offered for ``process``."""

    with_text = True

    def _set_matters(self, process):
        matters, targets, self.targets_of = _matter_choices(process, with_text=self.with_text)
        self.fields["matter"].choices = matters
        self.fields["target"].choices = targets


class DecisionCreateForm(MatterFormMixin, forms.Form):
    with_text = False
    matter = forms.ChoiceField(label=_("What was decided"))
    target = forms.ChoiceField(
        label=_("About"), required=False, help_text=_("Which of them the decision is about.")
    )
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    meeting_date = forms.DateField(label=_("Meeting date"), widget=DateInput())
    paragraph_number = forms.IntegerField(label=_("§"), min_value=1, max_value=100000)
    dnr = forms.CharField(
        label=_("Registration number (Dnr)"),
        max_length=30,
        help_text=_('For example "KS 2019/160".'),
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DecisionOutcome.choices)
    subject = forms.CharField(
        label=_("Decision"),
        max_length=300,
        required=False,
        help_text=_("In one sentence, as in the minutes. Leave empty for the usual wording."),
    )
    minutes_url = forms.URLField(
        label=_("Link to the minutes extract"), required=False, assume_scheme="https"
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(municipality=process.municipality)
        self.fields["body"].label_from_instance = _body_label
        self._set_matters(process)
        self.fields["dnr"].initial = process.case_dnr

    def clean(self):
        data = super().clean()
        matter, target = data.get("matter"), data.get("target")
        if matter and target and target not in self.targets_of.get(matter, set()):
            self.add_error(
                "target",
                _("Choose one that the decision can be about: %(matter)s.")
                % {"matter": dict(self.fields["matter"].choices).get(matter, matter)},
            )
        return data


class PlannedStepForm(MatterFormMixin, forms.Form):
    prefix = "plan"
    matter = forms.ChoiceField(label=_("What is to be decided"))
    target = forms.ChoiceField(label=_("About"), required=False)
    step = forms.IntegerField(
        label=_("Step"),
        min_value=1,
        max_value=30,
        help_text=_("1 for the first body to handle it. Bodies at the same step work in parallel."),
    )
    bodies = forms.ModelMultipleChoiceField(
        label=_("Body or bodies"),
        queryset=Body.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    planned_date = forms.DateField(label=_("Planned meeting date"), widget=DateInput())
    note = forms.CharField(
        label=_("What is to be handled"),
        max_length=200,
        required=False,
        help_text=_('For example "ramar och upplägg" or "färdigt utkast".'),
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bodies"].queryset = Body.objects.filter(municipality=process.municipality)
        self.fields["bodies"].label_from_instance = _body_label
        self._set_matters(process)


class DistributionEntryForm(MatterFormMixin, forms.Form):
    prefix = "dist"
    matter = forms.ChoiceField(label=_("Decisions on"))
    target = forms.ChoiceField(label=_("About"), required=False)
    name = forms.CharField(
        label=_("Recipient"),
        max_length=150,
        required=False,
        help_text=_('For example "Samtliga nämnder". Leave empty to use the body\'s name.'),
    )
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none(), required=False)
    email = forms.EmailField(
        label=_("Functional e-mail address"),
        required=False,
        help_text=_(
            "A shared address of the recipient, never a person's. Without one the decision is "
            "recorded as sent by hand."
        ),
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(municipality=process.municipality)
        self.fields["body"].label_from_instance = _body_label
        self._set_matters(process)


class DecisionProposalForm(forms.ModelForm):
    class Meta:
        model = DecisionProposal
        fields = [
            "title",
            "dnr",
            "office",
            "addressee",
            "written_on",
            "proposal",
            "summary",
            "background",
            "handler",
            "manager",
        ]
        widgets = {
            "written_on": DateInput(),
            "proposal": forms.Textarea(attrs={"rows": 4}),
            "summary": forms.Textarea(attrs={"rows": 10}),
            "background": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = Body.objects.filter(municipality=process.municipality)
        self.fields["addressee"].label_from_instance = _body_label
        self.fields["summary"].help_text = _("Leave a blank line between paragraphs.")


__all__ = [
    "DecisionCreateForm",
    "PlannedStepForm",
    "DistributionEntryForm",
    "DecisionProposalForm",
    "Decision",
]
