"""The officials' workbench: what they publish, bulk actions, exports that honour the filter."""

import csv
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from contributions.models import (
    Attachment,
    Contribution,
    ContributionTheme,
    MediaKind,
    ModerationAction,
    ModerationEvent,
    ModerationState,
)
from tests.contributions.staff_factories import StaffContributionFactory, ThemeFactory

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def attach(contribution, kind=MediaKind.IMAGE, order=0, **flags):
    content_type = {"image": "image/png", "video": "video/mp4", "pdf": "application/pdf"}[kind]
    attachment = Attachment(
        contribution=contribution,
        media_kind=kind,
        content_type=content_type,
        size=len(PNG),
        order=order,
        description="Barnen ritar framtidens skolgård",
        **flags,
    )
    attachment.file.save(f"x.{kind}", ContentFile(PNG), save=False)
    attachment.save()
    return attachment


def detail_url(c):
    return reverse("contributions:staff_contribution", kwargs={"slug": c.process.slug, "pk": c.pk})


def moderate(client, c, action="published", reason=""):
    url = reverse(
        "contributions:staff_contribution_moderate", kwargs={"slug": c.process.slug, "pk": c.pk}
    )
    return client.post(url, {"action": action, "reason": reason})


# --- See what you publish ---------------------------------------------------------------------


def test_staff_page_shows_picture_film_and_pdf_with_the_children_flags(client, role_users):
    process, users = role_users
    c = StaffContributionFactory(process=process)
    picture = attach(c, shows_children=True, guardian_consent=True)
    film = attach(c, MediaKind.VIDEO, order=1, shows_children=True)
    pdf = attach(c, MediaKind.PDF, order=2)
    client.force_login(users["official"])
    html = client.get(detail_url(c)).content.decode()
    file_url = lambda a: reverse("contributions:attachment_file", args=[a.pk])  # noqa: E731
    assert f'<img src="{file_url(picture)}"' in html
    assert 'alt="Barnen ritar framtidens skolgård"' in html
    assert f'<source src="{file_url(film)}" type="video/mp4">' in html and "<video controls" in html
    assert f'href="{file_url(pdf)}"' in html
    flags = html[html.index('id="publish-flags"') : html.index('id="moderation-form"')]
    assert "Bild 1: visar barn" in flags and "vårdnadshavarnas samtycke: ja" in flags
    assert "Film 2: visar barn" in flags and "vårdnadshavarnas samtycke: saknas" in flags
    # The files are served to the official through the permission-checked view.
    assert client.get(file_url(film)).status_code == 200


def test_publishing_is_refused_while_a_film_shows_children_without_consent(client, role_users):
    process, users = role_users
    c = StaffContributionFactory(process=process)
    attach(c, MediaKind.VIDEO, shows_children=True, guardian_consent=False)
    client.force_login(users["official"])
    response = moderate(client, c)
    assert response.status_code == 400
    assert "visar barn och vårdnadshavarnas samtycke saknas" in response.content.decode()
    c.refresh_from_db()
    assert c.moderation_state == ModerationState.NEW
    # Keeping it internal is still possible.
    assert moderate(client, c, "kept_internal").status_code == 302


def test_official_marks_children_then_consent_and_can_publish(client, role_users):
    process, users = role_users
    c = StaffContributionFactory(process=process)
    picture = attach(c)
    client.force_login(users["official"])
    url = reverse(
        "contributions:staff_attachment_children",
        kwargs={"slug": process.slug, "pk": c.pk, "attachment_id": picture.pk},
    )
    client.post(url, {"shows_children": "on"})
    assert moderate(client, c).status_code == 400
    client.post(url, {"shows_children": "on", "guardian_consent": "on"})
    assert moderate(client, c).status_code == 302
    c.refresh_from_db()
    assert c.moderation_state == ModerationState.PUBLISHED
    actions = list(c.events.values_list("action", flat=True))
    assert actions.count(ModerationAction.CHILDREN_FLAGS) == 2


def test_politician_cannot_change_the_children_flags(client, role_users):
    process, users = role_users
    c = StaffContributionFactory(process=process)
    picture = attach(c)
    client.force_login(users["politician"])
    url = reverse(
        "contributions:staff_attachment_children",
        kwargs={"slug": process.slug, "pk": c.pk, "attachment_id": picture.pk},
    )
    assert client.post(url, {"shows_children": "on"}).status_code == 403
    picture.refresh_from_db()
    assert not picture.shows_children


