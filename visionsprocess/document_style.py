"""A municipality's look in its PDFs: its colours, its typeface and its footer.

``templates/documents/base_print.html`` adds, after the shared print CSS and each document's own,
the style of the document's ``municipality``:

* the typeface chosen among those embedded in the PDF (``DocumentTypeface``: Source Sans 3, which
  the installation ships, or a font of the server's fontconfig: DejaVu from ``fonts-dejavu-core``,
  Liberation from ``fonts-liberation``), for the text and the page numbers;
* headings in the primary colour (text on white: 4.5:1, checked by ``visionsprocess/colours.py``);
* rules in the accent colour (lines on white: 3:1): under the title, under table headers, and
  the marks of the remissammanställning; covers and colour bands keep their own white headings;
* the same colours as CSS variables (``--doc-primary``, ``--doc-accent`` and ``--doc-tint``, a
  light background of the primary's hue) for a document's own sheet: the programme's covers,
  bands and boxes (``goals/static/goals/programme.css``);
* the footer text at the foot of every page but the cover (a running element: the text is HTML
  escaped like any text, never written into CSS).

Only checked values reach the CSS: a colour that is not #RRGGBB falls back to the default, and
the typeface is looked up in a fixed table.
"""

from .colours import is_hex_colour
from .models import DocumentTypeface

DEFAULT_PRIMARY = "#00558c"
DEFAULT_ACCENT = "#b37d00"

FAMILIES = {
    DocumentTypeface.SOURCE_SANS: '"Source Sans 3", sans-serif',
    DocumentTypeface.DEJAVU_SANS: '"DejaVu Sans", sans-serif',
    DocumentTypeface.DEJAVU_SERIF: '"DejaVu Serif", serif',
    DocumentTypeface.LIBERATION_SERIF: '"Liberation Serif", serif',
}


def _colour(value, default: str) -> str:
    return value.lower() if is_hex_colour(value) else default


def tint(colour: str, share: float = 0.1) -> str:
    """``colour`` (#rrggbb) mixed into white, ``share`` of it: a light background of its hue
    (dark text on it keeps the contrast of text on white nearly)."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in channels)


def style_css(municipality) -> str:
    """The CSS of ``municipality``'s documents (the defaults without one)."""
    primary = _colour(getattr(municipality, "primary_colour", None), DEFAULT_PRIMARY)
    accent = _colour(getattr(municipality, "accent_colour", None), DEFAULT_ACCENT)
    typeface = getattr(municipality, "document_typeface", DocumentTypeface.SOURCE_SANS)
    family = FAMILIES.get(typeface, FAMILIES[DocumentTypeface.SOURCE_SANS])
    return (
        f"/* municipality style: {typeface} {primary} {accent} */\n"
        f":root {{ --doc-primary: {primary}; --doc-accent: {accent};"
        f" --doc-tint: {tint(primary)}; }}\n"
        f"html {{ font-family: {family}; }}\n"
        f"@page {{ @bottom-center {{ font-family: {family}; }}\n"
        "  @bottom-left { content: element(doc-footer); } }\n"
        + "".join(
            f"@page :{side} {{ @bottom-left {{ font-family: {family}; }}"
            f" @bottom-right {{ font-family: {family}; }}"
            f" @bottom-left-corner {{ font-family: {family}; }}"
            f" @bottom-right-corner {{ font-family: {family}; }} }}\n"
            for side in ("left", "right")
        )
        + "@page cover { @bottom-left { content: none; } }\n"
        "@page back { @bottom-left { content: none; } }\n"
        ".doc-footer { position: running(doc-footer); font-size: 8pt; color: #4a5563; }\n"
        f"h1, h2, h3 {{ color: {primary}; }}\n"
        f"h1 {{ border-bottom: 1.5pt solid {accent}; padding-bottom: 1mm; }}\n"
        ".cover h1, .band h1, .back-cover h1 { border-bottom: none; padding-bottom: 0; }\n"
        f"th {{ border-bottom: 1pt solid {accent}; }}\n"
        f".remiss-item {{ border-top-color: {accent}; }}\n"
        f".remiss-position {{ border-left-color: {accent}; }}\n"
    )


def footer_text(municipality) -> str:
    return (getattr(municipality, "document_footer", "") or "").strip()
