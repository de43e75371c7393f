"""Acting on many contributions at once: publish, keep internal, withdraw, add or remove a theme.

The contributions to act on are a queryset (the ticked rows, or every contribution the inbox's
filter matches), never a list loaded into Python: each action is a fixed number of statements
whatever the number of contributions (``INSERT ... SELECT``, ``UPDATE ... WHERE id IN (SELECT)``),
so publishing 40 or 40,000 costs the same number of queries.

Every contribution changed gets its own moderation event, as if it had been handled one by one;
all events of one action share a ``bulk`` id. The events are written first, and the change is
then applied to exactly the contributions that got an event, so history and state agree.
"""

import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from visionsprocess import changes

from ..analysis.store import schedule_retrain
from ..filters import MODERATION_STATE, THEME
from ..models import (
    Attachment,
    Contribution,
    ContributionTheme,
    ModerationAction,
    ModerationEvent,
    ModerationState,
    Theme,
)
from .handling import ACTION_TO_STATE

#: How many contribution numbers of each refusal the message names before it says "and more".
NAMED_REFUSALS = 10


@dataclass
class BulkResult:
    """What a bulk action did: how many changed, how many were already so, and which were
    refused and why (each reason with the numbers of some of the contributions)."""

    changed: int = 0
    unchanged: int = 0
    refused: dict[str, list[int]] = field(default_factory=dict)
    refused_counts: dict[str, int] = field(default_factory=dict)

    @property
    def refused_total(self) -> int:
        return sum(self.refused_counts.values())


def _sql(queryset: QuerySet) -> tuple[str, tuple]:
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    return sql, tuple(params)


def _ids(queryset: QuerySet) -> QuerySet:
    return queryset.order_by().values("pk")


def _children_without_consent() -> Exists:
    return Exists(
        Attachment.objects.filter(
            contribution=OuterRef("pk"), shows_children=True, guardian_consent=False
        )
    )


def _counts_changed(process, changed_ids: QuerySet, *, field: str) -> None:
    """Tell the inbox's cached counts which parts of the process the action changed (one query
    over its events, ``changed_ids``), and that only filters on ``field`` can match differently
    now."""
    changes.record(process=process, contributions=changed_ids, fields=[field])


def _insert_events(rows: QuerySet, columns: dict[str, str]) -> None:
    """``INSERT INTO moderation events (...) SELECT ...`` from ``rows`` (a values() queryset whose
    columns are given in ``columns`` order: event column → value expression in the SELECT)."""
    table = ModerationEvent._meta.db_table
    select, params = _sql(rows)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {select}", params)  # noqa: S608


@transaction.atomic
def contributions_moderate_bulk(
    *, process, targets: QuerySet, action: str, by, reason: str = ""
) -> BulkResult:
    """Publish, keep internal or withdraw every contribution of ``targets`` (within ``process``).

    Publishing refuses contributions whose sender did not consent and those with a picture or
    film showing children without the guardians' consent; they are counted and named in the
    result, the others are published. Withdrawing needs a reason, kept on every event.
    """
    from django.db.models import CharField, DateTimeField, F, IntegerField, UUIDField, Value

    if action not in ACTION_TO_STATE:
        raise ValidationError(_("Choose publish, keep internal or withdraw from the web."))
    reason = (reason or "").strip()[:2000]
    if action == ModerationAction.HIDDEN and not reason:
        raise ValidationError({"reason": _("Give a reason for withdrawing it from the web.")})
    state = ACTION_TO_STATE[action]
    scope = Contribution.objects.filter(process=process, pk__in=_ids(targets))

    eligible = Q()
    refusals = {}
    if action == ModerationAction.PUBLISHED:
        # Expressions used directly, not through annotate(): Django drops an annotation from
        # the inner query of an aggregate over it (the FILTER then reads a string literal).
        children = _children_without_consent()
        refusals = {
            "no_consent": Q(consent_to_publish=False),
            "children": Q(children) & Q(consent_to_publish=True),
        }
        eligible = Q(consent_to_publish=True) & ~Q(children)
    # One aggregate: how many there are, how many are already in the state, how many refused.
    counts = scope.aggregate(
        total=Count("pk"),
        already=Count("pk", filter=Q(moderation_state=state) & eligible),
        **{name: Count("pk", filter=condition) for name, condition in refusals.items()},
    )
    result = BulkResult()
    if not counts["total"]:
        raise ValidationError(_("Select at least one contribution."))
    for name, condition in refusals.items():
        if counts[name]:
            result.refused_counts[name] = counts[name]
            result.refused[name] = list(
                scope.filter(condition).order_by("pk").values_list("pk", flat=True)[:NAMED_REFUSALS]
            )
    result.unchanged = counts["already"]

    batch = uuid.uuid4()
    now = timezone.now()
    events = (
        scope.filter(eligible)
        .exclude(moderation_state=state)
        .order_by()
        .values_list("pk")
        .annotate(
            e_action=Value(action, output_field=CharField()),
            e_from=F("moderation_state"),
            e_to=Value(state, output_field=CharField()),
            e_theme_name=Value("", output_field=CharField()),
            e_reason=Value(reason, output_field=CharField()),
            e_by=Value(getattr(by, "pk", None), output_field=IntegerField()),
            e_at=Value(now, output_field=DateTimeField()),
            e_bulk=Value(batch, output_field=UUIDField()),
        )
    )
    _insert_events(
        events,
        {
            "contribution_id": "",
            "action": "",
            "from_state": "",
            "to_state": "",
            "theme_name": "",
            "reason": "",
            "by_id": "",
            "at": "",
            "bulk": "",
        },
    )
    changed_ids = ModerationEvent.objects.filter(bulk=batch).values("contribution_id")
    result.changed = Contribution.objects.filter(pk__in=changed_ids).update(
        moderation_state=state, modified=now
    )
    _counts_changed(process, changed_ids, field=MODERATION_STATE)
    return result


