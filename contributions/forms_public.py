"""Forms of the citizens' side: one form per kind of contribution, and the wall's filters."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visionsprocess.models import AgeBand, District

from .models import ContributionKind, GroupKind, MediaKind, Theme
from .services.submission import COMMON_FIELDS, KIND_FIELDS, MAX_FILES
from .uploads import ALLOWED_TYPES, allowed_types_text, check_total, check_upload

#: The name of the honeypot field: hidden from people (and screen readers), filled by bots.
HONEYPOT_FIELD = "website"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files; each is checked by its content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        uploads = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        cleaned, errors = [], []
        for upload in uploads:
            if not upload:
                continue
            try:
                upload = single(upload, initial)
                check_upload(upload)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                cleaned.append(upload)
        if errors:
            raise ValidationError(errors)
        if len(cleaned) > MAX_FILES:
            raise ValidationError(
                _("You can send at most %(count)s files with one contribution.")
                % {"count": MAX_FILES}
            )
        if cleaned:
            check_total(cleaned)
        return cleaned


class ContributionForm(forms.Form):
    """The fields every kind shares: text, media, optional facts about the sender, consent."""

    kind: str = ""

    text = forms.CharField(
        label=_("Your text"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    files = MultipleFileField(
        label=_("Pictures, drawings, PDF or film"),
        required=False,
    )
    media_description = forms.CharField(
        label=_("What do the pictures or films show?"),
        help_text=_("A short description for people who cannot see them."),
        max_length=300,
        required=False,
    )
    shows_children = forms.BooleanField(
        label=_("One or more of the pictures or films show children"), required=False
    )
    guardian_consent = forms.BooleanField(
        label=_(
            "The children's guardians agree that the pictures and films are published on the web"
        ),
        required=False,
    )
    pseudonym = forms.CharField(
        label=_("Name or pseudonym"),
        help_text=_("Shown with your contribution. Leave empty to be anonymous."),
        max_length=100,
        required=False,
    )
    district = forms.ModelChoiceField(
        label=_("Where in the municipality do you live?"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("I would rather not say"),
    )
    age_band = forms.ChoiceField(
        label=_("Your age"),
        choices=[("", _("I would rather not say")), *AgeBand.choices],
        required=False,
    )
    email = forms.EmailField(
        label=_("E-mail for feedback"),
        help_text=_(
            "If you want a link to follow your contribution and to hear what became of it. "
            "Never shown to others."
        ),
        required=False,
    )
    consent_to_publish = forms.BooleanField(
        label=_("Publish my contribution on the municipality's website"),
        help_text=_(
            "If you leave this box empty, your contribution is still received, read, grouped "
            "into themes and counted like all the others – it is just never shown on the "
            "website. Good to know: everything sent to the municipality becomes a public record "
            "(allmän handling) when it arrives. Anyone may ask to read it, and the municipality "
            "then checks whether anything in it is confidential before handing it out. Your "
            "e-mail address is never published."
        ),
        required=False,
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.process = process
        self.fields["district"].queryset = District.objects.filter(
            municipality_id=process.municipality_id
        )
        if not self.fields["district"].queryset.exists():
            del self.fields["district"]
        limit = filesizeformat(settings.UPLOAD_MAX_FILE_BYTES)
        total = filesizeformat(settings.UPLOAD_MAX_TOTAL_BYTES)
        self.fields["files"].help_text = _(
            "You can choose several files: %(types)s. At most %(limit)s per file and %(total)s "
            "in all. Location data is removed from photos."
        ) % {"types": allowed_types_text(), "limit": limit, "total": total}
        self.fields["files"].widget.attrs.update(
            {
                "accept": ",".join(ALLOWED_TYPES),
                "data-max-file": settings.UPLOAD_MAX_FILE_BYTES,
                "data-max-total": settings.UPLOAD_MAX_TOTAL_BYTES,
                "data-msg-file": _("too large"),
                "data-msg-total": _("The files are too large together."),
            }
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(self.kind_legend(), *self.kind_field_names(), "text"),
            Fieldset(
                _("Pictures, drawings and films (optional)"),
                "files",
                "media_description",
                "shows_children",
                "guardian_consent",
            ),
            Fieldset(
                _("About you (optional)"),
                "pseudonym",
                *(["district"] if "district" in self.fields else []),
                "age_band",
                "email",
            ),
            Fieldset(_("Publishing"), "consent_to_publish"),
            Div(HONEYPOT_FIELD, css_class="vp-hp", aria_hidden="true"),
        )

    def kind_legend(self):
        return ContributionKind(self.kind).label

    def kind_field_names(self) -> list[str]:
        return list(KIND_FIELDS[self.kind])

    @property
    def is_spam(self) -> bool:
        """A filled honeypot: a bot. The view discards the submission without a word."""
        return bool(self.data.get(HONEYPOT_FIELD))

    def clean(self):
        cleaned = super().clean()
        files = cleaned.get("files") or []
        if (
            cleaned.get("shows_children")
            and files
            and not cleaned.get("guardian_consent")
            and any(self._can_show_children(upload) for upload in files)
        ):
            self.add_error(
                "guardian_consent",
                _("Pictures and films that show children need the consent of their guardians."),
            )
        return cleaned

    @staticmethod
    def _can_show_children(upload) -> bool:
        mime = check_upload(upload)
        return ALLOWED_TYPES[mime][1] in (MediaKind.IMAGE, MediaKind.VIDEO)

    def contribution_data(self) -> dict:
        names = [*COMMON_FIELDS, *KIND_FIELDS[self.kind]]
        data = {name: self.cleaned_data.get(name) for name in names if name in self.fields}
        for name, value in list(data.items()):
            if value is None and name not in ("district", "kit", "letter_year", "group_size"):
                data[name] = ""
        data["group_age_bands"] = data.get("group_age_bands") or []
        if self.kind != ContributionKind.GROUP_REPORT:
            data.pop("group_age_bands")
        return data


class IdeaForm(ContributionForm):
    kind = ContributionKind.IDEA

    title = forms.CharField(label=_("Your idea in a few words"), max_length=200)

    field_order = ["title", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Tell us more about your idea")


class LetterForm(ContributionForm):
    kind = ContributionKind.LETTER

    letter_year = forms.IntegerField(label=_("The year you write from"), max_value=2200)
    greeting = forms.CharField(label=_("Greeting"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        process = self.process
        this_year = timezone.localdate().year
        self.fields["letter_year"].initial = process.horizon_year
        self.fields["letter_year"].widget.attrs["min"] = this_year
        self.fields["letter_year"].validators.append(
            MinValueValidator(this_year, _("Write from a year in the future."))
        )
        place = process.municipality.name
        self.fields["greeting"].widget.attrs["placeholder"] = _(
            "Hello from %(place)s %(year)s!"
        ) % {"place": place, "year": process.horizon_year}
        self.fields["text"].label = _("Your letter")
        self.fields["text"].help_text = _(
            "Imagine it is %(year)s. Write about what the municipality is like, as if it "
            "had already happened."
        ) % {"year": process.horizon_year}


class GroupReportForm(ContributionForm):
    kind = ContributionKind.GROUP_REPORT

    group_kind = forms.ChoiceField(label=_("Kind of group"), choices=GroupKind.choices)
    group_name = forms.CharField(
        label=_("The group's name"),
        help_text=_('For example "Förskolan Solrosen, avdelning Blåklockan".'),
        max_length=200,
    )
    group_size = forms.IntegerField(label=_("How many took part?"), min_value=1, max_value=100000)
    group_age_bands = forms.MultipleChoiceField(
        label=_("Ages in the group"),
        choices=AgeBand.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    kit = forms.ModelChoiceField(
        label=_("Conversation kit you used"),
        queryset=None,
        required=False,
        empty_label=_("None, or I don't know"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from dialog.models import ConversationKit

        self.fields["kit"].queryset = ConversationKit.objects.filter(
            process=self.process, is_published=True
        )
        self.fields["text"].label = _("What did the group talk about?")


FORMS = {form.kind: form for form in (IdeaForm, LetterForm, GroupReportForm)}
#: Readable URL parts for the kinds (Swedish paths).
KIND_SLUGS = {
    "ide": ContributionKind.IDEA,
    "brev": ContributionKind.LETTER,
    "grupprapport": ContributionKind.GROUP_REPORT,
}
SLUG_OF_KIND = {kind: slug for slug, kind in KIND_SLUGS.items()}


class WallFilter(django_filters.FilterSet):
    """Filters of the public wall: words (the Swedish search of the inbox), kind and theme (a
    main theme includes its sub-themes)."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=[(kind.value, kind.label) for kind in ContributionKind],
        empty_label=_("All kinds"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.none(),
        method="filter_theme",
        empty_label=_("All themes"),
    )

    ordning = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=[("stod", _("Most support")), ("diskuterade", _("Most discussed"))],
        empty_label=_("Newest first"),
        method="filter_order",
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["theme"].queryset = Theme.objects.filter(process=process).select_related(
            "parent"
        )

    def filter_search(self, queryset, name, value):
        from .selectors.staff import search_filter

        return search_filter(queryset, value)

    def filter_order(self, queryset, name, value):
        """ "Mest stöd" and "Mest diskuterade": the counters kept on the contribution, newest
        first among equals (an index per order, see ``Contribution.Meta``)."""
        field = {"stod": "-support_count", "diskuterade": "-comment_count"}.get(value)
        return queryset.order_by(field, "-created", "-pk") if field else queryset

    def filter_theme(self, queryset, name, value):
        if not value:
            return queryset
        theme_ids = [value.pk, *value.children.values_list("pk", flat=True)]
        return queryset.filter(taggings__theme_id__in=theme_ids).distinct()
