"""Changing a model's fields from a form's data: one helper for every service.

After HackSoft's Django Styleguide (``model_update``): a service names the fields it lets a
person change in one constant (the form's ``Meta.fields`` is built from the same constant),
and ``model_assign`` / ``model_update`` refuse any other name, so a field that is not meant
to be edited cannot be slipped into the data.

``model_assign`` only sets the values (for services that check more before they save);
``model_update`` also validates and saves, writing only the fields that changed, and records
the change (``visionsprocess.changes.record(**record)``) right after the write when the service
gives ``record`` (the process or municipality that changed); a service that records once for
several writes at its end leaves it out.
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from . import changes


def model_assign(
    *,
    instance: models.Model,
    fields: Iterable[str],
    data: dict,
    strip: bool = False,
    clean: Callable | None = None,
) -> list[str]:
    """Set ``data`` on ``instance``; every name must be one of ``fields``.

    ``strip`` trims text values; ``clean(name, value)`` may change a value before it is set.
    Returns the names of the fields whose value changed."""
    fields = tuple(fields)
    for name in data:
        if name not in fields:
            raise ValidationError(_("The field %(name)s cannot be changed here.") % {"name": name})
    updated = []
    for name, value in data.items():
        if strip and isinstance(value, str):
            value = value.strip()
        if clean is not None:
            value = clean(name, value)
        field = instance._meta.get_field(name)
        before = field.value_from_object(instance)
        setattr(instance, name, value)
        if field.value_from_object(instance) != before:
            updated.append(name)
    return updated


def model_update(
    *,
    instance: models.Model,
    fields: Iterable[str],
    data: dict,
    strip: bool = False,
    record: dict | None = None,
) -> tuple[models.Model, bool]:
    """Set ``data`` (see ``model_assign``), validate with ``full_clean`` and save; a saved
    instance writes only the fields that changed (and its ``auto_now`` time stamps).

    Returns ``(instance, has_updated)``; nothing is written when nothing changed."""
    updated = model_assign(instance=instance, fields=fields, data=data, strip=strip)
    adding = instance._state.adding
    if not updated and not adding:
        return instance, False
    instance.full_clean()
    if adding:
        instance.save()
    else:
        stamps = [
            f.name
            for f in instance._meta.concrete_fields
            if getattr(f, "auto_now", False) and f.name not in updated
        ]
        instance.save(update_fields=[*updated, *stamps])
    if record is not None:
        changes.record(**record)
    return instance, True
