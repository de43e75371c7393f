"""Registries through which feature apps plug into the core without the core importing them.

Each feature app registers, in its ``AppConfig.ready()``:

* sections of the public process page and of the staff process page
  (``process_sections.register(...)``, ``staff_sections.register(...)``),
* sections of "Ni sa – vi gjorde" (``outcome_sections``) and of a signed-in person's "Mina sidor"
  (``my_pages_sections``, whose ``get_context`` receives the user),
* sections of the public consultation page and of the drafters' page of its answers
  (``consultation_sections``, ``consultation_staff_sections``; their ``get_context`` receives the
  consultation instead of the process), and
* the document kinds it owns (``documents.register(...)``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Section:
    """A block of a page, rendered from ``template`` with the context ``get_context`` returns.

    ``get_context(request, process)`` may return ``None`` to hide the section.
    """

    key: str
    template: str
    order: int = 100
    get_context: Callable[[HttpRequest, Any], dict | None] = field(
        default=lambda request, process: {}
    )


class SectionRegistry:
    """Sections of one kind of page. ``subject`` names the object the page is about."""

    def __init__(self, name: str, subject: str = "process"):
        self.name = name
        self.subject = subject
        self._sections: dict[str, Section] = {}

    def register(self, section: Section) -> Section:
        self._sections[section.key] = section
        return section

    def __iter__(self):
        return iter(sorted(self._sections.values(), key=lambda s: (s.order, s.key)))

    def __contains__(self, key):
        return key in self._sections

    def render(self, request: HttpRequest, obj) -> list[SafeString]:
        """Render every section for ``obj`` (a process, or an object with a ``process``)."""
        base = {self.subject: obj}
        if self.subject != "process" and hasattr(obj, "process"):
            base["process"] = obj.process
        rendered = []
        for section in self:
            context = section.get_context(request, obj)
            if context is None:
                continue
            context = {**base, **context}
            rendered.append(SafeString(render_to_string(section.template, context, request)))
        return rendered


process_sections = SectionRegistry("process page")
staff_sections = SectionRegistry("staff process page")
consultation_sections = SectionRegistry("consultation page", subject="consultation")
consultation_staff_sections = SectionRegistry("consultation answers page", subject="consultation")
#: "Ni sa – vi gjorde": what came of the dialogue, per process (``get_context(request, process)``).
outcome_sections = SectionRegistry("you said, we did page")
#: "Mina sidor" of a signed-in person (``get_context(request, user)``; the subject is ``owner``).
my_pages_sections = SectionRegistry("my pages", subject="owner")


@dataclass(frozen=True)
class DocumentKind:
    """A kind of PDF document an app can render.

    ``build_context(source)`` returns the template context; ``source_version(source)`` returns a
    short string that changes whenever the rendered content would change; ``title(source)`` the
    document title; ``permission`` the django-rules permission a user needs (checked against the
    source's process) to ask for, see and download it.
    """

    key: str
    label: str
    template: str
    build_context: Callable[[Any], dict]
    source_version: Callable[[Any], str]
    title: Callable[[Any], str]
    permission: str = "visionsprocess.render_document"
    keywords: tuple[str, ...] = ()
    metadata: Callable[[Any], dict] | None = None


class DocumentRegistry:
    def __init__(self):
        self._kinds: dict[str, DocumentKind] = {}

    def register(self, kind: DocumentKind) -> DocumentKind:
        self._kinds[kind.key] = kind
        return kind

    def get(self, key: str) -> DocumentKind:
        return self._kinds[key]

    def __contains__(self, key):
        return key in self._kinds

    def __iter__(self):
        return iter(self._kinds.values())


documents = DocumentRegistry()
