"""Learned theme suggestions: Swedish text analysis, training in the worker (debounced), the
stored model, and what officials see and do on the contribution page, the inbox and the themes
page. The evaluation command is tested in test_themes_evaluate.py."""

import pytest
from django.urls import reverse

from contributions.analysis import store, suggestions
from contributions.analysis import text as swedish
from contributions.analysis.model import Example, ThemeSpec, fit
from contributions.models import (
    ContributionTheme,
    SuggestedTheme,
    SuggestionDecision,
    ThemeModelState,
    ThemeSuggestion,
)
from contributions.services.handling import contributions_tag, theme_suggestion_decide
from tests.contributions.staff_factories import StaffContributionFactory, ThemeFactory
from visionsprocess.models import OutboxTask

pytestmark = pytest.mark.django_db

TRAFFIC = {
    "name": "Trafik",
    "description": "Att ta sig fram: buss, tåg, cykel och vägar mellan orterna.",
    "examples": "Bussen går för sällan\nEn cykelväg till skolan\nTåget till Jönköping",
}
LEISURE = {
    "name": "Fritid",
    "description": "Idrott, föreningar, bibliotek och mötesplatser för fritiden.",
    "examples": "Ett nytt badhus\nBiblioteket öppet på kvällen\nEn fritidsgård för unga",
}


def _themes(process):
    return ThemeFactory(process=process, **TRAFFIC), ThemeFactory(process=process, **LEISURE)


# --- Swedish as people write it ----------------------------------------------------------------


def test_words_written_without_a_ring_or_dots_are_restored():
    assert swedish.restore("battre") == "bättre"
    assert swedish.restore("hogstadiet") == "högstadiet"
    assert swedish.restore("buss") == "buss"


def test_compounds_are_split_and_split_compounds_joined():
    assert swedish.split_compound("busshållplatsen") == ("buss", "hållplatsen")
    assert swedish.split_compound("förskoleplatser") == ("förskola", "platser")
    features = swedish.analyse("Fler sommar jobb och en ny busshållplats")
    assert "+" + swedish.stem("sommarjobb") in features
    assert "~" + swedish.stem("buss") in features


def test_a_theme_with_a_single_example_is_learned():
    themes = [ThemeSpec(id=1, name="Trafik"), ThemeSpec(id=2, name="Skola")]
    model = fit(themes, [Example(text="Bussen går för sällan från byn", themes=(1,))])
    assert model.suggest("Bussarna går alldeles för sällan")[0][0] == 1


def test_descriptions_alone_give_suggestions_before_anything_is_tagged():
    themes = [
        ThemeSpec(id=1, name="Trafik", description="Bussar, tåg och cykelvägar"),
        ThemeSpec(id=2, name="Fritid", description="Idrott, bibliotek och badhus"),
    ]
    model = fit(themes, [])
    assert model.suggest("Vi behöver ett nytt badhus")[0][0] == 2
    assert model.suggest("Bussen går för sällan")[0][0] == 1


def test_beyond_the_linear_models_limit_every_example_still_counts_as_a_neighbour(monkeypatch):
    from contributions.analysis import model as model_module

    monkeypatch.setattr(model_module, "MAX_LINEAR_EXAMPLES", 2)
    themes = [ThemeSpec(id=1, name="Trafik"), ThemeSpec(id=2, name="Fritid")]
    examples = [
        Example(text="Bussen går för sällan", themes=(1,)),
        Example(text="Tåget är alltid sent", themes=(1,)),
        Example(text="Ett nytt badhus", themes=(2,)),
        Example(text="Biblioteket på kvällen", themes=(2,)),
    ]
    model = fit(themes, examples)
    assert model.knn_x.shape[0] == 4 and list(model.positives) == [2, 2]
    # The bus examples are older than the linear model's two: their neighbours still raise
    # the theme for a text like them.
    bus = dict(model.suggest("Bussen går för sällan här"))
    bath = dict(model.suggest("Ett nytt badhus här"))
    assert bus[1] > bath[1]


