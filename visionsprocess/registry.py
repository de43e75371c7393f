"""Registries through which feature apps plug into the core without the core importing them.

Each feature app registers, in its ``AppConfig.ready()``:

* sections of the public process page and of the staff process page
  (``process_sections.register(...)``, ``staff_sections.register(...)``),
* sections of "Ni sa – vi gjorde" (``outcome_sections``) and of a signed-in person's "Mina sidor"
  (``my_pages_sections``, whose ``get_context`` receives the user),
* sections of the public consultation page and of the drafters' page of its answers
  (``consultation_sections``, ``consultation_staff_sections``; their ``get_context`` receives the
  consultation instead of the process), and
* sections of the municipality page (``municipality_sections``, ``get_context(request,
  municipality)``: the visions, the calendar, the association register), and
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

from .registry_base import Registry


@dataclass(frozen=True)
class Section:
    """A block of a page, rendered from ``template`` with the context ``get_context`` returns.

    ``get_context(request, process)`` may return ``None`` to hide the section.

    ``public_cache``: what an anonymous visitor sees of the section is cached, rendered, until
    a change of its process or municipality is recorded (``visionsprocess/page_cache.py``). Only for a section whose
    content is a function of the database, the language and, through ``expires``, the clock:
    ``expires(context)`` returns when the rendered section goes stale by time alone (the end of
    the first meeting listed as upcoming, a survey's opening), or ``None``.
    """

    key: str
    template: str
    order: int = 100
    get_context: Callable[[HttpRequest, Any], dict | None] = field(
        default=lambda request, process: {}
    )
    public_cache: bool = False
    expires: Callable[[dict], Any] | None = None


class SectionRegistry(Registry[Section]):
    """Sections of one kind of page. ``subject`` names the object the page is about."""

    def __init__(self, name: str, subject: str = "process"):
        super().__init__(name)
        self.subject = subject


process_sections = SectionRegistry("process page")
staff_sections = SectionRegistry("staff process page")
consultation_sections = SectionRegistry("consultation page", subject="consultation")
consultation_staff_sections = SectionRegistry("consultation answers page", subject="consultation")
#: "Ni sa – vi gjorde": what came of the dialogue, per process (``get_context(request, process)``).
outcome_sections = SectionRegistry("you said, we did page")
#: "Mina sidor" of a signed-in person (``get_context(request, user)``; the subject is ``owner``).
my_pages_sections = SectionRegistry("my pages", subject="owner")
#: The municipality page (``/``): everything the municipality runs (``get_context(request,
#: municipality)``; the subject is ``municipality``). What is open now is a registry of its own
#: (``visionsprocess/open_now.py``).
municipality_sections = SectionRegistry("municipality page", subject="municipality")


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


class DocumentRegistry(Registry[DocumentKind]):
    def get(self, key: str) -> DocumentKind:
        """The kind registered as ``key``; an unknown key is a ``KeyError``."""
        return self[key]


documents = DocumentRegistry("document kinds")


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


decision_matters: Registry[DecisionMatter] = Registry("decision matters")


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


class StageOpeningRegistry(Registry[StageOpening]):
    """Inputs first, then activities; each by order and key."""

    def check(self, opening: StageOpening) -> None:
        if opening.group not in (INPUT, ACTIVITY):
            raise ValueError(f"Unknown group {opening.group!r} for {opening.key!r}")

    def sort_key(self, opening: StageOpening):
        return (opening.group != INPUT, opening.order, opening.key)

    def inputs(self) -> list[StageOpening]:
        return [o for o in self if o.group == INPUT]

    def activities(self) -> list[StageOpening]:
        return [o for o in self if o.group == ACTIVITY]

    def known(self, keys) -> list[StageOpening]:
        """The registered openings among ``keys``, in registry order (unknown keys are left out)."""
        wanted = set(keys or ())
        return [o for o in self if o.key in wanted]


stage_openings = StageOpeningRegistry("stage openings")


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


structure_parts: Registry[StructurePart] = Registry("structure parts")


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


# --- Personal data a process holds, and how gallring removes it --------------------------------


@dataclass(frozen=True)
class PersonalData:
    """One kind of personal data an app holds for a process (names, e-mail addresses, hashed
    keys, ...), registered so that gallring (``visionsprocess/retention.py``) can count and
    remove it without the core importing the app.

    * ``count(process, keep_public_text)``: how many rows or files ``remove`` would change now
      (0 once removed);
    * ``remove(process, keep_public_text)``: remove or anonymise it, returning how many rows or
      files it changed; idempotent. ``keep_public_text`` is the retention rule's answer to
      whether the public record of what was said (texts, pictures, films) stays;
    * ``values(process)``: the personal values themselves (names, addresses, keys), used only in
      memory: to find the outgoing e-mail to the same addresses, and by the tests' scan. Never
      stored or logged.
    """

    key: str
    label: str
    count: Callable[[Any, bool], int]
    remove: Callable[[Any, bool], int]
    values: Callable[[Any], set] = field(default=lambda process: set())
    order: int = 100


personal_data: Registry[PersonalData] = Registry("personal data")
