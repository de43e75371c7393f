"""Compare two versions of a text, paragraph by paragraph and word by word.

Paragraphs are matched across versions by their ``lineage``. A matched paragraph is *changed*
when its text, kind or short title differ, and *moved* when it left the longest common order of
the matched paragraphs. A paragraph split in two keeps the lineage on its first part (changed)
and the second part is *added*, marked as split from the first. Words are marked with <ins> and
<del>, each with visually hidden words ("added", "removed") so the change is not told by colour
alone.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

ADDED, REMOVED, CHANGED, MOVED, UNCHANGED = "added", "removed", "changed", "moved", "unchanged"

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class DiffRow:
    status: str
    old: object | None = None
    new: object | None = None
    html: SafeString = field(default_factory=lambda: mark_safe(""))  # noqa: S308 - empty
    moved: bool = False
    text_changed: bool = False
    split_from_order: int | None = None

    @property
    def paragraph(self):
        return self.new or self.old


def word_diff(old: str, new: str) -> SafeString:
    """``new`` with the words removed from ``old`` in <del> and the words added in <ins>."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    removed_label, added_label = _("removed:"), _("added:")
    parts = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(
                format_html(
                    '<del><span class="visually-hidden">[{} </span>{}<span '
                    'class="visually-hidden">]</span></del>',
                    removed_label,
                    "".join(a[i1:i2]),
                )
            )
        if op in ("insert", "replace"):
            parts.append(
                format_html(
                    '<ins><span class="visually-hidden">[{} </span>{}<span '
                    'class="visually-hidden">]</span></ins>',
                    added_label,
                    "".join(b[j1:j2]),
                )
            )
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every part escaped


def _content(paragraph) -> tuple:
    return (paragraph.kind, paragraph.short_title, paragraph.text)


def compare(old_paragraphs, new_paragraphs) -> list[DiffRow]:
    """Rows in the order of the new version; removed paragraphs where they stood in the old."""
    old_list, new_list = list(old_paragraphs), list(new_paragraphs)
    old_by_lineage = {p.lineage: p for p in old_list}
    new_by_lineage = {p.lineage: p for p in new_list}
    common_old = [p.lineage for p in old_list if p.lineage in new_by_lineage]
    common_new = [p.lineage for p in new_list if p.lineage in old_by_lineage]
    matcher = difflib.SequenceMatcher(a=common_old, b=common_new, autojunk=False)
    in_place = set()
    for block in matcher.get_matching_blocks():
        in_place.update(common_old[block.a : block.a + block.size])
    new_order = {p.lineage: index for index, p in enumerate(new_list, start=1)}

    rows: list[DiffRow] = []
    for paragraph in new_list:
        old = old_by_lineage.get(paragraph.lineage)
        if old is None:
            row = DiffRow(ADDED, new=paragraph, html=escape(paragraph.text))
            if paragraph.split_from:
                row.split_from_order = new_order.get(paragraph.split_from)
            rows.append(row)
            continue
        text_changed = _content(old) != _content(paragraph)
        moved = paragraph.lineage not in in_place
        status = MOVED if moved else CHANGED if text_changed else UNCHANGED
        html = word_diff(old.text, paragraph.text) if text_changed else escape(paragraph.text)
        rows.append(
            DiffRow(
                status, old=old, new=paragraph, html=html, moved=moved, text_changed=text_changed
            )
        )
    # Removed paragraphs go after the row of the paragraph that preceded them in the old version.
    position = {row.paragraph.lineage: index for index, row in enumerate(rows)}
    insertions: list[tuple[int, int, DiffRow]] = []
    previous_index = -1
    for seq, paragraph in enumerate(old_list):
        if paragraph.lineage in new_by_lineage:
            previous_index = position[paragraph.lineage]
            continue
        insertions.append(
            (previous_index, seq, DiffRow(REMOVED, old=paragraph, html=escape(paragraph.text)))
        )
    for offset, (after, _seq, row) in enumerate(sorted(insertions, key=lambda t: (t[0], t[1]))):
        rows.insert(after + 1 + offset, row)
    return rows


def summary(rows: list[DiffRow]) -> dict[str, int]:
    counts = dict.fromkeys((ADDED, REMOVED, CHANGED, MOVED, UNCHANGED), 0)
    for row in rows:
        counts[row.status] += 1
    return counts
