"""The one registry class: things apps register by key in ``AppConfig.ready()``.

Every registry of the project (page sections, document kinds, decision matters, stage
openings, structure parts, personal data, notice kinds, things to follow, search sources,
theme outcome parts) is an instance of ``Registry`` or a subclass that adds only what differs
(a check on register, another order, a lookup of its own)::

    structure_parts: Registry[StructurePart] = Registry("structure parts")
    structure_parts.register(StructurePart(key="themes", ...))
    "themes" in structure_parts; list(structure_parts); structure_parts.get("themes")

Registering an item with a key already registered replaces it. Items are iterated by their
``order`` (100 when they have none), then their key.
"""

from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """Items of one kind, by key. Subclasses override ``key_of`` / ``sort_key`` / ``check``."""

    def __init__(self, name: str = ""):
        self.name = name
        self._items: dict[str, T] = {}

    def key_of(self, item: T) -> str:
        return item.key

    def sort_key(self, item: T):
        return (getattr(item, "order", 100), self.key_of(item))

    def check(self, item: T) -> None:
        """Refuse an item that cannot be registered (raise ``ValueError``)."""

    def register(self, item: T) -> T:
        self.check(item)
        self._items[self.key_of(item)] = item
        return item

    def unregister(self, key: str) -> T | None:
        """Take an item out again (for tests that register one of their own)."""
        return self._items.pop(key, None)

    def get(self, key: str) -> T | None:
        return self._items.get(key)

    def __getitem__(self, key: str) -> T:
        return self._items[key]

    def __contains__(self, key) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[T]:
        return iter(sorted(self._items.values(), key=self.sort_key))

    def label(self, key: str) -> str:
        """The label of the item registered as ``key``, or the key itself."""
        item = self._items.get(key)
        return str(item.label) if item is not None else key

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}: {len(self._items)} items>"
