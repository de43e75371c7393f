"""Key points of a theme (``analysis.key_points``): extractive sentences, chosen for centrality
and spread, quoting only quotable contributions and counting near-duplicates as voices."""

import pytest

from contributions.analysis.key_points import Voice, key_points, sentences

BUS = [
    ("Bussarna går för sällan på kvällarna, man kommer inte hem från Jönköping.", "Vaggeryd"),
    ("Kvällsbussarna till Jönköping går för sällan, jag kommer inte hem efter jobbet.", "Vaggeryd"),
    ("Det går för få bussar på kvällarna mellan Jönköping och Vaggeryd.", "Vaggeryd"),
    ("Fler bussar på kvällen till Jönköping skulle göra att fler bor kvar.", "Vaggeryd"),
    ("Busskortet är för dyrt för ungdomar, sänk priset på busskortet.", "Skillingaryd"),
    ("Tåget till Värnamo borde gå oftare på helgerna.", "Hok"),
]


def _voices(rows, overrides=None):
    out = []
    for n, (text, district) in enumerate(rows, start=1):
        fields = {"quotable": True, "channel": "web", "district": district, "age_band": "35-49"}
        fields.update((overrides or {}).get(n, {}))
        out.append(Voice(id=n, text=text, **fields))
    return out


def test_spoken_interview_style_skips_the_interviewer_and_fillers():
    spans = sentences(
        "I: Vad tycker du om bussarna?\nIP: Eh asså bussarna går för sällan på kvällen. "
        "Man kommer inte hem."
    )
    assert spans[0] == ("Vad tycker du om bussarna?", False)  # the interviewer: never quoted
    assert ("Bussarna går för sällan på kvällen.", True) in spans


def test_a_paper_form_without_punctuation_is_cut_into_spans():
    text = (
        "jag tycker det behövs fler cykelvägar mellan hok och vaggeryd och att det är farligt "
        "att cykla längs vägen för barnen som ska till skolan men ingen bryr sig om det och "
        "kommunen borde göra något åt det nu"
    )
    spans = [span for span, _ok in sentences(text)]
    assert len(spans) >= 2
    assert all(len(span.split()) <= 30 for span in spans)
    assert all(span[1:].lower() in text for span in spans)  # its own words


def test_key_points_are_sentences_of_the_contributions_themselves():
    voices = _voices(BUS)
    for point in key_points(voices, k=3):
        source = next(v for v in voices if v.id == point.contribution_id)
        assert point.text[1:] in source.text


def test_picks_spread_across_districts():
    # Four near-identical voices from Vaggeryd: the second pick goes elsewhere.
    points = key_points(_voices(BUS), k=3)
    districts = [v.district for p in points for v in _voices(BUS) if v.id == p.contribution_id]
    assert len(set(districts)) >= 2


def test_unpublished_or_unconsented_text_is_never_quoted_but_is_counted():
    rows = [(text, "Vaggeryd") for text, _d in BUS[:4]]
    voices = _voices(rows, {n: {"quotable": False} for n in (1, 2, 3)})
    points = key_points(voices, k=3)
    assert [p.contribution_id for p in points] == [4]
    assert points[0].voices >= 2  # the others who said it are counted
    assert "Bussarna går för sällan" not in " ".join(p.text for p in points)


def test_a_confirmed_group_of_near_duplicates_is_counted_not_repeated():
    rows = [
        ("Bygg en simhall i Vaggeryd så att barnen kan lära sig simma.", "Vaggeryd"),
        ("Vi behöver en simhall i Vaggeryd för att barnen ska lära sig simma.", "Hok"),
        ("En simhall i Vaggeryd behövs så att alla barn lär sig simma.", "Skillingaryd"),
        ("Fler cykelvägar mellan orterna vore bra för barnen som cyklar.", "Hok"),
    ]
    voices = _voices(rows, {n: {"group": 9} for n in (1, 2, 3)})
    points = key_points(voices, k=4)
    grouped = [p for p in points if p.contribution_id in (1, 2, 3)]
    assert len(grouped) == 1
    assert sorted(grouped[0].members) == [1, 2, 3]
    assert grouped[0].voices == 3
    assert grouped[0].spread["district"] == {"Vaggeryd": 1, "Hok": 1, "Skillingaryd": 1}


@pytest.mark.parametrize("texts", [[""], ["Bra"], ["", "Ja", "Nej!"]])
def test_empty_and_one_word_contributions_give_no_key_point(texts):
    voices = [Voice(id=n, text=t, quotable=True) for n, t in enumerate(texts, start=1)]
    assert key_points(voices) == []


def test_no_voices_give_no_key_point():
    assert key_points([]) == []


def test_a_theme_with_one_contribution():
    voices = [Voice(id=7, text="Fler cykelvägar till skolan behövs verkligen.", quotable=True)]
    points = key_points(voices)
    assert len(points) == 1
    assert points[0].contribution_id == 7 and points[0].voices == 1


def test_text_in_another_language_is_counted_not_quoted():
    rows = [
        ("The buses are far too rare in the evening and nobody can get home.", "Hok"),
        ("Bussarna går för sällan på kvällarna och ingen kommer hem.", "Vaggeryd"),
        ("Det går för få bussar på kvällarna.", "Skillingaryd"),
    ]
    points = key_points(_voices(rows), k=3)
    assert 1 not in [p.contribution_id for p in points]
    assert points


def test_removed_sentences_are_not_proposed_again_and_kept_ones_come_first():
    voices = _voices(BUS)
    first = key_points(voices, k=2)
    removed = frozenset({(first[0].contribution_id, first[0].text)})
    again = key_points(voices, k=2, exclude=removed)
    assert (first[0].contribution_id, first[0].text) not in {
        (p.contribution_id, p.text) for p in again
    }
    kept = key_points(voices, k=1, keep=[(6, "Tåget till Värnamo borde gå oftare på helgerna.")])
    assert kept[0].contribution_id == 6 and len(kept) == 2