def test_a_whole_process_scored_in_blocks_gets_the_suggestions_each_contribution_gets(
    monkeypatch,
):
    """The worker scores every contribution in blocks on two threads; the contribution page
    asks for one. Both must rank the same themes with the same scores."""
    from contributions.analysis import model as model_module

    monkeypatch.setattr(model_module, "KNN_BLOCK", 3)
    themes = [ThemeSpec(id=1, name="Trafik"), ThemeSpec(id=2, name="Fritid")]
    examples = [
        Example(text="Bussen går för sällan från byn", themes=(1,)),
        Example(text="Tåget till Jönköping är alltid sent", themes=(1,)),
        Example(text="En cykelväg till skolan", themes=(1,)),
        Example(text="Ett nytt badhus i centrum", themes=(2,)),
        Example(text="Biblioteket öppet på kvällen", themes=(2,)),
        Example(text="En fritidsgård för unga", themes=(2,), rejected=(1,)),
    ]
    model = fit(themes, examples)
    texts = [
        "Bussarna går alldeles för sällan",
        "Badhuset borde vara öppet på kvällen",
        "cykel väg till skolan och bussen",
        "Fritidsgården behöver fler vuxna",
        "Tåg och buss måste passa ihop",
        "Ett bibliotek med läxhjälp",
        "",
    ]
    batch = model.suggest_many(texts, excludes=[set()] * len(texts), k=2)
    for text, ranked in zip(texts, batch, strict=True):
        one = model.suggest(text, k=2)
        assert [t for t, _s in ranked] == [t for t, _s in one]
        assert [s for _t, s in ranked] == pytest.approx([s for _t, s in one], rel=1e-5)
    assert batch[-1] == []


def test_features_are_those_of_scikit_learns_vectorizers_and_old_models_still_score():
    """The counted features equal ``TfidfVectorizer``'s (vocabulary, idf and values), and a model
    stored before them (fitted vectorizers in ``words`` and ``chars``) scores the same."""
    import copy

    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from contributions.analysis import features
    from contributions.analysis.model import _word_analyser

    texts = [
        "Bussarna går alldeles för sällan, bättre cykelvägar!",
        "Badhuset borde vara öppet på kvällen",
        "cykel väg till skolan och bussen  och   hogstadiet",
        "",
        "Автобус не ходит",
        "a b",
    ]
    chars = TfidfVectorizer(
        analyzer="char_wb",
        preprocessor=swedish.folded,
        ngram_range=(3, 5),
        sublinear_tf=True,
        max_features=40,
        dtype=np.float32,
    )
    expected = chars.fit_transform(texts)
    fitted, counted = features.fit_chars(texts, 40)
    assert fitted.vocabulary_ == chars.vocabulary_
    assert np.array_equal(fitted.idf_, chars.idf_)
    assert abs(expected - counted).max() < 1e-6
    again = features.tfidf(features.char_counts(texts, fitted.vocabulary_), fitted.idf_)
    assert abs(chars.transform(texts) - again).max() < 1e-6
    words = TfidfVectorizer(analyzer=_word_analyser, sublinear_tf=True)
    expected = words.fit_transform(texts)
    fitted, counted = features.fit_words(texts)
    assert fitted.vocabulary_ == words.vocabulary_
    assert np.allclose(fitted.idf_, words.idf_) and abs(expected - counted).max() < 1e-12

    themes = [ThemeSpec(id=1, name="Trafik"), ThemeSpec(id=2, name="Fritid")]
    examples = [
        Example(text="Bussen går för sällan från byn", themes=(1,)),
        Example(text="Ett nytt badhus i centrum", themes=(2,)),
    ]
    model = fit(themes, examples)
    old = copy.copy(model)
    old.words = TfidfVectorizer(analyzer=_word_analyser, sublinear_tf=True)
    old.words.fit([e.text for e in examples] + [t.text() for t in themes])
    old.chars = TfidfVectorizer(
        analyzer="char_wb",
        preprocessor=swedish.folded,
        ngram_range=(3, 5),
        sublinear_tf=True,
        max_features=40_000,
        dtype=np.float32,
    ).fit([e.text for e in examples] + [t.text() for t in themes])
    assert old.words.vocabulary_ == model.words.vocabulary_
    assert np.allclose(old.scores(texts), model.scores(texts), atol=1e-6)


