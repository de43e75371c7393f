from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from ..forms import DateInput
from ..models import (
    MATTER_DRAFT_VERSION,
    Body,
    Comment,
    ConsultationAnswer,
    Decision,
    DraftingRound,
    Paragraph,
    ParagraphKind,
    Position,
)
from ..registry import decision_matters


class RoundForm(forms.ModelForm):
    participants = forms.ModelMultipleChoiceField(
        label=_("Participants"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = DraftingRound
        fields = ["name", "starts_on", "ends_on", "participants"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.process = process
        self.fields["participants"].queryset = (
            get_user_model()
            .objects.filter(
                process_roles__process=process, process_roles__role__in=["politician", "official"]
            )
            .distinct()
            .order_by("first_name", "last_name")
        )
        self.fields["participants"].label_from_instance = lambda user: user.public_name


class ParagraphForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ParagraphKind.choices)
    short_title = forms.CharField(label=_("Short title"), max_length=120, required=False)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}))
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SplitForm(forms.Form):
    first_text = forms.CharField(
        label=_("First part (keeps the comments and the place in comparisons)"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    second_text = forms.CharField(
        label=_("Second part (a new paragraph after the first)"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)


class ChangeNoteForm(forms.Form):
    change_note = forms.CharField(
        label=_("Change note"),
        max_length=500,
        required=False,
        help_text=_("What changed in this version, in a sentence or two."),
    )


class NewVersionForm(ChangeNoteForm):
    pass


class CommentForm(forms.ModelForm):
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Comment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label=_("Older version"), coerce=int)
    b = forms.TypedChoiceField(label=_("Newer version"), coerce=int)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.number, f"{v} – {v.get_state_display()}") for v in versions]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("a") is not None and data.get("a") == data.get("b"):
            raise forms.ValidationError(
                _(
                    "Both sides are version %(number)s: a version compared with itself shows "
                    "nothing. Choose two different versions."
                ),
                code="same_version",
                params={"number": data["a"]},
            )
        return data


