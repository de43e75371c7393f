"""``{% municipality_document_style municipality %}``: the CSS of a municipality's PDFs
(``visionsprocess/document_style.py``)."""

from django import template
from django.utils.safestring import mark_safe

from ..document_style import footer_text, style_css

register = template.Library()


@register.simple_tag
def municipality_document_style(municipality):
    # Built only from checked colours and a fixed table of typefaces: safe to write as CSS.
    return mark_safe(style_css(municipality))  # noqa: S308


@register.simple_tag
def municipality_document_footer(municipality):
    return footer_text(municipality)
