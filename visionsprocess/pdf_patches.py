"""Every change this project makes inside WeasyPrint and pydyf, in one place, behind a fence.

WeasyPrint writes tagged PDF/A on its own; five things it does not do the way an archive, a
screen reader or a 100-page action plan needs, and each is fixed here by replacing one of its
(or pydyf's) internals:

1. **Pagination artifacts.** Page numbers and running titles (the page's margin boxes) are
   marked ``/Artifact <</Type /Pagination>>`` in the content and left out of the structure tree,
   so a screen reader does not read "7 Strategiskt utvecklingsprogram …" between two paragraphs
   (``draw.draw_stacking_context``, ``pdf.stream.Stream.marked``, ``pdf.tags._build_box_tree``).
2. **Links described in words.** A link annotation's ``/Contents`` says where it goes in words
   (the link's text, label or title), not the bare ``#spread-3`` (``pdf.add_links``).
3. **Page references built once.** pydyf's ``PDF.page_references`` builds a tuple of every
   page's reference each time it is read, and the tagging reads it once per structure element:
   pages × elements, about 0.3 s for a 100-page table. The same tuple is kept until a page is
   added.
4. **Deflate at level 6.** pydyf deflates every stream at zlib level 9: on the 101-page action
   plan 0.35–0.5 s more CPU than level 6, for a file under 5 % smaller. Any level is valid PDF/A.
5. **Table headers carry their scope.** WeasyPrint reads a ``<th>``'s ``scope`` to link data
   cells to their headers but writes no /Scope on the TH element, so a screen reader cannot tell
   a row header from a column header; /Row or /Column is added (PDF 1.7, 14.8.5.7)
   (``pdf.tags._build_box_tree``).

These are internals, which a new release may move or change. So:

* ``check_versions()`` refuses, with a message saying what to do, a WeasyPrint or pydyf
  version the patches were not written for. It runs from ``VisionsprocessConfig.ready()``,
  i.e. when any process starts (it reads the installed versions' metadata and costs nothing).
* ``apply()`` makes the changes, once per process, when the first document is rendered.
  Importing WeasyPrint takes well over a second, which every web process and management command
  would otherwise pay at start-up for nothing.
* Each patch has a test of its own (``tests/visionsprocess/test_pdf_patches.py``) that fails if
  the library's behaviour under it changes (the original's output, the marked content, the
  annotation, the deflate level).
"""

import threading
import zlib
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as installed_version

from django.core.exceptions import ImproperlyConfigured

#: The versions the patches were written and tested for: [lowest, first unsupported).
SUPPORTED = {
    "weasyprint": ((69, 0), (71, 0)),
    "pydyf": ((0, 11), (0, 14)),
}

#: zlib level for the PDF's streams (see 4. above).
FLATE_LEVEL = 6

_lock = threading.Lock()
_applied = False
#: What each patch replaced, by name (the tests compare the patched behaviour with it).
ORIGINALS: dict[str, object] = {}


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for part in text.split("."):
        digits = len(part) - len(part.lstrip("0123456789"))
        if not digits:
            break
        parts.append(int(part[:digits]))
        if digits < len(part):  # "0rc1": a pre-release of 0; nothing after counts
            break
    return tuple(parts)


def unsupported_versions() -> list[str]:
    """One sentence per library whose installed version the patches were not written for."""
    problems = []
    for package, (lowest, first_unsupported) in SUPPORTED.items():
        try:
            found = installed_version(package)
        except PackageNotFoundError:
            problems.append(f"{package} is not installed.")
            continue
        if not lowest <= _version_tuple(found) < first_unsupported:
            wanted = f">={'.'.join(map(str, lowest))},<{'.'.join(map(str, first_unsupported))}"
            problems.append(
                f"{package} {found} is installed, but visionsprocess/pdf_patches.py was written "
                f"for {package}{wanted}. Install a supported version (pyproject.toml), or check "
                f"each patch against the new release, run tests/visionsprocess/test_pdf_patches.py "
                f"and widen SUPPORTED."
            )
    return problems


def check_versions() -> None:
    """Refuse to start with a WeasyPrint or pydyf the patches were not written for."""
    problems = unsupported_versions()
    if problems:
        raise ImproperlyConfigured(" ".join(problems))


def apply() -> None:
    """Make the five changes (idempotent; safe from several threads)."""
    global _applied
    if _applied:
        return
    with _lock:
        if _applied:
            return
        check_versions()
        _patch_pagination_artifacts()
        _patch_described_links()
        _patch_page_references()
        _patch_flate_level()
        _patch_header_scope()
        _applied = True


# --- 1. Pagination artifacts ------------------------------------------------------------------


