"""Registries through which feature apps plug into the core without the core importing them.

Each feature app registers, in its ``AppConfig.ready()``:

* sections of the public process page and of the staff process page
  (``process_sections.register(...)``, ``staff_sections.register(...)``),
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
        if self.subject != "process":
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


class SourceMissing(Exception):
    """A kind of document cannot be made for a process yet; ``str()`` says what is missing."""


def _process_itself(process):
    return process


@dataclass(frozen=True)
class DocumentKind:
    """A kind of PDF document an app can render.

    ``source_for(process)`` finds what a document of this kind is made from in a process (the
    process itself, its adopted drafting version, the current version of its action plan...) or
    raises ``SourceMissing`` with a sentence saying what is missing; the kind is only offered
    where its source exists. ``build_context(source)`` returns the template context;
    ``source_version(source)`` a short string that changes whenever the rendered content would
    change; ``title(source)`` the document title, which tells documents apart (kind, process,
    version or year); ``metadata(source)`` the registry fields; ``decision(source)`` the
    decision that adopted the source, whose facts (body, date, §, Dnr) every cover, colophon,
    XMP field and archive row states. ``permission`` is the django-rules permission a user
    needs (checked against the source's process) to ask for, see and download it.

    Titles, metadata and the document itself are in the municipality's language whatever the
    interface language of the person who asks (the pipeline renders them under it).

    Publication to citizens (the public library): ``public(source)`` says whether a finished
    document of this source may be shown to anyone, e.g. once its source is adopted (the
    programme once the council adopted it, the adopted text, the action plan version in force).
    A kind with ``needs_publishing`` (the dialogue synthesis) is public only once an official
    has published a finished document of it. A kind without ``public`` is staff-only.
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
    source_for: Callable[[Any], Any] = _process_itself
    decision: Callable[[Any], Any] | None = None
    public: Callable[[Any], bool] | None = None
    needs_publishing: bool = False
    order: int = 100
    #: A short text for citizens on what the document is (the public library).
    description: str = ""

    @property
    def can_be_public(self) -> bool:
        return self.public is not None


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
        return iter(sorted(self._kinds.values(), key=lambda kind: (kind.order, kind.key)))


documents = DocumentRegistry()


@dataclass(frozen=True)
class DecisionMatter:
    """What a kind of decision is about: the text of a drafting version, the council goals, the
    programme, a version of the action plan... Each app registers the matters it owns.

    ``targets(process)`` lists the objects of the process a decision of this matter can be about,
    as ``(key, label)`` pairs (empty: the matter is about the process as a whole);
    ``attach(decision, key)`` links a recorded decision to the chosen object (the link lives in
    the app that owns the object, so the core never imports it); ``subject(process, key)`` is the
    default Swedish wording of what was decided.
    """

    key: str
    label: str
    order: int = 100
    targets: Callable[[Any], list[tuple[str, str]]] | None = None
    attach: Callable[[Any, str], None] | None = None
    subject: Callable[[Any, str], str] | None = None
    #: Recorded on the drafting pages (decisions along the adoption path of a version).
    on_version: bool = False


class DecisionMatterRegistry:
    def __init__(self):
        self._matters: dict[str, DecisionMatter] = {}

    def register(self, matter: DecisionMatter) -> DecisionMatter:
        self._matters[matter.key] = matter
        return matter

    def get(self, key: str) -> DecisionMatter | None:
        return self._matters.get(key)

    def __contains__(self, key):
        return key in self._matters

    def __iter__(self):
        return iter(sorted(self._matters.values(), key=lambda m: (m.order, m.key)))

    def label(self, key: str) -> str:
        matter = self._matters.get(key)
        return str(matter.label) if matter else key


decision_matters = DecisionMatterRegistry()
