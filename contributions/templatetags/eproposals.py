"""Addresses of e-förslag pages: a process's (``/process/<slug>/e-forslag/...``), or, for the
municipality's own (its standing process, never listed), the short ``/e-forslag/...``."""

from django import template
from django.urls import reverse

register = template.Library()

#: The municipality's own pages (``urls_public.py``); the others are the process's only.
MUNICIPAL = {
    "eproposals": "municipal_eproposals",
    "eproposal_new": "municipal_eproposal_new",
    "eproposal": "municipal_eproposal",
    "eproposal_support": "municipal_eproposal_support",
}


def eproposal_path(name: str, process, pk=None) -> str:
    kwargs = {} if pk is None else {"pk": pk}
    if not process.listed and name in MUNICIPAL:
        return reverse(f"contributions:{MUNICIPAL[name]}", kwargs=kwargs)
    return reverse(f"contributions:{name}", kwargs={"slug": process.slug, **kwargs})


@register.simple_tag
def eproposal_url(name, process, pk=None):
    return eproposal_path(name, process, pk)
