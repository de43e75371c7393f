"""The discussion page a page at a time, with its shared parts from the page cache: a new
comment or support shows at once, and what is personal (CSRF token, the suggested name, the
reader's own "Håller med") is never served to another reader."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from contributions.selectors.discussion import THREAD_PAGE_SIZE
from contributions.services import discussion as services
from tests.contributions.discussion_factories import CommentFactory
from tests.contributions.factories import PublishedContributionFactory
from tests.factories import ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contribution():
    process = ProcessFactory()
    services.discussion_settings_set(process=process, comment_moderation="post")
    return PublishedContributionFactory(process=process, title="Cykelväg längs Lagan")


def page(contribution, query=""):
    return (
        reverse("contributions:detail", args=[contribution.process.slug, contribution.pk]) + query
    )


def signed_in(first_name):
    client = Client()
    client.force_login(UserFactory(first_name=first_name))
    return client


def test_a_new_comment_and_a_support_show_at_once(contribution):
    client = Client()
    assert "Första kommentaren" not in client.get(page(contribution)).content.decode()
    services.comment_post(
        contribution=contribution,
        voice=services.Voice(user=UserFactory()),
        text="Första kommentaren",
    )
    html = client.get(page(contribution)).content.decode()
    assert "Första kommentaren" in html
    services.support_add(contribution=contribution, voice=services.Voice(user=UserFactory()))
    assert "(1)" in client.get(page(contribution)).content.decode()


def test_personal_parts_are_never_shared(contribution):
    CommentFactory(contribution=contribution, text="En kommentar att svara på")
    alma, bertil = signed_in("Alma"), signed_in("Bertil")
    first = alma.get(page(contribution)).content.decode()
    second = bertil.get(page(contribution)).content.decode()
    anonymous = Client().get(page(contribution)).content.decode()
    assert 'value="Alma"' in first and 'value="Alma"' not in second
    assert 'value="Bertil"' in second
    for html in (first, second, anonymous):
        assert "vpcsrf" not in html and "vpname" not in html, "no marker reaches a reader"
        tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
        assert len(tokens) >= 1
    assert not set(re.findall(r'csrfmiddlewaretoken" value="([^"]+)"', first)) & set(
        re.findall(r'csrfmiddlewaretoken" value="([^"]+)"', second)
    )


def test_own_agreement_is_shown_to_oneself_only(contribution):
    alma_user, bertil = UserFactory(), signed_in("Bertil")
    alma = Client()
    alma.force_login(alma_user)
    bertil.get(page(contribution))  # the shared parts are cached now
    services.support_add(contribution=contribution, voice=services.Voice(user=alma_user))
    assert 'aria-pressed="true"' in alma.get(page(contribution)).content.decode()
    assert 'aria-pressed="false"' in bertil.get(page(contribution)).content.decode()


def test_more_comments_by_link_and_in_place(contribution):
    CommentFactory.create_batch(THREAD_PAGE_SIZE + 3, contribution=contribution)
    client = Client()
    html = client.get(page(contribution)).content.decode()
    assert html.count('class="comment"') == THREAD_PAGE_SIZE
    assert 'id="more-comments"' in html and "?sida=2" in html
    second = client.get(page(contribution, "?sida=2")).content.decode()
    assert second.count('class="comment"') == 3 and 'id="more-comments"' not in second
    assert "?sida=1" in second, "a way back to the earlier comments"
    partial = client.get(page(contribution, "?sida=2"), HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "<html" not in body and body.count('class="comment"') == 3
    assert 'hx-swap-oob="true"' in body


@pytest.mark.parametrize(
    "value", ["abc", "-1", "0", "99999999999", "1e3", "2%00", "²", "%EF%BC%92"]
)
def test_a_bad_page_number_is_never_an_error(contribution, value):
    CommentFactory(contribution=contribution)
    assert Client().get(page(contribution, f"?sida={value}")).status_code in (200, 400)