def test_tag_and_untag_on_the_contribution_page_with_htmx(client, role_users):
    process, users = role_users
    c = StaffContributionFactory(process=process)
    theme = ThemeFactory(process=process, name="Skolan <b>")
    client.force_login(users["official"])
    url = reverse(
        "contributions:staff_contribution_themes", kwargs={"slug": process.slug, "pk": c.pk}
    )
    response = client.post(url, {"theme": theme.pk, "operation": "add"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="contribution-themes"' in html and "Skolan &lt;b&gt;" in html
    assert ContributionTheme.objects.filter(contribution=c, theme=theme).exists()
    client.post(url, {"theme": theme.pk, "operation": "remove"}, HTTP_HX_REQUEST="true")
    assert not ContributionTheme.objects.filter(contribution=c).exists()
    assert client.post(url, {"theme": "x", "operation": "add"}).status_code == 302


# --- Act on hundreds at once ------------------------------------------------------------------


def bulk(client, process, **data):
    url = reverse("contributions:staff_bulk", kwargs={"slug": process.slug})
    return client.post(url, data, HTTP_HX_REQUEST="true")


@pytest.mark.parametrize("n", [3, 30])
def test_bulk_publish_on_a_selection_costs_the_same_queries_for_any_number(
    client, role_users, django_assert_num_queries, n
):
    process, users = role_users
    made = StaffContributionFactory.create_batch(n, process=process)
    client.force_login(users["official"])
    client.get(reverse("contributions:staff_inbox", kwargs={"slug": process.slug}))
    # session, user, process, roles ×2, themes, aggregate, refused numbers (0), events,
    # update, the parts it changed (for the inbox's counts), savepoints ×2, rows, their themes
    with django_assert_num_queries(13):
        response = bulk(
            client, process, action="published", scope="selected", ids=[c.pk for c in made]
        )
    assert f"{n} bidrag publicerades" in response.content.decode()
    assert "data-clear-selection" in response.content.decode()
    assert "checked" not in response.content.decode()
    assert Contribution.objects.filter(moderation_state="published").count() == n
    assert ModerationEvent.objects.filter(action="published").count() == n


def test_bulk_publish_names_what_it_refused_and_why(client, role_users):
    process, users = role_users
    ok = StaffContributionFactory(process=process)
    no_consent = StaffContributionFactory(process=process, consent_to_publish=False)
    children = StaffContributionFactory(process=process)
    attach(children, shows_children=True)
    client.force_login(users["official"])
    html = bulk(
        client, process, action="published", ids=[ok.pk, no_consent.pk, children.pk]
    ).content.decode()
    assert "1 bidrag publicerades" in html
    assert f"inte samtyckt till publicering (#{no_consent.pk})" in html
    assert f"samtycke saknas (#{children.pk})" in html
    states = dict(Contribution.objects.values_list("pk", "moderation_state"))
    assert states == {ok.pk: "published", no_consent.pk: "new", children.pk: "new"}


@pytest.mark.parametrize("n", [4, 40])
def test_bulk_tag_on_all_matches_is_confirmed_with_the_number_and_constant_in_n(
    client, role_users, django_assert_num_queries, n
):
    process, users = role_users
    theme = ThemeFactory(process=process, name="Skola")
    StaffContributionFactory.create_batch(n, process=process, kind="letter")
    StaffContributionFactory.create_batch(2, process=process, kind="idea")
    client.force_login(users["official"])
    data = {"action": "tag", "theme": theme.pk, "scope": "all", "filter": "kind=letter"}
    asked = bulk(client, process, **data).content.decode()
    assert f"alla {n} bidrag som matchar filtret" in asked
    assert f'name="confirm_count" value="{n}"' in asked
    assert not ContributionTheme.objects.exists()
    # One more than before the counts were told which parts the action changed, and three for
    # the theme model: its row, its "changed" mark and the training written to the outbox.
    with django_assert_num_queries(17):
        response = bulk(client, process, **data, confirm_count=n)
    assert response.status_code == 204 and response["HX-Redirect"].endswith("?kind=letter")
    assert ContributionTheme.objects.filter(theme=theme).count() == n
    assert set(
        Contribution.objects.filter(taggings__theme=theme).values_list("kind", flat=True)
    ) == {"letter"}


def test_all_matches_asks_again_when_the_number_changed(client, role_users):
    process, users = role_users
    StaffContributionFactory.create_batch(3, process=process)
    client.force_login(users["official"])
    html = bulk(
        client, process, action="kept_internal", scope="all", filter="", confirm_count=2
    ).content.decode()
    assert "har ändrats" in html and 'value="3"' in html
    assert not Contribution.objects.filter(moderation_state="internal").exists()


def test_bulk_hide_needs_a_reason_and_politicians_may_not(client, role_users):
    process, users = role_users
    c = StaffContributionFactory(process=process)
    client.force_login(users["official"])
    html = bulk(client, process, action="hidden", ids=[c.pk]).content.decode()
    assert "alert-danger" in html and "Ange varför" in html
    client.force_login(users["politician"])
    assert bulk(client, process, action="published", ids=[c.pk]).status_code == 403


def test_bulk_without_htmx_confirms_on_a_page_and_redirects(client, role_users):
    process, users = role_users
    StaffContributionFactory.create_batch(2, process=process)
    client.force_login(users["official"])
    url = reverse("contributions:staff_bulk", kwargs={"slug": process.slug})
    page = client.post(url, {"action": "published", "scope": "all", "filter": ""})
    assert page.status_code == 200 and "<h1>Bekräfta åtgärden</h1>" in page.content.decode()
    done = client.post(
        url, {"action": "published", "scope": "all", "filter": "", "confirm_count": 2}
    )
    assert done.status_code == 302
    assert Contribution.objects.filter(moderation_state="published").count() == 2


def test_bulk_ignores_contributions_of_another_process(client, role_users):
    process, users = role_users
    foreign = StaffContributionFactory()
    client.force_login(users["official"])
    html = bulk(client, process, action="published", ids=[foreign.pk]).content.decode()
    assert "alert-danger" in html
    foreign.refresh_from_db()
    assert foreign.moderation_state == "new"


# --- Exports honour the filter ----------------------------------------------------------------


def export(client, process, fmt="csv", **params):
    url = reverse(f"contributions:staff_export_{fmt}", kwargs={"slug": process.slug})
    response = client.get(url, params)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    else:
        rows = list(
            load_workbook(io.BytesIO(body), read_only=True).active.iter_rows(values_only=True)
        )
    return response, rows


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "letter"}, {"letter"}),
        ({"moderation_state": "published"}, {"published"}),
        ({"q": "Hok"}, {"hok"}),
        ({"theme": "THEME"}, {"tagged"}),
        ({"theme": "none"}, {"letter", "published", "hok"}),
        ({"channel": "interview"}, {"interview"}),
    ],
)
def test_exports_write_what_each_filter_shows(client, role_users, params, expected):
    process, users = role_users
    theme = ThemeFactory(process=process, name="Trafik")
    made = {
        "letter": StaffContributionFactory(process=process, kind="letter", letter_year=2040),
        "published": StaffContributionFactory(process=process, moderation_state="published"),
        "hok": StaffContributionFactory(process=process, text="Bättre buss till Hok"),
        "tagged": StaffContributionFactory(process=process),
        "interview": StaffContributionFactory(process=process, channel="interview"),
    }
    ContributionTheme.objects.create(contribution=made["tagged"], theme=theme)
    ContributionTheme.objects.create(contribution=made["interview"], theme=theme)
    params = {k: str(theme.pk) if v == "THEME" else v for k, v in params.items()}
    if params.get("theme") == str(theme.pk):
        expected = {"tagged", "interview"}
    client.force_login(users["official"])
    by_pk = {str(c.pk): name for name, c in made.items()}
    for fmt in ("csv", "xlsx"):
        response, rows = export(client, process, fmt, **params)
        assert {by_pk[str(r[0])] for r in rows[1:]} == expected, (fmt, params)
        name = response["Content-Disposition"]
        assert "bidrag-" in name and fmt in name


