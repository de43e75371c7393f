from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

#: Hidden from people (and screen readers), filled in by bots.
HONEYPOT_FIELD = "website"


class FollowForm(forms.Form):
    """Follow something: an e-mail address, or (signed in) just the button."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_(
            "We send you a link to confirm first. Never shown to anyone, never used for "
            "anything else."
        ),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["email"]
        else:
            self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            *(["email"] if "email" in self.fields else []),
            Div(HONEYPOT_FIELD, css_class="vp-hp", aria_hidden="true"),
        )

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))
