"""Forms of focus areas (crispy forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contributions.models import Contribution, Theme
from visionsprocess.forms import DateInput

from .models import FocusArea, FocusAreaUpdate


class ContributionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        text = obj.title or obj.text
        return f"#{obj.pk} {text[:80]}{'…' if len(text) > 80 else ''}"


class FocusAreaForm(forms.ModelForm):
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        label=_("Themes it grew from"),
        widget=forms.CheckboxSelectMultiple,
    )
    contributions = ContributionChoiceField(
        queryset=Contribution.objects.none(),
        required=False,
        label=_("Contributions it grew from"),
        help_text=_(
            "Hold Ctrl (or Cmd) to choose several. Only published contributions are shown to the "
            "public; everyone who sent one in sees the focus area on their tracking page."
        ),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = FocusArea
        fields = [
            "title",
            "description",
            "responsible_name",
            "responsible_role",
            "responsible_organisation",
            "themes",
            "contributions",
            "order",
            "is_published",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(process=process).select_related(
            "parent"
        )
        self.fields["contributions"].queryset = Contribution.objects.filter(
            process=process
        ).order_by("-created")

    def _post_clean(self):
        """Validated by the service (which knows the process)."""

    def service_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name not in ("themes", "contributions")
        }


class FocusAreaUpdateForm(forms.ModelForm):
    class Meta:
        model = FocusAreaUpdate
        fields = ["date", "status", "text"]
        widgets = {"date": DateInput(), "text": forms.Textarea(attrs={"rows": 5})}

    def _post_clean(self):
        """Validated by the service."""
