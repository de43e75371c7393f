"""Public pages, the staff area, health."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from tests.factories import ProcessFactory, ProcessRoleFactory
from visionsprocess.models import Role, StageKind, Visibility

pytestmark = pytest.mark.django_db


def test_start_page_lists_public_processes_only(client):
    ProcessFactory(title="Vision 2040")
    ProcessFactory(title="Hemlig medarbetardialog", visibility=Visibility.INTERNAL)
    html = client.get("/").content.decode()
    assert "Vision 2040" in html
    assert "Hemlig medarbetardialog" not in html


def test_process_page_highlights_the_current_stage(client):
    process = ProcessFactory(current_stage=StageKind.ENGAGEMENT)
    html = client.get(process.get_absolute_url()).content.decode()
    assert 'is-current" aria-current="step"' in html
    current = html.split('aria-current="step"')[1].split("</li>")[0]
    assert "Breddat engagemang" in current


def test_process_page_query_count_is_small_and_constant(client, django_assert_max_num_queries):
    """The page and the sections the apps register (meetings, contributions, goals, drafts):
    rendered once after a change, then from the cache (the full demo processes are counted in
    test_process_page_cache.py)."""
    process = ProcessFactory()
    client.get(process.get_absolute_url())
    with django_assert_max_num_queries(8):
        client.get(process.get_absolute_url())


def test_process_page_escapes_text(client):
    process = ProcessFactory(description='<script>alert("x")</script>')
    html = client.get(process.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_unknown_process_is_404_in_swedish(client):
    response = client.get("/process/finns-inte/")
    assert response.status_code == 404
    assert "Sidan kunde inte hittas" in response.content.decode()


def test_accessibility_statement_is_linked_from_every_page(client):
    process = ProcessFactory()
    for url in ["/", process.get_absolute_url(), "/konto/login/"]:
        assert reverse("accessibility") in client.get(url).content.decode()
    html = client.get(reverse("accessibility")).content.decode()
    for heading in ["Efterlevnadsstatus", "Innehåll som inte är tillgängligt", "Tillsyn"]:
        assert heading in html


def test_official_edits_process_and_stage_dates(client):
    process = ProcessFactory()
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    client.force_login(official)
    url = reverse("staff:process_edit", kwargs={"slug": process.slug})
    form = client.get(url).context["formset"]
    data = {
        "title": "Vision 2040 – Vaggeryd",
        "summary": "",
        "description": "",
        "horizon_year": 2040,
        "visibility": "public",
        "current_stage": process.stage_by_key("engagement").pk,
        "allow_anonymous_contributions": "on",
        "stage-TOTAL_FORMS": "5",
        "stage-INITIAL_FORMS": "5",
        "stage-MIN_NUM_FORMS": "0",
        "stage-MAX_NUM_FORMS": "1000",
    }
    for index, stage_form in enumerate(form.forms):
        data[f"stage-{index}-id"] = stage_form.instance.pk
        data[f"stage-{index}-starts_on"] = (
            "2026-04-01" if stage_form.instance.key == "dialogue" else ""
        )
        data[f"stage-{index}-ends_on"] = (
            "2026-05-31" if stage_form.instance.key == "dialogue" else ""
        )
    response = client.post(url, data)
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.title == "Vision 2040 – Vaggeryd"
    assert process.current_stage.key == "engagement"
    assert str(process.stages.get(key="dialogue").starts_on) == "2026-04-01"


def test_bad_stage_dates_give_a_swedish_error_and_keep_input(client):
    process = ProcessFactory()
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    client.force_login(official)
    url = reverse("staff:process_edit", kwargs={"slug": process.slug})
    formset = client.get(url).context["formset"]
    data = {
        "title": "Nytt namn",
        "horizon_year": 2040,
        "visibility": "public",
        "current_stage": process.stage_by_key("dialogue").pk,
        "stage-TOTAL_FORMS": "5",
        "stage-INITIAL_FORMS": "5",
        "stage-MIN_NUM_FORMS": "0",
        "stage-MAX_NUM_FORMS": "1000",
    }
    for index, stage_form in enumerate(formset.forms):
        data[f"stage-{index}-id"] = stage_form.instance.pk
        data[f"stage-{index}-starts_on"] = "2026-06-01"
        data[f"stage-{index}-ends_on"] = "2026-05-01"
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Slutdatumet kan inte vara före startdatumet." in html
    assert 'value="Nytt namn"' in html
    process.refresh_from_db()
    assert process.title != "Nytt namn"


def test_politician_cannot_edit_the_process(client):
    process = ProcessFactory()
    client.force_login(ProcessRoleFactory(process=process, role=Role.POLITICIAN).user)
    url = reverse("staff:process_edit", kwargs={"slug": process.slug})
    assert client.post(url, {"title": "Kapat"}).status_code == 403
    process.refresh_from_db()
    assert process.title != "Kapat"


def test_staff_area_lists_only_processes_with_a_role(client):
    mine = ProcessFactory(title="Vision 2040")
    ProcessFactory(title="Annan process")
    client.force_login(ProcessRoleFactory(process=mine, role=Role.CLERK).user)
    html = client.get(reverse("staff:home")).content.decode()
    assert "Vision 2040" in html
    assert "Annan process" not in html
    assert "Nämndsekreterare/registrator" in html


def test_process_admin_gives_and_removes_a_role(client):
    process = ProcessFactory()
    admin = ProcessRoleFactory(process=process, role=Role.ADMIN).user
    politician = ProcessRoleFactory(process=ProcessFactory(), role=Role.POLITICIAN).user
    client.force_login(admin)
    url = reverse("staff:process_members", kwargs={"slug": process.slug})
    response = client.post(url, {"email": politician.email, "role": Role.POLITICIAN})
    assert response.status_code == 302
    role = process.roles.get(user=politician)
    remove = reverse("staff:process_member_remove", kwargs={"slug": process.slug, "pk": role.pk})
    client.post(remove)
    assert not process.roles.filter(user=politician).exists()


def test_csrf_is_enforced_on_staff_forms(role_users):
    from django.test import Client

    process, users = role_users
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["admin"])
    url = reverse("staff:process_members", kwargs={"slug": process.slug})
    assert client.post(url, {"email": "x@example.org", "role": "official"}).status_code == 403


def test_health_is_ok_when_database_and_broker_answer(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"
    assert response.json()["checks"]["broker"] in ("ok", "eager")


def test_health_is_503_when_the_database_is_down(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("error")


def test_health_reports_a_broker_outage_without_taking_the_node_out(client, settings):
    """The site still takes input with the broker down (the outbox keeps the work), so the
    load balancer must keep the node: 200, but the body says what is wrong."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["broker"].startswith("error")
    assert body["checks"]["database"] == "ok"
    assert "outbox" in body and body["migrations"] == "ok"


def test_security_headers_and_csp_without_inline_script(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.content.decode()
