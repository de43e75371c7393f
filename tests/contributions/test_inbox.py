"""The officials' inbox: permissions, filters, sorting, pagination, escaping, query counts."""

import pytest
from django.urls import reverse

from contributions.models import Contribution, ContributionKind, ContributionTheme, ModerationState
from tests.contributions.staff_factories import (
    MeetingFactory,
    StaffContributionFactory,
    ThemeFactory,
)
from visionsprocess.models import District

pytestmark = pytest.mark.django_db


def inbox_url(process):
    return reverse("contributions:staff_inbox", kwargs={"slug": process.slug})


def test_citizen_cannot_reach_the_inbox(client, role_users):
    process, users = role_users
    client.force_login(users["citizen"])
    assert client.get(inbox_url(process)).status_code == 403


def test_official_of_other_process_cannot_see_this_ones_contributions(client, role_users):
    process, users = role_users
    contribution = StaffContributionFactory(process=process, text="Hemlig text om Vaggeryd")
    client.force_login(users["other_official"])
    assert client.get(inbox_url(process)).status_code == 403
    url = reverse(
        "contributions:staff_contribution", kwargs={"slug": process.slug, "pk": contribution.pk}
    )
    assert client.get(url).status_code == 403


def test_contribution_of_another_process_is_not_found_under_this_process(client, role_users):
    process, users = role_users
    other = StaffContributionFactory()
    client.force_login(users["official"])
    url = reverse("contributions:staff_contribution", kwargs={"slug": process.slug, "pk": other.pk})
    assert client.get(url).status_code == 404


def test_politician_may_read_the_inbox_but_sees_no_email_and_no_tagging(client, role_users):
    process, users = role_users
    StaffContributionFactory(process=process, email="anna@example.org")
    client.force_login(users["politician"])
    response = client.get(inbox_url(process))
    assert response.status_code == 200
    assert b"bulk-form" not in response.content
    assert b"anna@example.org" not in response.content


def test_inbox_lists_only_this_process(client, role_users):
    process, users = role_users
    StaffContributionFactory(process=process, text="Bättre busslinjer till Hok")
    StaffContributionFactory(text="Annan process helt och hållet")
    client.force_login(users["official"])
    content = client.get(inbox_url(process)).content.decode()
    assert "Bättre busslinjer" in content
    assert "Annan process" not in content


def test_script_in_text_is_escaped_in_the_inbox(client, role_users):
    process, users = role_users
    StaffContributionFactory(process=process, title="<b>fet</b>", text="<script>alert(1)</script>")
    client.force_login(users["official"])
    content = client.get(inbox_url(process)).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "&lt;b&gt;fet&lt;/b&gt;" in content


def test_filters_by_kind_theme_district_moderation_and_meeting(client, role_users):
    process, users = role_users
    district = District.objects.create(municipality=process.municipality, name="Hok")
    theme = ThemeFactory(process=process, name="Trafik")
    meeting = MeetingFactory(process=process)
    letter = StaffContributionFactory(
        process=process, kind=ContributionKind.LETTER, text="Hej från 2040", district=district
    )
    idea = StaffContributionFactory(process=process, text="En idé om parker")
    ContributionTheme.objects.create(contribution=idea, theme=theme)
    statement = StaffContributionFactory(
        process=process, kind=ContributionKind.STATEMENT, meeting=meeting, text="Sagt på mötet"
    )
    Contribution.objects.filter(pk=statement.pk).update(moderation_state=ModerationState.HIDDEN)
    client.force_login(users["official"])

    def listed(**params):
        page = client.get(inbox_url(process), params).context["page_obj"]
        return {c.pk for c in page.object_list}

    assert listed(kind="letter") == {letter.pk}
    assert listed(theme=str(theme.pk)) == {idea.pk}
    assert listed(theme="none") == {letter.pk, statement.pk}
    assert listed(district=str(district.pk)) == {letter.pk}
    assert listed(moderation_state="hidden") == {statement.pk}
    assert listed(origin=f"m{meeting.pk}") == {statement.pk}
    assert listed(q="parker") == {idea.pk}


def test_bad_filter_values_give_a_page_not_a_500(client, role_users):
    process, users = role_users
    StaffContributionFactory(process=process)
    client.force_login(users["official"])
    response = client.get(
        inbox_url(process), {"kind": "nonsense", "theme": "x", "page": "999", "per_page": "a"}
    )
    assert response.status_code == 200


def test_sorting_oldest_first(client, role_users):
    process, users = role_users
    first = StaffContributionFactory(process=process)
    second = StaffContributionFactory(process=process)
    client.force_login(users["official"])
    page = client.get(inbox_url(process), {"sort": "created"}).context["page_obj"]
    assert [c.pk for c in page.object_list] == [first.pk, second.pk]


def test_pagination_splits_pages(client, role_users):
    process, users = role_users
    StaffContributionFactory.create_batch(30, process=process)
    client.force_login(users["official"])
    page = client.get(inbox_url(process), {"per_page": 25, "page": 2}).context["page_obj"]
    assert len(page.object_list) == 5


def test_opening_a_contribution_marks_it_read(client, role_users):
    process, users = role_users
    contribution = StaffContributionFactory(process=process)
    client.force_login(users["official"])
    client.get(
        reverse(
            "contributions:staff_contribution", kwargs={"slug": process.slug, "pk": contribution.pk}
        )
    )
    contribution.refresh_from_db()
    assert contribution.read_at is not None


def _make_rows(process, n, theme, meeting, district):
    for i in range(n):
        c = StaffContributionFactory(
            process=process, district=district, meeting=meeting if i % 2 else None
        )
        ContributionTheme.objects.create(contribution=c, theme=theme)


@pytest.mark.parametrize("rows", [10, 50])
def test_inbox_query_count_is_constant_and_at_most_10(
    client, role_users, django_assert_num_queries, rows
):
    process, users = role_users
    district = District.objects.create(municipality=process.municipality, name="Skillingaryd")
    theme = ThemeFactory(process=process)
    meeting = MeetingFactory(process=process)
    _make_rows(process, rows, theme, meeting, district)
    client.force_login(users["official"])
    with django_assert_num_queries(10):
        response = client.get(inbox_url(process), {"per_page": 50, "kind": "idea"})
    assert len(response.context["page_obj"].object_list) == rows


def test_media_filter_separates_contributions_with_and_without_media(client, role_users):
    from contributions.models import Attachment, MediaKind

    process, users = role_users
    drawing = StaffContributionFactory(process=process, text="Min teckning av framtiden")
    plain = StaffContributionFactory(process=process, text="Bara text")
    Attachment.objects.create(
        contribution=drawing,
        file="contributions/test/teckning.png",
        media_kind=MediaKind.IMAGE,
        content_type="image/png",
        size=1234,
    )
    client.force_login(users["official"])

    def listed(**params):
        page = client.get(inbox_url(process), params).context["page_obj"]
        return [c.pk for c in page.object_list]

    assert listed(has_media="yes") == [drawing.pk]
    assert listed(has_media="no") == [plain.pk]
    assert sorted(listed()) == sorted([drawing.pk, plain.pk])
    assert client.get(inbox_url(process), {"has_media": "<script>"}).status_code == 200
