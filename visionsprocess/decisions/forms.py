"""The clerk's form for a decision on any matter other than the text's adoption path."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import DateInput
from ..models import Body, Decision, DecisionOutcome
from ..registry import decision_matters


class DecisionCreateForm(forms.Form):
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
        self.fields["body"].label_from_instance = lambda body: f"{body.short_name} – {body.name}"
        matters = [matter for matter in decision_matters if matter.key != "draft_version"]
        self.fields["matter"].choices = [(matter.key, matter.label) for matter in matters]
        # The targets grouped by their matter, and each matter's own: an action plan's decision
        # cannot be about a vision or a council goal.
        self.targets_of: dict[str, set[str]] = {}
        groups = []
        for matter in matters:
            if matter.targets:
                own = [(str(key), label) for key, label in matter.targets(process)]
                self.targets_of[matter.key] = {key for key, _label in own}
                if own:
                    groups.append((matter.label, own))
        self.fields["target"].choices = [("", "–"), *groups]
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


__all__ = ["DecisionCreateForm", "Decision"]
