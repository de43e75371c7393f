"""Lookups on integer columns that find nothing for numbers the column cannot hold.

Django answers ``pk=10**25`` with "no rows" (its integer lookups know the column's range), but
not ``pk__in=[10**25]`` nor ``survey_id=10**25`` through a foreign key: SQLite raises
``OverflowError`` and PostgreSQL may refuse the value, a 500 wherever a number from a URL or a
form reaches such a lookup (``<int:pk>`` matches any number of digits). Registered in
``VisionsprocessConfig.ready`` on ``IntegerField`` (and so every auto field) and on
``ForeignKey``: such numbers are dropped, as no row can have them.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignKey, IntegerField
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In


def _out_of_range(value, field, connection) -> bool:
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    target = getattr(field, "target_field", field)
    try:
        low, high = connection.ops.integer_field_range(target.get_internal_type())
    except KeyError:
        return False
    return (low is not None and value < low) or (high is not None and value > high)


class RelatedExactInRange(RelatedExact):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value() and _out_of_range(
            self.rhs, self.lhs.output_field, connection
        ):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)


class RelatedInInRange(RelatedIn):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value() and not getattr(self.rhs, "query", None):
            field = self.lhs.output_field
            kept = [v for v in self.rhs if not _out_of_range(v, field, connection)]
            if not kept:
                raise EmptyResultSet
            self.rhs = kept
        return super().process_rhs(compiler, connection)


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            kept = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
            if not kept:
                raise EmptyResultSet
            self.rhs = kept
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
    ForeignKey.register_lookup(RelatedExactInRange)
    ForeignKey.register_lookup(RelatedInInRange)
