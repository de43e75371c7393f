"""The comparison of two versions: matching by lineage, moved and split paragraphs, words."""

import pytest
from django.utils import translation

from tests.factories import ProcessFactory
from tests.visionsprocess.factories_drafting import draft_world
from visionsprocess.drafting import diff, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def versions():
    process = ProcessFactory()
    _round, old = draft_world(process)
    new = services.version_create_next(version=old, actor=None)
    return old, new


def _rows(old, new):
    return diff.compare(old.paragraphs.order_by("order"), new.paragraphs.order_by("order"))


def test_unchanged_versions_have_only_unchanged_rows(versions):
    rows = _rows(*versions)
    assert {row.status for row in rows} == {diff.UNCHANGED} and len(rows) == 4


def test_changed_paragraph_marks_words_accessibly(versions):
    old, new = versions
    paragraph = new.paragraphs.get(order=3)
    services.paragraph_edit(
        paragraph=paragraph,
        text="Alla som bor och arbetar här ska kunna påverka hur kommunen utvecklas.",
        base_revision=paragraph.revision,
        actor=None,
    )
    with translation.override("en"):
        rows = _rows(old, new)
    changed = [row for row in rows if row.status == diff.CHANGED]
    assert len(changed) == 1
    html = str(changed[0].html)
    assert "<ins>" in html and "och arbetar" in html
    assert '<span class="visually-hidden">[added: </span>' in html


def test_removed_word_is_struck_and_labelled(versions):
    old, new = versions
    paragraph = new.paragraphs.get(order=4)
    services.paragraph_edit(
        paragraph=paragraph,
        text="Vi tar emot besökare med öppna armar.",
        base_revision=paragraph.revision,
        actor=None,
    )
    with translation.override("en"):
        html = str(next(r for r in _rows(old, new) if r.status == diff.CHANGED).html)
    assert "<del>" in html and "och nya invånare" in html and "[removed: " in html


def test_added_and_removed_paragraphs(versions):
    old, new = versions
    services.paragraph_delete(paragraph=new.paragraphs.get(order=2), actor=None)
    services.paragraph_add(version=new, text="Hållbarhet i allt vi gör.", actor=None)
    rows = _rows(old, new)
    statuses = [row.status for row in rows]
    assert statuses == [diff.UNCHANGED, diff.REMOVED, diff.UNCHANGED, diff.UNCHANGED, diff.ADDED]
    assert diff.summary(rows)[diff.ADDED] == 1


def test_moved_paragraph_is_detected(versions):
    old, new = versions
    last = new.paragraphs.get(order=4)
    services.paragraph_move(paragraph=last, direction="up", actor=None)
    services.paragraph_move(paragraph=last, direction="up", actor=None)
    rows = _rows(old, new)
    moved = [row for row in rows if row.status == diff.MOVED]
    assert len(moved) == 1 and moved[0].new.pk == last.pk
    assert moved[0].old.order == 4 and moved[0].new.order == 2
    assert not moved[0].text_changed


def test_split_paragraph_shows_first_part_changed_and_second_added(versions):
    old, new = versions
    paragraph = new.paragraphs.get(order=2)
    services.paragraph_split(
        paragraph=paragraph,
        first_text="Vi bygger framtiden tillsammans.",
        second_text="Föreningar, företag och skolor är med.",
        base_revision=paragraph.revision,
        actor=None,
    )
    rows = _rows(old, new)
    assert [row.status for row in rows][:3] == [diff.UNCHANGED, diff.CHANGED, diff.ADDED]
    assert rows[2].split_from_order == 2
    assert "<del>" in str(rows[1].html)


def test_diff_escapes_user_text(versions):
    old, new = versions
    paragraph = new.paragraphs.get(order=2)
    services.paragraph_edit(
        paragraph=paragraph,
        text="<script>alert('x')</script> Vi bygger framtiden",
        base_revision=paragraph.revision,
        actor=None,
    )
    services.paragraph_add(version=new, text="<img src=x onerror=alert(1)>", actor=None)
    html = "".join(str(row.html) for row in _rows(old, new))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
