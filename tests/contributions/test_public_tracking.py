"""The private tracking link ("Följ ditt bidrag") and its registry of lines."""

import pytest
from django.urls import reverse
from django.utils import timezone

from contributions.models import ModerationState
from contributions.registry import TrackingLine, tracking_lines
from tests.contributions.factories import (
    ContributionFactory,
    ContributionThemeFactory,
    ThemeFactory,
)
from visionsprocess.models import Visibility

pytestmark = pytest.mark.django_db


def track_url(contribution):
    return reverse("contributions:track", args=[contribution.tracking_token])


def test_tracking_link_works_without_an_account_and_is_not_indexed(client):
    contribution = ContributionFactory(text="Min egen idé om badplatsen")
    response = client.get(track_url(contribution))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Min egen idé om badplatsen" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    for line in ("received", "read", "publication", "themes", "feedback"):
        assert f'id="tracking-{line}"' in html


def test_tracking_page_shows_read_and_themes(client):
    contribution = ContributionFactory(read_at=timezone.now())
    parent = ThemeFactory(process=contribution.process, name="Natur och fritid")
    theme = ThemeFactory(process=contribution.process, name="Badplatser", parent=parent)
    ContributionThemeFactory(contribution=contribution, theme=theme)
    html = client.get(track_url(contribution)).content.decode()
    assert "Natur och fritid › Badplatser" in html
    assert 'class="tracking-line is-done" id="tracking-read"' in html


def test_tracking_page_reveals_nothing_about_others(client):
    mine = ContributionFactory(text="Min text")
    ContributionFactory(process=mine.process, text="Någon annans text", email="annan@example.org")
    html = client.get(track_url(mine)).content.decode()
    assert "Någon annans text" not in html
    assert "annan@example.org" not in html


def test_tracking_page_does_not_show_the_senders_email(client):
    contribution = ContributionFactory(email="elin@example.org")
    assert "elin@example.org" not in client.get(track_url(contribution)).content.decode()


def test_wrong_token_is_404(client):
    ContributionFactory()
    assert client.get(reverse("contributions:track", args=["fel-token"])).status_code == 404


def test_tracking_works_for_a_contribution_in_an_internal_process(client):
    contribution = ContributionFactory(process__visibility=Visibility.INTERNAL)
    assert client.get(track_url(contribution)).status_code == 200


def test_hidden_contribution_says_it_is_not_on_the_web(client):
    contribution = ContributionFactory(moderation_state=ModerationState.HIDDEN)
    html = client.get(track_url(contribution)).content.decode()
    assert 'class="tracking-line" id="tracking-publication"' in html


def test_other_apps_can_add_a_line(client, settings, tmp_path):
    template_dir = tmp_path / "templates"
    (template_dir / "extra").mkdir(parents=True)
    (template_dir / "extra" / "line.html").write_text(
        '<li id="tracking-extra">Citerad i utkast {{ paragraph }}</li>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], template_dir]}
    ]
    tracking_lines.register(
        TrackingLine(
            key="test.extra",
            template="extra/line.html",
            order=60,
            get_context=lambda request, contribution: {"paragraph": "§ 3"},
        )
    )
    tracking_lines.register(
        TrackingLine(
            key="test.skipped",
            template="extra/line.html",
            order=70,
            get_context=lambda request, contribution: None,
        )
    )
    try:
        html = client.get(track_url(ContributionFactory())).content.decode()
        assert html.count('id="tracking-extra"') == 1
        assert "Citerad i utkast § 3" in html
    finally:
        tracking_lines.unregister("test.extra")
        tracking_lines.unregister("test.skipped")