def test_neighbours_are_looked_for_among_the_most_recent_tagged_only(monkeypatch):
    from contributions.analysis import model as model_module

    monkeypatch.setattr(model_module, "MAX_KNN_EXAMPLES", 2)
    themes = [ThemeSpec(id=1, name="Trafik"), ThemeSpec(id=2, name="Fritid")]
    examples = [
        Example(text="Bussen går för sällan", themes=(1,)),
        Example(text="Ett nytt badhus", themes=(2,)),
        Example(text="Biblioteket på kvällen", themes=(2,)),
    ]
    model = fit(themes, examples)
    assert model.knn_x.shape[0] == 2
    assert model.knn_y.toarray().sum(axis=0).tolist() == [0, 2]
    # The theme still counts every tagged example for how much its own words weigh.
    assert list(model.positives) == [1, 2]


def test_nothing_to_learn_from_gives_no_model():
    assert fit([ThemeSpec(id=1, name="Trafik")], []) is None
    assert fit([], [Example(text="Bussen", themes=(1,))]) is None


def test_empty_and_foreign_texts_get_no_error():
    themes = [ThemeSpec(id=1, name="Trafik", description="Bussar och tåg")]
    model = fit(themes, [])
    assert model.suggest("") == []
    assert model.suggest("!!! ???") == []
    assert isinstance(model.suggest("The bus to town never comes on time"), list)
    assert isinstance(model.suggest("Автобус не ходит"), list)


# --- Training in the worker --------------------------------------------------------------------


