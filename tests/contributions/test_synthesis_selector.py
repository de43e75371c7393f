"""The read of a published synthesis (for the public page, "Ni sa – vi gjorde" and the PDF):
the latest published version only, in three queries, with the small-count rule applied."""

import pytest
from django.utils import timezone

from contributions.models import (
    KeyPoint,
    Synthesis,
    SynthesisState,
    SynthesisTheme,
    SynthesisVersion,
)
from contributions.selectors.synthesis import protected_spread, published_synthesis
from tests.contributions.factories import PublishedContributionFactory, ThemeFactory
from tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def _version(synthesis, number, state, *, themes=2, points=3):
    version = SynthesisVersion.objects.create(
        synthesis=synthesis,
        number=number,
        state=state,
        published_at=timezone.now() if state == SynthesisState.PUBLISHED else None,
    )
    for t in range(themes):
        theme = ThemeFactory(process=synthesis.process)
        section = SynthesisTheme.objects.create(
            version=version,
            theme=theme,
            name=theme.name,
            position=t,
            voices=12,
            spread={"channel": {"web": 8, "interview": 4}},
        )
        for p in range(points):
            contribution = PublishedContributionFactory(process=synthesis.process)
            KeyPoint.objects.create(
                section=section,
                contribution=contribution,
                text=f"v{number} t{t} p{p}",
                position=p,
                voices=6,
                spread={"channel": {"web": 6}, "age_band": {"20-34": 2}},
            )
    return version


def test_nothing_published_gives_none():
    process = ProcessFactory()
    assert published_synthesis(process=process) is None
    synthesis = Synthesis.objects.create(process=process)
    _version(synthesis, 1, SynthesisState.DRAFT)
    assert published_synthesis(process=process) is None


def test_the_latest_published_version_in_three_queries(django_assert_num_queries):
    process = ProcessFactory()
    synthesis = Synthesis.objects.create(process=process)
    _version(synthesis, 1, SynthesisState.PUBLISHED, themes=1)
    _version(synthesis, 2, SynthesisState.PUBLISHED, themes=4, points=5)
    _version(synthesis, 3, SynthesisState.DRAFT)
    with django_assert_num_queries(3):
        result = published_synthesis(process=process)
    assert result.number == 2
    assert len(result.themes) == 4
    point = result.themes[0].key_points[0]
    assert point.text == "v2 t0 p0"
    assert point.url == f"/process/{process.slug}/bidrag/{point.contribution_id}/"
    assert point.voices == 6
    # 2 of one age band: hidden; the channel count equals the total and is shown.
    assert [c.value for c in point.spread.by_age_band] == [None]
    assert point.spread.any_hidden


def test_small_counts_are_never_shown_nor_derivable():
    spread = protected_spread(
        9, {"channel": {"web": 6, "interview": 3}, "district": {"Hok": 4, "Vaggeryd": 5}}
    )
    values = [c.value for c in spread.by_channel]
    # interview (3) hidden, and so is web (else 9 − 6 gives it away) or the total.
    assert None in values
    assert spread.voices is None or values.count(None) == 2
    assert protected_spread(3, {}).voices is None
    assert protected_spread(7, {}).voices == 7
