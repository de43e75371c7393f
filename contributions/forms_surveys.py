"""Forms of web surveys: the officials' builder (crispy forms), and reading a page of answers.

A page of answers is not a Django form: its questions are rows the official made, and every
question is rendered as a fieldset of its own (``survey_question.html``) so that each radio
button, checkbox and ranking place has its own label. ``page_data`` reads the posted values;
the service checks them (``answers_clean``), so the rules live in one place.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import QuestionKind, Survey, SurveyQuestion


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "intro", "opens_at", "closes_at"]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
        }

    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
        self.helper = FormHelper()
        self.helper.form_id = "survey-form"
        self.helper.add_input(Submit("submit", submit_label or _("Save")))

    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The survey must close after it opens."))
        return cleaned


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)
    label = forms.CharField(label=_("Question"), max_length=300)
    help_text = forms.CharField(
        label=_("Help text"),
        max_length=500,
        required=False,
        help_text=_("Optional: an explanation shown under the question."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    page = forms.IntegerField(
        label=_("Page"),
        min_value=1,
        max_value=50,
        initial=1,
        help_text=_("Questions with the same page number are shown together."),
    )
    order = forms.IntegerField(
        label=_("Order on the page"),
        min_value=0,
        max_value=999,
        required=False,
        help_text=_("Empty: last on its page."),
    )
    options = forms.CharField(
        label=_("Options, one per line"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "For single choice, multiple choice and ranking. Once people have answered, "
            "options can be corrected and new ones added last, but not removed or reordered."
        ),
    )
    scale_min = forms.TypedChoiceField(
        label=_("Scale from"),
        choices=[(0, "0"), (1, "1")],
        coerce=int,
        initial=1,
        required=False,
    )
    scale_max = forms.TypedChoiceField(
        label=_("Scale to"),
        choices=[(n, str(n)) for n in range(2, 11)],
        coerce=int,
        initial=5,
        required=False,
    )
    scale_min_label = forms.CharField(
        label=_("Label of the lowest value"),
        max_length=60,
        required=False,
        help_text=_("For example “Not at all satisfied”."),
    )
    scale_max_label = forms.CharField(
        label=_("Label of the highest value"),
        max_length=60,
        required=False,
        help_text=_("For example “Very satisfied”."),
    )

    def __init__(self, *args, question: SurveyQuestion | None = None, **kwargs):
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": question.kind,
                "label": question.label,
                "help_text": question.help_text,
                "required": question.required,
                "page": question.page,
                "order": question.order,
                "options": "\n".join(o.label for o in question.options.all()),
                "scale_min": question.scale_min if question.scale_min is not None else 1,
                "scale_max": question.scale_max if question.scale_max is not None else 5,
                "scale_min_label": question.scale_min_label,
                "scale_max_label": question.scale_max_label,
            }
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template's form (its action differs: add or edit)
        self.helper.layout = Layout(
            Field("kind", data_question_kind="1"),
            "label",
            "help_text",
            "required",
            Div("page", "order", css_class="vp-inline-fields"),
            Div("options", css_class="vp-kind-options", data_kinds="single multiple ranking"),
            Fieldset(
                _("Scale"),
                Div("scale_min", "scale_max", css_class="vp-inline-fields"),
                "scale_min_label",
                "scale_max_label",
                css_class="vp-kind-options",
                data_kinds="scale",
            ),
        )
        self.helper.add_input(Submit("submit", _("Save question")))

    def option_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("options", "").splitlines()]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "label": data["label"],
            "help_text": data.get("help_text", ""),
            "required": data.get("required", False),
            "page": data["page"],
            "order": data.get("order"),
            "options": self.option_list(),
            "scale_min": data.get("scale_min") if data.get("scale_min") != "" else None,
            "scale_max": data.get("scale_max") if data.get("scale_max") != "" else None,
            "scale_min_label": data.get("scale_min_label", ""),
            "scale_max_label": data.get("scale_max_label", ""),
        }


class ConfirmForm(forms.Form):
    """The results toggle: publish or withdraw."""

    public = forms.BooleanField(required=False)


def page_data(questions, page: int, post) -> dict:
    """The posted answers to the questions on ``page``, as the service reads them."""
    data = {}
    for question in questions:
        if question.page != page:
            continue
        name = question.field_name
        if question.kind == QuestionKind.MULTIPLE_CHOICE:
            data[name] = [v[:20] for v in post.getlist(name)][:100]
        elif question.kind == QuestionKind.RANKING:
            data[name] = {
                str(option.pk): post.get(f"{name}_{option.pk}", "")[:5]
                for option in question.options.all()
            }
        else:
            data[name] = post.get(name, "")
    return data