@transaction.atomic
def contributions_tag_bulk(
    *, process, targets: QuerySet, theme: Theme, by, add: bool = True
) -> BulkResult:
    """Add (or remove) ``theme`` on every contribution of ``targets`` in a fixed number of
    statements; who tagged and when is kept on each tagging and as a moderation event."""
    from django.db.models import CharField, DateTimeField, F, IntegerField, UUIDField, Value

    if theme.process_id != process.pk:
        raise ValidationError(_("The theme does not belong to this process."))
    scope = Contribution.objects.filter(process=process, pk__in=_ids(targets))
    tagged = Exists(ContributionTheme.objects.filter(contribution=OuterRef("pk"), theme=theme))
    counts = scope.aggregate(total=Count("pk"), tagged=Count("pk", filter=Q(tagged)))
    if not counts["total"]:
        raise ValidationError(_("Select at least one contribution."))
    # Adding: those already tagged stay as they are; removing: those without the theme.
    result = BulkResult(unchanged=counts["tagged"] if add else counts["total"] - counts["tagged"])
    batch = uuid.uuid4()
    now = timezone.now()
    action = ModerationAction.THEME_ADDED if add else ModerationAction.THEME_REMOVED
    events = (
        scope.filter(~Q(tagged) if add else Q(tagged))
        .order_by()
        .values_list("pk")
        .annotate(
            e_action=Value(action, output_field=CharField()),
            e_from=F("moderation_state"),
            e_to=F("moderation_state"),
            e_theme=Value(theme.pk, output_field=IntegerField()),
            e_theme_name=Value(theme.name, output_field=CharField()),
            e_reason=Value("", output_field=CharField()),
            e_by=Value(getattr(by, "pk", None), output_field=IntegerField()),
            e_at=Value(now, output_field=DateTimeField()),
            e_bulk=Value(batch, output_field=UUIDField()),
        )
    )
    _insert_events(
        events,
        dict.fromkeys(
            [
                "contribution_id",
                "action",
                "from_state",
                "to_state",
                "theme_id",
                "theme_name",
                "reason",
                "by_id",
                "at",
                "bulk",
            ],
            "",
        ),
    )
    changed_ids = ModerationEvent.objects.filter(bulk=batch).values("contribution_id")
    if add:
        rows = (
            ModerationEvent.objects.filter(bulk=batch)
            .order_by()
            .values_list("contribution_id")
            .annotate(
                t_theme=Value(theme.pk, output_field=IntegerField()),
                t_by=Value(getattr(by, "pk", None), output_field=IntegerField()),
                t_at=Value(now, output_field=DateTimeField()),
            )
        )
        select, params = _sql(rows)
        table = ContributionTheme._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (contribution_id, theme_id, tagged_by_id, tagged_at) "  # noqa: S608
                f"{select} ON CONFLICT DO NOTHING",
                params,
            )
        result.changed = ModerationEvent.objects.filter(bulk=batch).count()
    else:
        result.changed, _deleted = ContributionTheme.objects.filter(
            theme=theme, contribution_id__in=changed_ids
        ).delete()
    _counts_changed(process, changed_ids, field=THEME)
    if result.changed:
        schedule_retrain(process_id=process.pk)
    return result


def moderation_state_label(action: str) -> str:
    return str(ModerationState(ACTION_TO_STATE[action]).label)
