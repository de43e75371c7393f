"""The inbox's filters (django-filter). Choices come from lists loaded once per page, so that
validating a filter never costs a query."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from visionsprocess.models import AgeBand

from .models import (
    Channel,
    Contribution,
    ContributionKind,
    ContributionTheme,
    FeedbackState,
    ModerationState,
)
from .selectors.staff import has_media_exists, search_filter

SORTS = [
    ("-created", _("Newest first")),
    ("created", _("Oldest first")),
    ("kind", _("Kind")),
    ("moderation_state", _("Moderation")),
    ("district", _("District")),
]
PAGE_SIZES = (25, 50, 100)

# The filter fields a change can name, kept in a module of their own so that services and the
# analysis can name them without importing the filters (see ``inbox_fields``).
from .inbox_fields import (  # noqa: E402
    COUNTED_FIELDS,
    FEEDBACK_STATE,
    KIND,
    MODERATION_STATE,
    SUGGESTED,
    THEME,
)

__all__ = [
    "COUNTED_FIELDS",
    "FEEDBACK_STATE",
    "KIND",
    "MODERATION_STATE",
    "SUGGESTED",
    "THEME",
    "InboxFilter",
]


class InboxFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ContributionKind.choices)
    stage = django_filters.ChoiceFilter(label=_("Stage"), field_name="stage_id")
    theme = django_filters.ChoiceFilter(label=_("Theme"), method="filter_theme")
    suggested = django_filters.ChoiceFilter(label=_("Suggested theme"), method="filter_suggested")
    district = django_filters.ChoiceFilter(label=_("District"), field_name="district_id")
    age_band = django_filters.ChoiceFilter(label=_("Age band"), choices=AgeBand.choices)
    moderation_state = django_filters.ChoiceFilter(
        label=_("Moderation"), choices=ModerationState.choices
    )
    feedback_state = django_filters.ChoiceFilter(label=_("Feedback"), choices=FeedbackState.choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    origin = django_filters.ChoiceFilter(
        label=_("Meeting or conversation kit"), method="filter_origin"
    )
    has_media = django_filters.ChoiceFilter(
        label=_("Media"),
        choices=[("yes", _("With media")), ("no", _("Without media"))],
        method="filter_media",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort"), choices=SORTS, method="filter_sort", empty_label=None
    )

    class Meta:
        model = Contribution
        fields: list = []

    broad_search = False

    def __init__(self, data=None, *args, themes=(), choices=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        choices = choices or {}
        self.filters["theme"].extra["choices"] = [("none", _("Without theme"))] + [
            (str(t.pk), str(t)) for t in themes
        ]
        self.filters["suggested"].extra["choices"] = [(str(t.pk), str(t)) for t in themes]
        self.filters["district"].extra["choices"] = choices.get("district", [])
        self.filters["stage"].extra["choices"] = choices.get("stage", [])
        self.filters["origin"].extra["choices"] = choices.get("origin", [])

    @property
    def form(self):
        # Rendered by hand in the template (crispy costs ~10 ms per field on a busy page).
        if not hasattr(self, "_form"):
            form = super().form
            form.fields["q"].widget = forms.TextInput(attrs={"type": "search"})
            for field in form.fields.values():
                css = "form-control" if isinstance(field.widget, forms.TextInput) else "form-select"
                field.widget.attrs["class"] = css
        return self._form

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by("-created", "-pk")
        return queryset

    def broad_search_queryset(self):
        """The filtered queryset again, with the search written for a broad match (see
        ``search_filter``); the form is already validated, so this costs no second FilterSet."""
        self.broad_search = True
        try:
            return self.filter_queryset(self.queryset.all())
        finally:
            self.broad_search = False

    def filter_search(self, queryset, name, value):
        return search_filter(queryset, value, broad=self.broad_search)

    def filter_theme(self, queryset, name, value):
        taggings = ContributionTheme.objects.filter(contribution=OuterRef("pk"))
        if value == "none":
            return queryset.filter(~Exists(taggings))
        return queryset.filter(Exists(taggings.filter(theme_id=value)))

    def filter_suggested(self, queryset, name, value):
        """Contributions the last training suggested this theme for and that do not have it."""
        from .analysis.suggestions import stored_q_for_theme

        return queryset.filter(stored_q_for_theme(value))

    def filter_origin(self, queryset, name, value):
        kind, pk = value[:1], value[1:]
        if kind == "m":
            return queryset.filter(meeting_id=pk)
        if kind == "k":
            return queryset.filter(kit_id=pk)
        return queryset

    def filter_media(self, queryset, name, value):
        exists = has_media_exists()
        return queryset.filter(exists if value == "yes" else ~exists)

    def filter_sort(self, queryset, name, value):
        if value == "district":
            return queryset.order_by("district__order", "district__name", "-created", "-pk")
        return queryset.order_by(value, "-pk")
