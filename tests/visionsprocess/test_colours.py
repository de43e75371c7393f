"""A municipality's colours are checked for WCAG AA contrast against white, as the pages and
PDFs use them: the primary colour under white text (4.5:1), the accent for lines on white (3:1);
in the model, the operator's admin page and ``manage.py municipality_create``."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from tests.factories import UserFactory
from visionsprocess.colours import colour_errors, contrast_ratio, relative_luminance
from visionsprocess.models import Municipality

TOO_LIGHT_ACCENT = "#f0b400"  # amber: 1.9:1 on white


def test_contrast_ratios_are_wcags():
    assert contrast_ratio("#000000") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff") == pytest.approx(1.0)
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)  # the lightest AA grey
    assert contrast_ratio("#777777") < 4.5
    assert contrast_ratio(TOO_LIGHT_ACCENT) == pytest.approx(1.87, abs=0.01)


@pytest.mark.parametrize(
    ("primary", "accent", "fields"),
    [
        ("#00558c", "#b37d00", set()),
        ("#00558c", TOO_LIGHT_ACCENT, {"accent_colour"}),
        ("#f0f0f0", "#b37d00", {"primary_colour"}),
        ("#f0f0f0", "#ffff00", {"primary_colour", "accent_colour"}),
        ("#949494", "#949494", {"primary_colour"}),  # 3.0:1: lines yes, text no
    ],
)
def test_each_colour_is_held_to_its_use(primary, accent, fields):
    assert set(colour_errors(primary=primary, accent=accent)) == fields


def test_the_defaults_pass():
    field = Municipality._meta.get_field
    assert not colour_errors(
        primary=field("primary_colour").default, accent=field("accent_colour").default
    )


@pytest.mark.django_db
def test_a_too_light_accent_is_refused_with_the_ratio_in_swedish_and_english():
    municipality = Municipality(name="Vansbro kommun", code="2021", accent_colour=TOO_LIGHT_ACCENT)
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        municipality.full_clean()
    assert (
        "1,9:1" in error.value.message_dict["accent_colour"][0]
        or "1.9:1" in (error.value.message_dict["accent_colour"][0])
    )
    assert "minst 3:1" in error.value.message_dict["accent_colour"][0]
    with translation.override("en"), pytest.raises(ValidationError) as error:
        municipality.full_clean()
    assert "at least 3:1" in error.value.message_dict["accent_colour"][0]


@pytest.mark.django_db
def test_the_command_refuses_a_too_light_accent_and_creates_nothing():
    with pytest.raises(CommandError, match="minst 3:1"):
        call_command(
            "municipality_create",
            "--name=Vansbro kommun",
            "--code=2021",
            "--host=dialog.vansbro.se",
            f"--accent-colour={TOO_LIGHT_ACCENT}",
        )
    assert not Municipality.objects.filter(code="2021").exists()


@pytest.mark.django_db
def test_the_admin_page_shows_the_message_at_the_accent_field():
    operator = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(operator)
    response = client.post(
        "/admin/visionsprocess/municipality/add/",
        {
            "name": "Vansbro kommun",
            "code": "2021",
            "primary_colour": "#1f5f3a",
            "accent_colour": TOO_LIGHT_ACCENT,
            "document_typeface": "source-sans-3",
            "host_names-TOTAL_FORMS": "0",
            "host_names-INITIAL_FORMS": "0",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["accent_colour"] and "3:1" in errors["accent_colour"][0]
    assert not Municipality.objects.filter(code="2021").exists()