def _patch_pagination_artifacts() -> None:
    import pydyf
    from weasyprint import draw as weasy_draw
    from weasyprint.formatting_structure import boxes as weasy_boxes
    from weasyprint.pdf import stream as weasy_stream
    from weasyprint.pdf import tags as weasy_tags

    draw_stacking_context = weasy_draw.draw_stacking_context

    def draw_with_pagination(stream, stacking_context):
        if isinstance(stacking_context.box, weasy_boxes.MarginBox):
            previous = getattr(stream, "_vp_pagination", False)
            stream._vp_pagination = True
            try:
                return draw_stacking_context(stream, stacking_context)
            finally:
                stream._vp_pagination = previous
        return draw_stacking_context(stream, stacking_context)

    marked = weasy_stream.Stream.marked

    @contextmanager
    def marked_or_pagination(self, box, tag):
        if getattr(self, "_vp_pagination", False) and self._tags is not None:
            self.begin_marked_content(
                "Artifact", pydyf.Dictionary({"Type": "/Pagination", "Subtype": "/Footer"})
            )
            try:
                yield
            finally:
                self.end_marked_content()
            return
        with marked(self, box, tag):
            yield

    build_box_tree = weasy_tags._build_box_tree

    def box_tree_without_margins(box, *args, **kwargs):
        if isinstance(box, weasy_boxes.MarginBox):
            return iter(())  # artifacts: not in the structure tree
        return build_box_tree(box, *args, **kwargs)

    weasy_draw.draw_stacking_context = draw_with_pagination
    weasy_stream.Stream.marked = marked_or_pagination
    weasy_tags._build_box_tree = box_tree_without_margins


# --- 2. Links described in words ----------------------------------------------------------------


def link_description(link_type: str, target: str, words: str) -> str:
    """What a link annotation's /Contents says (Swedish, like the documents)."""
    if link_type == "internal":
        return f"Gå till {words} i dokumentet" if words else "Gå till ett avsnitt"
    return f"{words} – webbsida {target}" if words and words != target else f"Webbsida {target}"


def _patch_described_links() -> None:
    import pydyf
    import weasyprint.pdf as weasy_pdf
    from weasyprint.pdf import anchors as weasy_anchors

    add_links = weasy_anchors.add_links

    def add_described_links(links_and_anchors, matrix, pdf, page, names, tags):
        add_links(links_and_anchors, matrix, pdf, page, names, tags)
        if tags is None:
            return
        for link_type, target, _rectangle, box in links_and_anchors[0]:
            annotation = getattr(box, "link_annotation", None)
            element = getattr(box, "element", None)
            if annotation is None or element is None:
                continue
            words = (
                element.get("aria-label")
                or element.get("title")
                or " ".join("".join(element.itertext()).split())
            )
            annotation["Contents"] = pydyf.String(link_description(link_type, target, words))

    weasy_pdf.add_links = add_described_links


# --- 3. Page references built once ----------------------------------------------------------------


def _patch_page_references() -> None:
    import pydyf

    def page_references(pdf):
        kids = pdf.pages["Kids"]
        cached = pdf.__dict__.get("_vp_page_references")
        if cached is None or cached[0] is not kids or cached[1] != len(kids):
            references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
            cached = pdf._vp_page_references = (kids, len(kids), references)
        return cached[2]

    ORIGINALS["page_references"] = pydyf.PDF.page_references
    pydyf.PDF.page_references = property(page_references)


# --- 4. Deflate at level 6 -------------------------------------------------------------------------


class PydyfZlib:
    """zlib as pydyf sees it: the same module, with streams deflated at ``FLATE_LEVEL``."""

    def __getattr__(self, name):
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level=FLATE_LEVEL, *args, **kwargs):
        return zlib.compressobj(FLATE_LEVEL, *args, **kwargs)


def _patch_flate_level() -> None:
    import pydyf

    ORIGINALS["zlib"] = pydyf.zlib
    pydyf.zlib = PydyfZlib()


# --- 5. Table headers carry their scope ------------------------------------------------------------


def header_scope(scope: str | None) -> str:
    """The PDF /Scope of a ``<th>`` with HTML ``scope`` (WeasyPrint's own default: a column)."""
    return "/Row" if scope in ("row", "rowgroup") else "/Column"


def _patch_header_scope() -> None:
    from weasyprint.pdf import tags as weasy_tags

    build_box_tree = weasy_tags._build_box_tree  # after 1.: the margin-free one

    def box_tree_with_header_scope(box, *args, **kwargs):
        for element in build_box_tree(box, *args, **kwargs):
            if (
                element.get("S") == "/TH"
                and getattr(box, "element", None) is not None
                and box.element_tag == "th"
            ):
                element["A"]["Scope"] = header_scope(box.element.attrib.get("scope"))
            yield element

    ORIGINALS["build_box_tree_scope"] = build_box_tree
    # The module calls itself through this global, so nested cells get it too.
    weasy_tags._build_box_tree = box_tree_with_header_scope
