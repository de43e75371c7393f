from django import template

register = template.Library()


@register.filter
def public_citations(paragraph):
    """The citations of a paragraph that may be shown to the public."""
    citations = getattr(paragraph, "citations", None)
    if citations is None:
        return []
    return [citation for citation in citations.all() if citation.is_public]