def test_export_header_is_swedish_and_says_what_numbers_count(client, role_users):
    process, users = role_users
    StaffContributionFactory(process=process, group_size=12)
    client.force_login(users["official"])
    _response, rows = export(client, process)
    header = rows[0]
    assert header[0] == "Bidragsnummer" and "Antal" not in header
    assert "Antal personer" in header and "Kanal" in header and "Teman" in header


def test_export_file_name_names_the_filter(client, role_users):
    process, users = role_users
    theme = ThemeFactory(process=process, name="Skola och förskola")
    client.force_login(users["official"])
    response, _rows = export(client, process, "xlsx", q="skolor", theme=theme.pk, kind="letter")
    disposition = response["Content-Disposition"]
    assert "s%C3%B6k-skolor" in disposition or "sök-skolor" in disposition
    assert "skola-och-f" in disposition and "brev-fr" in disposition


def test_streamed_xlsx_survives_control_characters_spaces_and_huge_cells(client, role_users):
    process, users = role_users
    StaffContributionFactory(
        process=process, title=" Blanksteg först", text="Hej\x01\x0b<&>" + "x" * 40000
    )
    client.force_login(users["official"])
    response, rows = export(client, process, "xlsx")
    assert response.streaming
    row = rows[1]
    assert " Blanksteg först" in row
    text = next(cell for cell in row if isinstance(cell, str) and cell.startswith("Hej"))
    assert text.startswith("Hej<&>x") and 32000 < len(text) <= 32767  # the cell limit
    body = b"".join(
        client.get(
            reverse("contributions:staff_export_xlsx", kwargs={"slug": process.slug})
        ).streaming_content
    )
    workbook = load_workbook(io.BytesIO(body))
    sheet = workbook.active
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b


def test_a_bad_filter_value_never_widens_an_export_or_a_bulk_action(client, role_users):
    process, users = role_users
    StaffContributionFactory.create_batch(2, process=process)
    client.force_login(users["official"])
    url = reverse("contributions:staff_export_csv", kwargs={"slug": process.slug})
    response = client.get(url, {"district": "999", "kind": "<script>"})
    assert response.status_code == 400 and "Filtret har ett fel" in response.content.decode()
    html = bulk(
        client, process, action="published", scope="all", filter="district=999", confirm_count=2
    ).content.decode()
    assert "alert-danger" in html
    assert not Contribution.objects.filter(moderation_state="published").exists()
