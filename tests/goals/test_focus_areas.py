"""Focus areas with a named responsible: what they hold, their public status updates, and where
they show – the process page, the tracking page of the contributions they grew from, the process
overview PDF."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from goals.focus_areas import services
from goals.models import FocusArea, FocusAreaStatus
from tests.contributions.factories import (
    ContributionFactory,
    ContributionThemeFactory,
    ThemeFactory,
)
from tests.factories import ProcessFactory, ProcessRoleFactory
from tests.goals.focus_area_factories import FocusAreaFactory, FocusAreaUpdateFactory
from visionsprocess.documents.kinds import _overview_context, _overview_version
from visionsprocess.models import Role, Visibility

pytestmark = pytest.mark.django_db


def track_url(contribution):
    return reverse("contributions:track", args=[contribution.tracking_token])


# --- Services -----------------------------------------------------------------------------------


def test_a_focus_area_can_have_an_organisation_outside_the_municipality_as_responsible():
    process = ProcessFactory()
    focus_area = services.focus_area_save(
        process=process,
        data={
            "title": "Turismsamverkan",
            "responsible_organisation": "Visit Södra Dalarna",
            "description": "Möten mellan turismaktörer och Vansbrosimningen.",
        },
    )
    assert focus_area.responsible == "Visit Södra Dalarna"
    assert focus_area.status == FocusAreaStatus.NOT_STARTED


def test_a_focus_area_needs_someone_responsible():
    with pytest.raises(ValidationError) as error:
        services.focus_area_save(process=ProcessFactory(), data={"title": "Omvärldsanalys"})
    assert "Ange" in " ".join(error.value.messages) or "Name" in " ".join(error.value.messages)
    assert not FocusArea.objects.exists()


def test_themes_and_contributions_must_be_of_the_same_process():
    process, other = ProcessFactory(), ProcessFactory()
    data = {"title": "Medborgardialog", "responsible_name": "Mikael Granath"}
    with pytest.raises(ValidationError):
        services.focus_area_save(process=process, data=data, themes=[ThemeFactory(process=other)])
    with pytest.raises(ValidationError):
        services.focus_area_save(
            process=process, data=data, contributions=[ContributionFactory(process=other)]
        )
    assert not FocusArea.objects.exists()


def test_two_focus_areas_of_a_process_cannot_share_a_title():
    focus_area = FocusAreaFactory(title="Kultursamverkan")
    with pytest.raises(ValidationError) as error:
        services.focus_area_save(
            process=focus_area.process,
            data={"title": "Kultursamverkan", "responsible_name": "Monica Danielsson"},
        )
    assert "title" in error.value.message_dict


def test_fields_that_are_not_editable_are_refused():
    focus_area = FocusAreaFactory()
    with pytest.raises(ValidationError):
        services.focus_area_save(
            process=focus_area.process, data={"process_id": 1}, focus_area=focus_area
        )


def test_the_latest_update_gives_the_status():
    focus_area = FocusAreaFactory()
    services.focus_area_update_add(
        focus_area=focus_area,
        status="ongoing",
        text="Arbetsplanen är klar.",
        date=dt.date(2014, 12, 4),
    )
    services.focus_area_update_add(
        focus_area=focus_area,
        status="done",
        text="Tillämpas i alla skolor.",
        date=dt.date(2015, 2, 2),
    )
    assert FocusArea.objects.get().status == FocusAreaStatus.DONE


@pytest.mark.parametrize(
    ("status", "text", "date"),
    [
        ("almost", "Text", None),
        ("ongoing", "   ", None),
        ("ongoing", "Text", timezone.localdate() + dt.timedelta(days=3)),
    ],
)
def test_a_bad_status_update_is_refused_and_nothing_is_saved(status, text, date):
    focus_area = FocusAreaFactory()
    with pytest.raises(ValidationError):
        services.focus_area_update_add(focus_area=focus_area, status=status, text=text, date=date)
    assert not focus_area.updates.exists()


# --- Public pages --------------------------------------------------------------------------------


def test_process_page_shows_the_focus_areas_with_their_responsible(client):
    focus_area = FocusAreaFactory(title="Samverkan skola–lokalsamhälle")
    FocusAreaUpdateFactory(focus_area=focus_area, text="Arbetsplanen tillämpas i alla skolor.")
    FocusAreaFactory(process=focus_area.process, title="Hemligt område", is_published=False)
    html = client.get(focus_area.process.get_absolute_url()).content.decode()
    assert "Fokusområden" in html and "Samverkan skola–lokalsamhälle" in html
    assert "Sandra Persson" in html and "Smedbergsskolan" in html
    assert "Arbetsplanen tillämpas i alla skolor." in html
    assert "Hemligt område" not in html


def test_process_page_without_focus_areas_has_no_such_section(client):
    process = ProcessFactory()
    assert "Fokusområden" not in client.get(process.get_absolute_url()).content.decode()


def test_focus_area_page_shows_updates_newest_first_and_only_published_origins(client):
    focus_area = FocusAreaFactory()
    FocusAreaUpdateFactory(focus_area=focus_area, date=dt.date(2014, 12, 4), text="Första.")
    FocusAreaUpdateFactory(focus_area=focus_area, date=dt.date(2015, 2, 2), text="Andra.")
    shown = ContributionFactory(
        process=focus_area.process,
        moderation_state="published",
        title="Fler praktikplatser",
    )
    hidden = ContributionFactory(process=focus_area.process, title="Ej publicerad")
    focus_area.contributions.set([shown, hidden])
    html = client.get(focus_area.get_absolute_url()).content.decode()
    assert html.index("Andra.") < html.index("Första.")
    assert "Fler praktikplatser" in html and "Ej publicerad" not in html


def test_unpublished_focus_area_is_404_for_the_public_and_open_to_members(client):
    focus_area = FocusAreaFactory(is_published=False)
    assert client.get(focus_area.get_absolute_url()).status_code == 404
    client.force_login(ProcessRoleFactory(process=focus_area.process, role=Role.POLITICIAN).user)
    assert client.get(focus_area.get_absolute_url()).status_code == 200


def test_text_is_escaped_everywhere(client):
    focus_area = FocusAreaFactory(
        title='<script>alert("x")</script>',
        responsible_name="<b>Fet</b>",
    )
    FocusAreaUpdateFactory(focus_area=focus_area, text="<img src=x onerror=alert(1)>")
    for url in (focus_area.get_absolute_url(), focus_area.process.get_absolute_url()):
        html = client.get(url).content.decode()
        assert '<script>alert("x")</script>' not in html and "<b>Fet</b>" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;" in html


def test_internal_process_focus_areas_are_not_public(client):
    focus_area = FocusAreaFactory(process=ProcessFactory(visibility=Visibility.INTERNAL))
    response = client.get(focus_area.get_absolute_url())
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


# --- The tracking chain ----------------------------------------------------------------------------


def test_a_focus_area_update_reaches_the_tracking_page_of_a_contribution_it_grew_from(client):
    contribution = ContributionFactory(moderation_state="published")
    focus_area = FocusAreaFactory(process=contribution.process, title="Kompetensförsörjning")
    focus_area.contributions.add(contribution)
    services.focus_area_update_add(
        focus_area=focus_area,
        status="ongoing",
        text="Två fritidshusägarträffar med cirka 180 deltagare.",
        date=dt.date(2015, 3, 1),
    )
    html = client.get(track_url(contribution)).content.decode()
    assert 'id="tracking-focus-areas"' in html
    assert "Kompetensförsörjning" in html and "Sandra Persson" in html
    assert "Två fritidshusägarträffar med cirka 180 deltagare." in html
    services.focus_area_update_add(
        focus_area=focus_area, status="done", text="Webbplatsen för jobb och boende är klar."
    )
    html = client.get(track_url(contribution)).content.decode()
    assert "Webbplatsen för jobb och boende är klar." in html and "Klart" in html


def test_a_focus_area_that_grew_from_a_theme_reaches_the_contributions_of_that_theme(client):
    tagging = ContributionThemeFactory()
    contribution, theme = tagging.contribution, tagging.theme
    theme.process = contribution.process
    theme.save()
    focus_area = FocusAreaFactory(process=contribution.process, title="Kultursamverkan")
    focus_area.themes.add(theme)
    html = client.get(track_url(contribution)).content.decode()
    assert "Kultursamverkan" in html


def test_unpublished_or_unrelated_focus_areas_stay_off_the_tracking_page(client):
    contribution = ContributionFactory()
    hidden = FocusAreaFactory(process=contribution.process, is_published=False, title="Dolt")
    hidden.contributions.add(contribution)
    FocusAreaFactory(process=contribution.process, title="Annat område")
    html = client.get(track_url(contribution)).content.decode()
    assert 'id="tracking-focus-areas"' not in html
    assert "Dolt" not in html and "Annat område" not in html


# --- The process overview PDF -----------------------------------------------------------------------


def test_process_overview_pdf_lists_the_focus_areas_and_renders_again_after_an_update():
    focus_area = FocusAreaFactory(title="Omvärldsanalys", responsible_name="Catarina Willman")
    process = focus_area.process
    context = _overview_context(process)
    html = "".join(context["parts"])
    assert "Fokusområden" in html and "Omvärldsanalys" in html and "Catarina Willman" in html
    before = _overview_version(process)
    services.focus_area_update_add(
        focus_area=focus_area, status="ongoing", text="Modellen är klar."
    )
    assert _overview_version(process) != before


# --- Staff pages ------------------------------------------------------------------------------------


def test_official_creates_a_focus_area_and_writes_an_update_through_the_pages(client):
    process = ProcessFactory()
    client.force_login(ProcessRoleFactory(process=process, role=Role.OFFICIAL).user)
    theme = ThemeFactory(process=process, name="Jobb och kompetens")
    contribution = ContributionFactory(process=process)
    response = client.post(
        reverse("goals:focus_area_create", args=[process.slug]),
        {
            "title": "Samverkan skola–lokalsamhälle",
            "responsible_name": "Sandra Persson",
            "responsible_role": "studie- och yrkesvägledare",
            "responsible_organisation": "Smedbergsskolan",
            "themes": [theme.pk],
            "contributions": [contribution.pk],
            "order": 0,
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    focus_area = FocusArea.objects.get()
    assert list(focus_area.themes.all()) == [theme]
    url = reverse("goals:focus_area_update_create", args=[process.slug, focus_area.pk])
    response = client.post(url, {"date": "2015-02-02", "status": "done", "text": "Klart!"})
    assert response.status_code == 302
    assert focus_area.updates.get().text == "Klart!"
    staff = client.get(reverse("goals:focus_areas_staff", args=[process.slug])).content.decode()
    assert "Samverkan skola–lokalsamhälle" in staff and "Klart" in staff


def test_form_without_a_responsible_gives_a_swedish_error_and_keeps_input(client):
    process = ProcessFactory()
    client.force_login(ProcessRoleFactory(process=process, role=Role.ADMIN).user)
    response = client.post(
        reverse("goals:focus_area_create", args=[process.slug]),
        {"title": "Omvärldsanalys", "description": "Systematisk analys", "order": 0},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ange den ansvariga personen eller organisationen" in html
    assert "Systematisk analys" in html
    assert not FocusArea.objects.exists()


def test_a_contribution_of_another_process_cannot_be_posted(client):
    process = ProcessFactory()
    client.force_login(ProcessRoleFactory(process=process, role=Role.OFFICIAL).user)
    foreign = ContributionFactory()
    response = client.post(
        reverse("goals:focus_area_create", args=[process.slug]),
        {"title": "X", "responsible_name": "Y", "contributions": [foreign.pk], "order": 0},
    )
    assert response.status_code == 200
    assert not FocusArea.objects.exists()


def test_process_page_query_count_does_not_grow_with_focus_areas(
    client, django_assert_max_num_queries
):
    from visionsprocess import changes

    process = ProcessFactory()
    FocusAreaUpdateFactory(focus_area=FocusAreaFactory(process=process))
    client.get(process.get_absolute_url())
    changes.record(process=process)  # every section rendered anew, not from the cache
    with django_assert_max_num_queries(30) as first:
        client.get(process.get_absolute_url())
    for _number in range(5):
        FocusAreaUpdateFactory(focus_area=FocusAreaFactory(process=process))
    changes.record(process=process)  # as the focus area services do
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(process.get_absolute_url())
