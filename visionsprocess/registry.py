"""Registries through which feature apps plug into the core without the core importing them.

Each feature app registers, in its ``AppConfig.ready()``:

* sections of the public process page and of the staff process page
  (``process_sections.register(...)``, ``staff_sections.register(...)``),
* sections of the public consultation page and of the drafters' page of its answers
  (``consultation_sections``, ``consultation_staff_sections``; their ``get_context`` receives the
  consultation instead of the process), and
* the document kinds it owns (``documents.register(...)``), and
* what a stage of a process can open: the kinds of input it receives and the activities that
  belong to it (``stage_openings.register(...)``).
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


# --- What a stage opens -----------------------------------------------------------------------

#: A stage opening that lets citizens send in a kind of input (checked when input arrives).
INPUT = "input"
#: A stage opening that says an activity belongs to the stage (meetings, drafting, follow-up...).
ACTIVITY = "activity"


@dataclass(frozen=True)
class StageOpening:
    """Something a stage of a process can open.

    ``key`` is stored in ``Stage.opens``; ``group`` is ``INPUT`` (a kind of input citizens send
    in while the stage is current, e.g. a contribution kind) or ``ACTIVITY`` (an activity that
    belongs to the stage, e.g. meetings or consultation). ``label`` names it for officials,
    ``public_label`` tells citizens what they can do (defaults to ``label``).
    """

    key: str
    label: str
    group: str = INPUT
    order: int = 100
    help_text: str = ""
    public_label: str = ""

    @property
    def is_input(self) -> bool:
        return self.group == INPUT

    @property
    def shown_label(self) -> str:
        return self.public_label or self.label


class StageOpeningRegistry:
    def __init__(self):
        self._openings: dict[str, StageOpening] = {}

    def register(self, opening: StageOpening) -> StageOpening:
        if opening.group not in (INPUT, ACTIVITY):
            raise ValueError(f"Unknown group {opening.group!r} for {opening.key!r}")
        self._openings[opening.key] = opening
        return opening

    def get(self, key: str) -> StageOpening | None:
        return self._openings.get(key)

    def __contains__(self, key):
        return key in self._openings

    def __iter__(self):
        return iter(
            sorted(self._openings.values(), key=lambda o: (o.group != INPUT, o.order, o.key))
        )

    def inputs(self) -> list[StageOpening]:
        return [o for o in self if o.group == INPUT]

    def activities(self) -> list[StageOpening]:
        return [o for o in self if o.group == ACTIVITY]

    def known(self, keys) -> list[StageOpening]:
        """The registered openings among ``keys``, in registry order (unknown keys are left out)."""
        wanted = set(keys or ())
        return [o for o in self if o.key in wanted]


stage_openings = StageOpeningRegistry()


# --- The structure of a process that apps own ------------------------------------------------


@dataclass(frozen=True)
class StructurePart:
    """A part of a process's structure an app owns (themes, conversation kits, ...).

    When a process is created by copying an earlier one, the core copies its own settings and
    stages and then calls ``copy(source, target)`` of every part (which returns how many things
    it copied); it never copies input (contributions, answers, registrations). When a process is
    created from a template, ``seed(template_key, target)`` (if given) may add the starting
    content the app keeps for that template, returning how many things it created.
    """

    key: str
    label: str
    copy: Callable[[Any, Any], int]
    seed: Callable[[str, Any], int] | None = None
    order: int = 100


class StructurePartRegistry:
    def __init__(self):
        self._parts: dict[str, StructurePart] = {}

    def register(self, part: StructurePart) -> StructurePart:
        self._parts[part.key] = part
        return part

    def __contains__(self, key):
        return key in self._parts

    def __iter__(self):
        return iter(sorted(self._parts.values(), key=lambda p: (p.order, p.key)))


structure_parts = StructurePartRegistry()


# --- Parts of a document that other apps add ---------------------------------------------------


@dataclass(frozen=True)
class DocumentPart:
    """A part another app adds to a document kind it does not own (e.g. the focus areas in the
    core's process overview). ``get_context(source)`` returns the context of ``template`` or
    ``None`` to leave the part out; ``version(source)`` a short string that changes whenever the
    part's content would, so that a changed part makes a new document."""

    key: str
    template: str
    get_context: Callable[[Any], dict | None]
    version: Callable[[Any], str]
    order: int = 100


class DocumentPartRegistry:
    def __init__(self):
        self._parts: dict[str, dict[str, DocumentPart]] = {}

    def register(self, document_kind: str, part: DocumentPart) -> DocumentPart:
        self._parts.setdefault(document_kind, {})[part.key] = part
        return part

    def for_kind(self, document_kind: str) -> list[DocumentPart]:
        parts = self._parts.get(document_kind, {}).values()
        return sorted(parts, key=lambda p: (p.order, p.key))

    def render(self, document_kind: str, source) -> list[SafeString]:
        rendered = []
        for part in self.for_kind(document_kind):
            context = part.get_context(source)
            if context is not None:
                rendered.append(SafeString(render_to_string(part.template, context)))
        return rendered

    def versions(self, document_kind: str, source) -> list[str]:
        return [f"{part.key}:{part.version(source)}" for part in self.for_kind(document_kind)]


document_parts = DocumentPartRegistry()
