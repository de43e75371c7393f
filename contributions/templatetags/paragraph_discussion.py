"""The discussion of a draft on consultation, on the core's consultation page: the counts of
every paragraph in two grouped queries (``{% paragraph_discussion_counts version as counts %}``)
and each paragraph's own (``paragraph|discussion_of:counts``)."""

from django import template

from ..selectors.paragraph_discussion import counts

register = template.Library()

EMPTY = {"comments": 0, "supports": 0}


class Counts(dict):
    """``{paragraph id: {"comments": n, "supports": n}}``; a paragraph without any has zeros.
    True even when empty: the page shows the links before the first comment."""

    def __bool__(self):
        return True


@register.simple_tag
def paragraph_discussion_counts(version):
    return Counts(counts(version=version))


@register.filter
def discussion_of(paragraph, found):
    if not isinstance(found, Counts):
        return None
    return found.get(paragraph.pk, EMPTY)
