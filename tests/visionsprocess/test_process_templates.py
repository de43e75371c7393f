""" "Ny process": the templates to start from, copying an earlier process's structure, and the
address made from the title."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse

from contributions.models import Contribution, Theme
from contributions.predicates import CITIZEN_INPUT_KINDS
from contributions.services.submission import contribution_submit
from dialog.models import ConversationKit, Meeting
from dialog.services import meeting_create
from tests.contributions.factories import ContributionFactory, KitFactory, ThemeFactory
from tests.dialog.factories import MeetingFactory, in_days
from tests.factories import MunicipalityFactory, ProcessFactory, UserFactory
from visionsprocess import services
from visionsprocess.documents.kinds import _overview_context
from visionsprocess.models import Role, Stage, Visibility, VisionProcess
from visionsprocess.process_templates import TEMPLATES

pytestmark = pytest.mark.django_db

URL = "/staff/processer/ny/"


@pytest.fixture
def superuser_client(client):
    MunicipalityFactory()
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    client.user = user
    return client


def _post(client, **data):
    values = {"template": "vision", "title": "Vision 2040", "slug": "", "horizon_year": 2040}
    values.update(data)
    return client.post(URL, {k: v for k, v in values.items() if v is not None})


def assert_usable(process, client):
    """What a municipality needs from a new process: its pages open, each stage is on the map,
    input is received in the stages that open it, meetings land in a stage, the overview PDF
    builds."""
    stages = list(process.stages.order_by("position"))
    assert stages and process.current_stage == stages[0]
    assert [s.position for s in stages] == list(range(1, len(stages) + 1))
    assert all(s.name_sv and s.name_en and s.description_sv and s.description_en for s in stages)
    for url in (
        process.get_absolute_url(),
        reverse("staff:process", args=[process.slug]),
        reverse("staff:process_stages", args=[process.slug]),
        reverse("staff:process_edit", args=[process.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    html = client.get(process.get_absolute_url()).content.decode()
    for stage in stages:
        assert stage.name_sv in html
    taking_input = [s for s in stages if any(s.accepts(k) for k in CITIZEN_INPUT_KINDS)]
    assert taking_input, "a process where nothing can be sent in"
    stage = taking_input[0]
    kind = next(k for k in CITIZEN_INPUT_KINDS if stage.accepts(k))
    process.current_stage = stage
    process.save()
    data = {"text": "Vi vill ha fler mötesplatser.", "consent_to_publish": True}
    if kind == "group_report":
        data.update(group_kind="other", group_name="Arbetsgrupp Ekonomi", group_size=6)
    contribution = contribution_submit(process=process, kind=kind, data=data)
    assert contribution.stage == stage
    meeting = meeting_create(
        process=process,
        data={
            "title": "Uppstartsmöte",
            "kind": "internal",
            "format": "digital",
            "starts_at": in_days(3),
            "ends_at": in_days(3, hour=20),
        },
    )
    assert meeting.stage.accepts("meetings")
    html = render_to_string(
        "visionsprocess/documents/print/process_overview.html", _overview_context(process)
    )
    assert all(s.name_sv in html for s in stages)


@pytest.mark.parametrize("key", list(TEMPLATES))
def test_each_template_creates_a_usable_process(superuser_client, key):
    response = _post(superuser_client, template=key, title=f"Process {key}")
    process = VisionProcess.objects.get(title=f"Process {key}")
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:process_stages", args=[process.slug])
    template = TEMPLATES[key]
    assert [s.name_sv for s in process.stages.order_by("position")] == [
        s.name_sv for s in template.stages
    ]
    assert process.visibility == template.visibility
    assert process.roles.get(user=superuser_client.user).role == Role.ADMIN
    assert_usable(process, superuser_client)


def test_vision_template_is_todays_five_stages():
    keys = [s.key for s in TEMPLATES["vision"].stages]
    assert keys == ["dialogue", "engagement", "drafting", "adoption", "implementation"]


def test_service_plan_template_goes_through_consultation_and_the_council(superuser_client):
    _post(superuser_client, template="service_plan", title="Serviceplan 2030")
    process = VisionProcess.objects.get(title="Serviceplan 2030")
    opens = [stage.opens for stage in process.stages.order_by("position")]
    assert ["consultation"] in opens and ["adoption"] in opens and ["follow_up"] in opens


def test_workgroup_template_is_internal_with_a_dialogue_material(superuser_client):
    _post(superuser_client, template="workgroup", title="Visionen i vardagen")
    process = VisionProcess.objects.get(title="Visionen i vardagen")
    assert process.visibility == Visibility.INTERNAL
    assert not process.allow_anonymous_contributions
    kit = process.kits.get()
    assert kit.is_published and "arbetsgrupp" in kit.introduction
    assert process.stage_by_key("workgroups").accepts("group_report")


def test_chosen_visibility_wins_over_the_templates(superuser_client):
    _post(superuser_client, template="workgroup", title="Öppen dialog", visibility="public")
    assert VisionProcess.objects.get(title="Öppen dialog").visibility == Visibility.PUBLIC


def test_copy_takes_the_structure_but_not_the_input(superuser_client, settings):
    source = ProcessFactory(title="Vision 2030", current_stage="drafting")
    services.stage_create(process=source, data={"name_sv": "Fokusområden", "opens": ["follow_up"]})
    Stage.objects.filter(process=source).update(starts_on=dt.date(2019, 1, 1))
    parent = ThemeFactory(process=source, name="Boende", keywords="bostad\nhyresrätt")
    ThemeFactory(process=source, name="Äldreboende", parent=parent)
    kit = KitFactory(process=source, title="Samtal om framtiden", slug="samtal")
    kit.printable.save("samtal.pdf", ContentFile(b"%PDF-1.4 samtal"), save=True)
    ContributionFactory.create_batch(3, process=source)
    MeetingFactory(process=source)

    response = _post(superuser_client, template="copy", source=source.pk, title="Vision 2040")
    assert response.status_code == 302
    copy = VisionProcess.objects.get(title="Vision 2040")
    source_stages = list(source.stages.order_by("position"))
    copied = list(copy.stages.order_by("position"))
    assert [s.name_sv for s in copied] == [s.name_sv for s in source_stages]
    assert [s.opens for s in copied] == [s.opens for s in source_stages]
    assert all(s.starts_on is None for s in copied)  # a new process plans its own dates
    assert copy.current_stage == copied[0]
    themes = {t.name: t for t in Theme.objects.filter(process=copy)}
    assert set(themes) == {"Boende", "Äldreboende"}
    assert themes["Äldreboende"].parent == themes["Boende"]
    assert themes["Boende"].keywords == "bostad\nhyresrätt"
    copied_kit = ConversationKit.objects.get(process=copy)
    assert copied_kit.title == "Samtal om framtiden" and not copied_kit.is_published
    assert copied_kit.printable.read() == b"%PDF-1.4 samtal"
    assert Contribution.objects.filter(process=copy).count() == 0
    assert Meeting.objects.filter(process=copy).count() == 0
    assert Contribution.objects.filter(process=source).count() == 3


def test_copy_needs_a_process_to_copy(superuser_client):
    response = _post(superuser_client, template="copy", title="Kopia")
    assert response.status_code == 200
    assert "Välj vilken process som ska kopieras." in response.content.decode()
    assert not VisionProcess.objects.filter(title="Kopia").exists()


def test_only_processes_the_person_belongs_to_can_be_copied(client):
    """A superuser may copy any; the form never lists a process to someone outside it."""
    from visionsprocess.forms import ProcessCreateForm

    mine, other = ProcessFactory(), ProcessFactory()
    member = UserFactory()
    mine.roles.create(user=member, role=Role.ADMIN)
    form = ProcessCreateForm(user=member)
    assert list(form.fields["source"].queryset) == [mine]
    form = ProcessCreateForm(
        {"template": "copy", "source": other.pk, "title": "X", "horizon_year": 2040},
        user=member,
    )
    assert not form.is_valid() and "source" in form.errors


# --- The address --------------------------------------------------------------------------------


def test_address_is_made_from_the_title_when_left_empty(superuser_client):
    _post(superuser_client, title="Vision 2040 – Åsa och Öreryd")
    assert VisionProcess.objects.filter(slug="vision-2040-asa-och-oreryd").exists()


def test_a_taken_address_made_from_the_title_gets_a_number(superuser_client):
    ProcessFactory(slug="vision-2040")
    _post(superuser_client, title="Vision 2040")
    assert VisionProcess.objects.filter(slug="vision-2040-2").exists()


def test_a_taken_address_gets_a_swedish_message_with_a_free_one(superuser_client):
    ProcessFactory(slug="vision-2040")
    response = _post(superuser_client, title="Vision 2040", slug="vision-2040")
    html = response.content.decode()
    assert response.status_code == 200
    assert "En annan process har redan adressen vision-2040" in html and "vision-2040-2" in html
    assert VisionProcess.objects.filter(slug="vision-2040").count() == 1


@pytest.mark.parametrize("slug", ["vision 2040", "åsa-2040", "vision--2040", "-vision", "a/b"])
def test_a_wrong_address_gets_a_clear_swedish_message(superuser_client, slug):
    response = _post(superuser_client, title="Vision 2040", slug=slug)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Adressen får bara innehålla små bokstäver a–z" in html
    assert "understreck" not in html  # not Django's raw "Fyll i en giltig 'slug' …"
    assert not VisionProcess.objects.filter(title="Vision 2040").exists()


def test_capital_letters_in_the_address_are_made_small(superuser_client):
    _post(superuser_client, title="Vision 2040", slug="Vision-2040")
    assert VisionProcess.objects.filter(slug="vision-2040").exists()


def test_title_with_html_is_escaped_and_the_form_has_no_inline_script(superuser_client):
    html = superuser_client.get(URL).content.decode()
    assert "<script>" not in html and 'src="/static/js/process-create.js"' in html
    assert 'data-slug-from="id_title"' in html
    _post(superuser_client, title="<b>Vision</b> 2040", slug="vision-html")
    process = VisionProcess.objects.get(slug="vision-html")
    page = superuser_client.get(process.get_absolute_url()).content.decode()
    assert "&lt;b&gt;Vision&lt;/b&gt; 2040" in page and "<b>Vision</b>" not in page


def test_an_unknown_template_is_a_form_error(superuser_client):
    response = _post(superuser_client, template="kaos", title="X")
    assert response.status_code == 200
    assert not VisionProcess.objects.filter(title="X").exists()


def test_a_process_administrator_cannot_create_processes(client):
    process = ProcessFactory()
    admin = UserFactory()
    process.roles.create(user=admin, role=Role.ADMIN)
    client.force_login(admin)
    assert _post(client, title="Egen process").status_code == 403
    assert not VisionProcess.objects.filter(title="Egen process").exists()