class ConsultationForm(forms.Form):
    deadline = forms.DateField(label=_("Last day to answer"), widget=DateInput())
    bodies = forms.ModelMultipleChoiceField(
        label=_("Consultation bodies"),
        queryset=Body.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisations = forms.CharField(
        label=_("Other organisations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Companies and others that are not in the association register, one per line. "
            "Associations in the register are invited from the page of answers once the "
            "consultation has been sent."
        ),
    )
    introduction = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bodies"].queryset = Body.objects.filter(municipality=process.municipality)


class AnswerForm(forms.ModelForm):
    """Anyone's answer to a consultation: with an account, or with a name (or organisation) and
    an e-mail address confirmed by link, or anonymously where the process allows it."""

    paragraph = forms.ModelChoiceField(
        label=_("The answer is about"),
        queryset=Paragraph.objects.none(),
        required=False,
        empty_label=_("The whole text"),
    )
    # A field people never see: a bot that fills it in is answered as if all went well.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    class Meta:
        model = ConsultationAnswer
        fields = ["paragraph", "respondent_name", "organisation", "email", "text", "attachment"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "attachment": _("Optional. PDF, Word (DOCX), ODT, PNG or JPEG, at most 10 MB."),
            "organisation": _("If you answer for a committee, an association or a company."),
        }

    def __init__(self, *args, consultation, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paragraph"].queryset = consultation.version.paragraphs.order_by("order")
        self.fields["paragraph"].label_from_instance = lambda p: (
            f"{p.order}. {p.short_title or p.text[:60]}"
        )
        anonymous_allowed = consultation.process.allow_anonymous_contributions
        self.fields["respondent_name"].required = False
        self.fields["respondent_name"].help_text = (
            _(
                "Or the name of the organisation below. You may leave both empty to answer anonymously."
            )
            if anonymous_allowed
            else _("Or the name of the organisation below.")
        )
        self.fields["text"].widget.attrs["maxlength"] = 20000
        if getattr(user, "is_authenticated", False):
            # The account's address is used; nothing to confirm.
            del self.fields["email"]
        else:
            self.fields["email"].help_text = (
                _(
                    "We send a link to confirm your answer, and tell you when the summary is "
                    "published. Never shown to others. Optional if you answer anonymously."
                )
                if anonymous_allowed
                else _(
                    "We send a link to confirm your answer, and tell you when the summary is "
                    "published. Never shown to others."
                )
            )
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            *[name for name in self.fields if name != "website"],
            Div("website", css_class="vp-hp", aria_hidden="true"),
        )

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class SummaryForm(forms.Form):
    """The remissammanställning's editor: an introduction, and per row what the answers said,
    the position and its reason (fields named ``<row key>-grouped`` and so on)."""

    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How the consultation went: who was asked, how many answered."),
    )

    def __init__(self, *args, rows, summary=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        if summary is not None and not self.is_bound:
            self.initial["introduction"] = summary.introduction
        for row in rows:
            prefix = row.key
            self.fields[f"{prefix}-grouped"] = forms.CharField(
                label=_("What the answers said"),
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
            self.fields[f"{prefix}-position"] = forms.ChoiceField(
                label=_("The municipality's position"),
                required=False,
                choices=[("", _("Not decided yet")), *Position.choices],
            )
            self.fields[f"{prefix}-reason"] = forms.CharField(
                label=_("Reason"),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            if row.item is not None and not self.is_bound:
                self.initial[f"{prefix}-grouped"] = row.item.grouped
                self.initial[f"{prefix}-position"] = row.item.position
                self.initial[f"{prefix}-reason"] = row.item.reason
            row.fields = [self[f"{prefix}-{name}"] for name in ("grouped", "position", "reason")]

    def items(self) -> dict[str, dict]:
        return {
            row.key: {
                name: self.cleaned_data.get(f"{row.key}-{name}", "")
                for name in ("grouped", "position", "reason")
            }
            for row in self.rows
        }


class AnswerMarkForm(forms.Form):
    taken_into_account = forms.BooleanField(label=_("Taken into account"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AdoptionPathForm(forms.Form):
    steps = forms.CharField(
        label=_("Bodies in order"),
        max_length=500,
        help_text=_(
            'The short names in the order they decide, for example "KSAU, KS, KF". Bodies that '
            'handle the text at the same time are joined with "+": "BUN + SON + KFN, KS, KF".'
        ),
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.process = process

    def clean_steps(self):
        text = self.cleaned_data["steps"].replace("→", ",")
        groups = [
            [name.strip() for name in part.split("+") if name.strip()] for part in text.split(",")
        ]
        groups = [group for group in groups if group]
        bodies = {
            body.short_name.upper(): body
            for body in Body.objects.filter(municipality=self.process.municipality)
        }
        unknown = [name for group in groups for name in group if name.upper() not in bodies]
        if unknown:
            raise forms.ValidationError(
                _("Unknown bodies: %(names)s.") % {"names": ", ".join(unknown)}
            )
        return [[bodies[name.upper()] for name in group] for group in groups]


class DecisionForm(forms.ModelForm):
    minutes_url = forms.URLField(
        label=_("Link to the minutes extract"), required=False, assume_scheme="https"
    )
    matter = forms.ChoiceField(
        label=_("What was decided"),
        required=False,
        help_text=_("Leave it as the text unless the text drafted here is e.g. the programme."),
    )

    class Meta:
        model = Decision
        fields = [
            "matter",
            "body",
            "meeting_date",
            "paragraph_number",
            "dnr",
            "outcome",
            "subject",
            "minutes_url",
            "minutes_file",
        ]
        widgets = {"meeting_date": DateInput()}

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(municipality=process.municipality)
        self.fields["body"].label_from_instance = lambda body: f"{body.short_name} – {body.name}"
        self.fields["matter"].choices = [
            (matter.key, matter.label) for matter in decision_matters if matter.on_version
        ]
        # Every decision of a council or board has its § and its Dnr.
        self.fields["paragraph_number"].required = True
        self.fields["dnr"].required = True
        self.fields["subject"].required = False

    def clean_matter(self):
        return self.cleaned_data.get("matter") or MATTER_DRAFT_VERSION

    def _post_clean(self):
        # The service validates the decision as a whole (path order, lock, unique §).
        pass
