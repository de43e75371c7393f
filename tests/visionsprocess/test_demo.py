"""The demo command loads the seeds' municipality, processes and one user per role; twice is once."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db

COUNTED_APPS = ("visionsprocess", "dialog", "contributions", "goals")


def _snapshot():
    counts = {}
    for app_label in COUNTED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            counts[model._meta.label] = model.objects.count()
    return counts


def test_demo_twice_gives_the_same_data():
    call_command("load_demo", verbosity=0)
    first = _snapshot()
    call_command("load_demo", verbosity=0)
    assert _snapshot() == first


def test_demo_has_three_processes_at_different_stages_and_a_user_per_role():
    from django.contrib.auth import get_user_model

    from visionsprocess.models import ProcessRole, Role, VisionProcess

    call_command("load_demo", verbosity=0)
    stages = dict(VisionProcess.objects.public().values_list("slug", "current_stage__key"))
    assert stages["vision-2040"] == "dialogue"
    assert stages["strategiskt-utvecklingsprogram"] == "follow_up"
    assert stages["framtidsbygget"] == "consultation"
    for role in Role.values:
        assert ProcessRole.objects.filter(role=role).exists()
    assert get_user_model().objects.get(username="admin").is_superuser
    assert (
        get_user_model().objects.filter(username="medborgare", process_roles__isnull=True).exists()
    )


@pytest.mark.django_db(transaction=True)  # the renders run after the commit
def test_the_demo_with_documents_fills_the_public_library_once(client):
    from visionsprocess.models import Document

    call_command("load_demo", "--with-documents", stdout=io.StringIO())
    response = client.get("/process/strategiskt-utvecklingsprogram/dokument/")
    html = response.content.decode()
    assert html.count("/hamta/") == 3  # the programme, the adopted vision, the action plan
    assert "§ 112" in html and "KS 2019/160" in html
    rendered = Document.objects.count()
    call_command("load_demo", "--with-documents", stdout=io.StringIO())  # every `make run`
    assert Document.objects.count() == rendered
