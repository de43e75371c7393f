"""The registries of notice kinds and of things people may follow (see the package docstring)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model

from ..registry_base import Registry


@dataclass(frozen=True)
class NoticeKind:
    """A kind of notice an app emits.

    ``template`` renders one digest item (plain text; first line the headline) from the notice's
    ``context``; ``label`` names the kind for people ("Minutes from a meeting").
    """

    key: str
    label: str
    template: str
    #: Optional: more context computed when the digest is rendered (in the digest's language),
    #: e.g. a label looked up from a stored value. Receives the notice's ``context``.
    render_context: Callable[[dict], dict] | None = None


class NoticeKindRegistry(Registry[NoticeKind]):
    def get(self, key: str) -> NoticeKind:
        try:
            return self[key]
        except KeyError:
            raise LookupError(
                f"No notice kind {key!r}: register it in the app's AppConfig.ready()"
            ) from None


@dataclass(frozen=True)
class Followable:
    """A kind of object people may follow.

    ``model`` is ``"app_label.ModelName"``. ``describe(obj)`` says what is followed, for pages
    and e-mails ("the theme Trygghet"); ``process(obj)`` the process it belongs to.
    ``slug`` (a readable URL part) and ``lookup(reference)`` make it followable through the
    public follow form at ``/folj/<slug>/<reference>/``; ``reference(obj)`` gives the reference.
    Leave ``lookup`` out for objects followed only on the person's behalf (a meeting someone
    registered for). A lookup returns ``None`` for anything that does not exist or must not be
    followed by reference (e.g. a contribution is found by its private tracking token only).
    """

    model: str
    describe: Callable[[Any], str]
    process: Callable[[Any], Any]
    slug: str = ""
    lookup: Callable[[str], Model | None] | None = None
    reference: Callable[[Any], str] = field(default=lambda obj: str(obj.pk))
    order: int = 100


class FollowableRegistry(Registry[Followable]):
    """Keyed by the model's label (``"app_label.modelname"``, lower case)."""

    def key_of(self, followable: Followable) -> str:
        return followable.model.lower()

    def sort_key(self, followable: Followable):
        return (followable.order, followable.model)

    def for_model(self, label: str) -> Followable | None:
        return self.get(label.lower())

    def for_object(self, obj) -> Followable | None:
        return self.for_model(obj._meta.label)

    def by_slug(self, slug: str) -> Followable | None:
        return next(
            (f for f in self._items.values() if f.slug and f.lookup and f.slug == slug), None
        )


notice_kinds = NoticeKindRegistry("notice kinds")
followables = FollowableRegistry("followables")
