"""Forms of e-förslag: the proposal, the official's review, the committee's answer with its
decision, and the process's rules."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from visionsprocess.forms import DateInput
from visionsprocess.models import Body, DecisionOutcome

from .forms_discussion import _honeypot, _HoneypotMixin
from .forms_public import HONEYPOT_FIELD
from .models import EProposalRules, RefusalRule
from .models.discussion import DISPLAY_NAME_MAX_LENGTH
from .models.eproposals import ANSWER_MAX_LENGTH, TEXT_MAX_LENGTH, TITLE_MAX_LENGTH


def _helper(*fields):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if fields:
        helper.layout = Layout(*fields)
    return helper


class EProposalForm(_HoneypotMixin, forms.Form):
    # Lengths are checked by the service (its message names the limit); the browser stops at it.
    title = forms.CharField(
        label=_("Title"),
        required=False,  # the service says what is missing, with the other errors at once
        widget=forms.TextInput(attrs={"maxlength": TITLE_MAX_LENGTH}),
        help_text=_("A short name of your proposal, at most %(n)s characters.")
        % {"n": TITLE_MAX_LENGTH},
    )
    what = forms.CharField(
        label=_("What do you propose?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX_LENGTH}),
    )
    why = forms.CharField(
        label=_("Why?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX_LENGTH}),
    )
    display_name = forms.CharField(
        label=_("Name shown with the proposal"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        required=False,
        help_text=_("Leave empty to be anonymous. Your e-mail address is never shown."),
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        min_value=1900,
        max_value=2100,
        help_text=_("As you declare it; it is not shown."),
    )
    resident = forms.BooleanField(
        label=_("I am registered as living in the municipality"), required=False
    )
    website = _honeypot()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "title",
            "what",
            "why",
            "display_name",
            "birth_year",
            "resident",
            Div(HONEYPOT_FIELD, css_class="vp-hp", aria_hidden="true"),
        )


class ReviewForm(forms.Form):
    APPROVE, REFUSE = "approve", "refuse"
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Publish: it follows the rules")), (REFUSE, _("Refuse"))],
        widget=forms.RadioSelect,
    )
    rule = forms.ChoiceField(
        label=_("The rule it does not follow"),
        choices=[("", "–"), *RefusalRule.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note to the proposer"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.REFUSE and not cleaned.get("rule"):
            self.add_error("rule", _("Choose the rule the proposal does not follow."))
        return cleaned


class AnswerForm(forms.Form):
    """The answer and, unless the decision is already recorded, the committee's decision.
    ``bodies``: the municipality's bodies, read once for every form on the page."""

    answer = forms.CharField(
        label=_("The answer, as published"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": ANSWER_MAX_LENGTH}),
    )
    body = forms.TypedChoiceField(label=_("Body"), coerce=int, required=False, empty_value=None)
    meeting_date = forms.DateField(label=_("Meeting date"), widget=DateInput(), required=False)
    paragraph_number = forms.IntegerField(
        label=_("§"), min_value=1, max_value=100000, required=False
    )
    dnr = forms.CharField(label=_("Registration number (Dnr)"), max_length=30, required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "–"), *DecisionOutcome.choices], required=False
    )

    def __init__(self, *args, proposal, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self._bodies = {body.pk: body for body in bodies}
        self.fields["body"].choices = [
            ("", "–"),
            *((body.pk, f"{body.short_name} – {body.name}") for body in bodies),
        ]
        self.fields["body"].initial = proposal.committee_id
        if proposal.decision_id:
            for name in ("body", "meeting_date", "paragraph_number", "dnr", "outcome"):
                del self.fields[name]
        self.helper = _helper()

    def clean_body(self):
        pk = self.cleaned_data.get("body")
        return self._bodies.get(pk) if pk else None


class RulesForm(forms.ModelForm):
    class Meta:
        model = EProposalRules
        fields = ["is_open", "min_age", "residents_only", "threshold", "period_days", "committee"]

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Body.objects.filter(
            municipality_id=process.municipality_id
        )
        self.helper = _helper()