def test_tagging_schedules_one_training_for_a_burst_of_tagging(role_users, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    process, users = role_users
    theme = ThemeFactory(process=process)
    a, b = StaffContributionFactory.create_batch(2, process=process)
    contributions_tag(process=process, contribution_ids=[a.pk], theme=theme, by=users["official"])
    contributions_tag(process=process, contribution_ids=[b.pk], theme=theme, by=users["official"])
    tasks = OutboxTask.objects.filter(task=store.RETRAIN_TASK)
    assert tasks.count() == 1
    assert tasks.get().kwargs == {"process_id": process.pk}
    assert tasks.get().not_before > tasks.get().created  # after a pause, not in the request
    state = ThemeModelState.objects.get(process=process)
    assert state.scheduled_at and state.dirty_since and state.version == 0


def test_training_stores_a_versioned_model_and_suggestions_without_tagging(role_users):
    process, users = role_users
    traffic, leisure = _themes(process)
    tagged = StaffContributionFactory(process=process, text="Bussen till byn går för sällan")
    contributions_tag(
        process=process, contribution_ids=[tagged.pk], theme=traffic, by=users["official"]
    )
    untagged = StaffContributionFactory(process=process, title="", text="Vi vill ha ett badhus")
    assert store.retrain(process_id=process.pk) == 1
    assert store.retrain(process_id=process.pk) == 2
    state = ThemeModelState.objects.get(process=process)
    assert state.blob and state.examples == 1 and state.dirty_since is None
    stored = SuggestedTheme.objects.filter(contribution=untagged).order_by("rank")
    assert stored.first().theme == leisure
    # The suggestion changed nothing: the untagged contribution is still untagged.
    assert not ContributionTheme.objects.filter(contribution=untagged).exists()
    assert ContributionTheme.objects.count() == 1


def test_a_new_training_writes_only_the_suggestions_that_changed(role_users):
    """The stored suggestions are the model's best per contribution after every training; a
    suggestion that stays keeps its row (updated, not deleted and inserted again), one no longer
    made goes, a found theme's suggestion stays until an official decides."""
    process, users = role_users
    traffic, leisure = _themes(process)
    texts = ["Bussen till byn går för sällan", "Vi vill ha ett badhus", "Cykelväg till skolan"]
    items = [StaffContributionFactory(process=process, title="", text=t) for t in texts]
    found = StaffContributionFactory(process=process, title="", text="Fler bänkar i parken")
    SuggestedTheme.objects.create(
        contribution=found, theme=traffic, score=1.0, rank=1, source="found"
    )
    store.retrain(process_id=process.pk)
    before = {
        (r.contribution_id, r.theme_id): r.pk for r in SuggestedTheme.objects.filter(source="model")
    }
    assert before
    contributions_tag(
        process=process, contribution_ids=[items[1].pk], theme=leisure, by=users["official"]
    )
    store.retrain(process_id=process.pk)
    model = store.current_model(process)
    expected = {}
    for c in [*items, found]:
        have = store.decided_themes(c)
        for rank, (tid, score) in enumerate(model.suggest(c.text, exclude=have), start=1):
            expected[c.pk, tid] = (rank, pytest.approx(score))
    rows = {
        (r.contribution_id, r.theme_id): r
        for r in SuggestedTheme.objects.filter(contribution__process=process)
    }
    assert rows[found.pk, traffic.pk].source == "found"
    model_rows = {pair: r for pair, r in rows.items() if r.source == "model"}
    assert set(model_rows) == set(expected) - {(found.pk, traffic.pk)}
    for pair, row in model_rows.items():
        assert (row.rank, row.score) == expected[pair]
        if pair in before:
            assert row.pk == before[pair]
    # The tagged theme is no longer suggested for the contribution that has it.
    assert (items[1].pk, leisure.pk) not in model_rows


def test_the_model_is_loaded_once_per_version(role_users, django_assert_num_queries):
    process, _users = role_users
    _themes(process)
    store.retrain(process_id=process.pk)
    store._cache.clear()
    first = store.current_model(process)
    with django_assert_num_queries(1):  # the version only; the blob is not read again
        assert store.current_model(process) is first
    store.retrain(process_id=process.pk)
    assert store.current_model(process) is not first


def test_a_process_without_themes_or_words_has_no_model(role_users):
    process, _users = role_users
    ThemeFactory(process=process, name="Trafik")
    store.retrain(process_id=process.pk)
    assert store.current_model(process) is None
    assert not suggestions.has_model(process)


# --- The contribution page ---------------------------------------------------------------------


def _detail_url(process, contribution):
    return reverse(
        "contributions:staff_contribution", kwargs={"slug": process.slug, "pk": contribution.pk}
    )


def _decide_url(process, contribution, theme):
    return reverse(
        "contributions:staff_suggestion_decide",
        kwargs={"slug": process.slug, "pk": contribution.pk, "theme_id": theme.pk},
    )


def test_contribution_page_shows_suggestions_best_first(client, role_users):
    process, users = role_users
    traffic, leisure = _themes(process)
    c = StaffContributionFactory(process=process, title="", text="Ett nytt badhus och bibliotek")
    store.retrain(process_id=process.pk)
    client.force_login(users["official"])
    content = client.get(_detail_url(process, c)).content.decode()
    section = content[content.index('id="theme-suggestions"') :]
    assert "Föreslagna teman" in section
    assert section.index(leisure.name) < section.index(traffic.name)
    assert "Godta" in section and "Avvisa" in section


def test_without_anything_to_learn_the_page_says_what_to_do(client, role_users):
    process, users = role_users
    ThemeFactory(process=process, name="Trafik")
    c = StaffContributionFactory(process=process, text="Bussen går för sällan")
    client.force_login(users["official"])
    content = client.get(_detail_url(process, c)).content.decode()
    assert "Inga förslag än: tagga några bidrag eller skriv exempel för temana." in content


def test_a_one_word_contribution_gets_no_suggestion(client, role_users):
    process, users = role_users
    _themes(process)
    store.retrain(process_id=process.pk)
    c = StaffContributionFactory(process=process, title="", text="Bra!")
    client.force_login(users["official"])
    content = client.get(_detail_url(process, c)).content.decode()
    assert "För få ord för att föreslå ett tema." in content


def test_accepting_with_htmx_tags_and_returns_the_themes_section(client, role_users):
    process, users = role_users
    traffic, leisure = _themes(process)
    c = StaffContributionFactory(process=process, title="", text="Ett nytt badhus")
    store.retrain(process_id=process.pk)
    client.force_login(users["official"])
    response = client.post(
        _decide_url(process, c, leisure),
        {"decision": "accept", "next": "contribution"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content and 'id="contribution-themes"' in content
    assert "Temat ”Fritid” lades till." in content or "Fritid" in content
    assert ContributionTheme.objects.filter(contribution=c, theme=leisure).exists()
    decision = ThemeSuggestion.objects.get(contribution=c, theme=leisure)
    assert decision.decision == SuggestionDecision.ACCEPTED and decision.by == users["official"]


def test_a_rejected_suggestion_is_not_shown_again_and_nothing_is_tagged(client, role_users):
    process, users = role_users
    traffic, leisure = _themes(process)
    c = StaffContributionFactory(process=process, title="", text="Ett nytt badhus")
    store.retrain(process_id=process.pk)
    client.force_login(users["official"])
    response = client.post(
        _decide_url(process, c, leisure), {"decision": "reject", "next": "contribution"}
    )
    assert response.status_code == 302 and response["Location"] == _detail_url(process, c)
    assert not ContributionTheme.objects.filter(contribution=c).exists()
    shown = [t for t, _score in suggestions.for_contribution(c).themes]
    assert leisure not in shown
    assert not SuggestedTheme.objects.filter(contribution=c, theme=leisure).exists()


def test_rejections_are_learned_as_negative_examples(role_users):
    process, users = role_users
    traffic, leisure = _themes(process)
    c = StaffContributionFactory(process=process, text="Ett nytt badhus")
    theme_suggestion_decide(contribution=c, theme=leisure, accept=False, by=users["official"])
    examples = [e for _cid, e in store.examples_for_process(process)]
    assert examples[0].rejected == (leisure.pk,) and examples[0].themes == ()


def test_someone_without_the_role_cannot_decide(client, role_users):
    process, users = role_users
    traffic, _leisure = _themes(process)
    c = StaffContributionFactory(process=process)
    url = _decide_url(process, c, traffic)
    for role in ("citizen", "other_official", "politician"):
        client.force_login(users[role])
        assert client.post(url, {"decision": "accept"}).status_code in (403, 404)
    assert not ContributionTheme.objects.exists()


def test_a_theme_of_another_process_is_not_found(client, role_users):
    process, users = role_users
    c = StaffContributionFactory(process=process)
    foreign = ThemeFactory()
    client.force_login(users["official"])
    assert client.post(_decide_url(process, c, foreign), {"decision": "accept"}).status_code == 404


# --- The inbox filter, the suggestions page and the themes page ---------------------------------


def test_inbox_filter_lists_contributions_with_the_suggested_theme_not_yet_set(client, role_users):
    process, users = role_users
    traffic, leisure = _themes(process)
    bath = StaffContributionFactory(process=process, title="", text="Ett nytt badhus")
    library = StaffContributionFactory(process=process, title="", text="Biblioteket på kvällen")
    StaffContributionFactory(process=process, title="", text="Bussen går för sällan")
    store.retrain(process_id=process.pk)
    contributions_tag(
        process=process, contribution_ids=[library.pk], theme=leisure, by=users["official"]
    )
    client.force_login(users["official"])
    page = client.get(
        reverse("contributions:staff_inbox", kwargs={"slug": process.slug}),
        {"suggested": leisure.pk},
    )
    ids = {row.pk for row in page.context["page_obj"].object_list}
    assert bath.pk in ids and library.pk not in ids
    assert "Föreslaget tema" in page.content.decode()


def test_suggestions_page_shows_learned_suggestions(client, role_users):
    process, users = role_users
    _traffic, leisure = _themes(process)
    c = StaffContributionFactory(
        process=process, title="", text="Ett nytt badhus <script>x</script>"
    )
    store.retrain(process_id=process.pk)
    client.force_login(users["official"])
    content = client.get(
        reverse("contributions:staff_suggestions", kwargs={"slug": process.slug})
    ).content.decode()
    assert f"#{c.pk}" in content and leisure.name in content
    assert "<script>x" not in content and "Inga förslag" not in content


def test_themes_page_shows_how_many_suggestions_were_accepted(client, role_users):
    process, users = role_users
    traffic, leisure = _themes(process)
    a, b, c = StaffContributionFactory.create_batch(3, process=process)
    official = users["official"]
    theme_suggestion_decide(contribution=a, theme=traffic, accept=True, by=official)
    theme_suggestion_decide(contribution=b, theme=traffic, accept=True, by=official)
    theme_suggestion_decide(contribution=c, theme=leisure, accept=False, by=official)
    assert suggestions.acceptance(process=process) == (2, 3)
    client.force_login(official)
    content = client.get(
        reverse("contributions:staff_themes", kwargs={"slug": process.slug})
    ).content.decode()
    assert "Av de senaste 3 förslagen godtogs 2." in content


def test_theme_form_saves_example_phrases(client, role_users):
    process, users = role_users
    client.force_login(users["official"])
    response = client.post(
        reverse("contributions:staff_themes", kwargs={"slug": process.slug}),
        {
            "name": "Trygghet",
            "description": "",
            "examples": " Mörkt vid busshållplatsen \n\n",
            "order": 0,
        },
    )
    assert response.status_code == 302
    theme = process.themes.get(name="Trygghet")
    assert theme.examples == "Mörkt vid busshållplatsen"
