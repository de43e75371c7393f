"""Forms of the discussion: a comment or reply, taking part with an e-mail address, a report of
a comment, and the officials' moderation queue and choice of moderation."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from .forms_public import HONEYPOT_FIELD
from .models import COMMENT_MAX_LENGTH, CommentModeration, DiscussionSettings, ReportReason
from .models.discussion import DISPLAY_NAME_MAX_LENGTH
from .personal_data import personal_data_found


class _HoneypotMixin:
    @property
    def is_spam(self) -> bool:
        """A filled honeypot: a bot. The view answers as if all went well and keeps nothing."""
        return bool(self.data.get(HONEYPOT_FIELD))


def _honeypot():
    return forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class CommentForm(_HoneypotMixin, forms.Form):
    """A comment, or a reply (``parent``). A personnummer or a phone number in the text brings the
    form back with a warning and a box to tick to post anyway."""

    # The length is checked by the service (its message names the limit and the length); the
    # browser stops at the limit already.
    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH}),
        help_text=_(
            "At most %(limit)s characters. Links become clickable once an official has approved "
            "the comment. Everything you write here is public."
        )
        % {"limit": COMMENT_MAX_LENGTH},
    )
    display_name = forms.CharField(
        label=_("Name or pseudonym"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        required=False,
        help_text=_("Shown with your comment. Your e-mail address is never shown."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    personal_data_ok = forms.BooleanField(
        label=_("Post anyway: I know the number will be public"), required=False
    )
    official_answer = forms.BooleanField(
        label=_("Answer as the municipality (shown as “Kommunens svar”)"), required=False
    )
    website = _honeypot()

    def __init__(self, *args, can_answer: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_answer:
            del self.fields["official_answer"]
        self.warned = False
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        names = ["text", "display_name", "parent"]
        if "official_answer" in self.fields:
            names.append("official_answer")
        self.helper.layout = Layout(
            *names, Div(HONEYPOT_FIELD, css_class="vp-hp", aria_hidden="true")
        )

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("text") or ""
        if text and personal_data_found(text) and not cleaned.get("personal_data_ok"):
            self.warned = True
            self.add_error(
                "text",
                forms.ValidationError(
                    _(
                        "Your comment seems to hold a personal identity number or a phone "
                        "number. Everything here is public: remove it, or tick the box to post "
                        "anyway."
                    ),
                    code="personal_data",
                ),
            )
        return cleaned

    def add_error(self, field, error):
        super().add_error(field, error)
        if any(
            getattr(e, "code", None) == "personal_data"
            for e in self.errors.as_data().get("text", [])
        ):
            self.warned = True
            # The box appears with the warning (and only then), below the text.
            self.helper.layout = Layout(
                "text",
                "personal_data_ok",
                "display_name",
                "parent",
                *(["official_answer"] if "official_answer" in self.fields else []),
                Div(HONEYPOT_FIELD, css_class="vp-hp", aria_hidden="true"),
            )


class ParticipantForm(_HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send a link to confirm it. It is never shown to others."),
    )
    display_name = forms.CharField(
        label=_("Name or pseudonym"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        required=False,
        help_text=_("Shown with your comments. Leave empty to be anonymous."),
    )
    website = _honeypot()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "email", "display_name", Div(HONEYPOT_FIELD, css_class="vp-hp", aria_hidden="true")
        )


class CommentReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=ReportReason.choices, required=False
    )


class DiscussionSettingsForm(forms.ModelForm):
    class Meta:
        model = DiscussionSettings
        fields = ["comment_moderation"]
        widgets = {"comment_moderation": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment_moderation"].choices = CommentModeration.choices
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class IdListField(forms.Field):
    """Ticked rows: a list of ids (the service keeps to the process's own)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        try:
            return sorted({int(v) for v in (value or []) if str(v).strip()})[:1000]
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Tick rows from the list.")) from None


class QueueAction(forms.Form):
    APPROVE, HIDE, RESTORE, DISMISS = "approve", "hide", "restore", "dismiss"

    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (APPROVE, _("Approve (publish)")),
            (HIDE, _("Hide with a reason")),
            (RESTORE, _("Show again")),
            (DISMISS, _("Dismiss the reports")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason for hiding"),
        max_length=2000,
        required=False,
        help_text=_("Kept with each hidden comment and shown to no one outside the municipality."),
    )
    comments = IdListField(required=False)
    contributions = IdListField(required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("comments") and not cleaned.get("contributions"):
            raise forms.ValidationError(_("Tick at least one comment or contribution."))
        if cleaned.get("action") == self.HIDE and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason for hiding it."))
        return cleaned
