"""A municipality's colours, checked for WCAG 2.1 AA contrast as the pages and PDFs use them.

* The primary colour is the background of the site's header and of buttons, with white text on
  it, and the colour of headings and links on white: text, so at least 4.5:1 (WCAG 1.4.3).
* The accent colour draws rules and marks on white (the line under a heading, the bar beside
  feedback, the rules of the PDFs): graphics, so at least 3:1 against white (WCAG 1.4.11).

The ratio is WCAG's: (L1 + 0.05) / (L2 + 0.05) of the relative luminances of the two colours.
"""

import re

from django.utils.translation import gettext as _

TEXT_RATIO = 4.5
GRAPHICS_RATIO = 3.0
WHITE = "#ffffff"

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def is_hex_colour(value) -> bool:
    return isinstance(value, str) and bool(_HEX.match(value))


def relative_luminance(value: str) -> float:
    """WCAG 2.1 relative luminance of the colour #RRGGBB (0 black … 1 white)."""

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(value[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str = WHITE) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def colour_errors(*, primary: str, accent: str) -> dict[str, str]:
    """The fields whose colour is too light against white, with a message a person can act on
    (empty when both are readable). Colours that are not #RRGGBB are the field validator's."""
    errors = {}
    if is_hex_colour(primary) and (ratio := contrast_ratio(primary)) < TEXT_RATIO:
        errors["primary_colour"] = _(
            "White text on this colour is hard to read (contrast %(ratio).1f:1, "
            "at least 4.5:1 is needed). Choose a darker colour."
        ) % {"ratio": ratio}
    if is_hex_colour(accent) and (ratio := contrast_ratio(accent)) < GRAPHICS_RATIO:
        errors["accent_colour"] = _(
            "Lines in this colour are hard to see on white (contrast %(ratio).1f:1, "
            "at least 3:1 is needed). Choose a darker colour."
        ) % {"ratio": ratio}
    return errors
