"""The tripwire: a test fails when product code writes to a table without recording a change.

Caches (the public pages, the inbox counts) go stale only when a service says what it changed
(``visionsprocess.changes.record``). A service that writes and forgets to say so would leave a
page or a count showing old data. So every test runs with an execute wrapper on its database
connection (here, in the tests only: product code has none) that notes each ``INSERT``,
``UPDATE`` and ``DELETE`` and the *entry point* of product code it came from: the outermost
frame of the project's own code that is not the model layer (a view or middleware during a
test-client request, a service or management command a test calls, a task run eagerly, a
callback run on commit). When the test ends, every entry point that wrote to a table must have
recorded a change too; if one did not, the test fails and names it.

Test set-up is exempt by construction: factories and fixtures write through the model layer
(``Model.save()``, managers, querysets) or from the tests' own code, which are no entry points.
Tables no page shows and no count counts are on ``BOOKKEEPING`` below, each with its reason.
"""

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Tables written on most requests or by the mail relay and the notices that no public page
#: shows and no count counts: writing them records no change.
BOOKKEEPING = frozenset(
    {
        "django_session",  # sessions (a login, a language choice)
        "visionsprocess_user",  # accounts: names show on staff pages only, which are not cached
        "visionsprocess_user_groups",
        "visionsprocess_user_user_permissions",
        "mfa_authenticator",  # allauth's second factors
        "socialaccount_socialtoken",
        "django_admin_log",  # the admin's own history, shown only in the admin
        "account_emailaddress",  # allauth's addresses and their verification
        "account_emailconfirmation",
        "socialaccount_socialaccount",
        "visionsprocess_outboxtask",  # the outbox of tasks handed to the broker
        "visionsprocess_outgoingemail",  # e-mail waiting for the relay and its delivery state
        "visionsprocess_noticedelivery",  # which notice goes to whom, and whether it went
        "visionsprocess_digest",  # the digests of notices sent
        "visionsprocess_notice",  # notices fanned out to followers (e-mail only)
        "visionsprocess_subscriber",  # who follows by e-mail: never shown
        "visionsprocess_follow",  # what they follow: never shown
        "contributions_contributionreport",  # reports of a contribution, for officials only
        "dialog_invitation",  # meeting invitations e-mailed to organisations (staff only)
        "auditlog_logentry",
        "goals_sdg",  # the 17 global goals: the same reference data for every municipality
        "contributions_participant",  # addresses confirmed to take part in discussions: never shown
        "contributions_spammodel",  # a process's learned spam score, shown to moderators only
        "contributions_similarityindex",  # the index of similar contributions: staff pages only
        "contributions_themediscovery",  # the search for unnamed themes and its progress: staff only
        "contributions_foundtheme",  # groups found by that search, until adopted: staff pages only
        "contributions_synthesis",  # the drafting of a synthesis and its progress: staff only
        "visionsprocess_decisiondispatch",  # expediering: who a decision was sent to (staff only)
        # signed-out registrations waiting for their e-mail link: no page shows or counts them
        "dialog_pendingregistration",
    }
)

#: Columns no page shows and no count counts on tables that pages do show: an ``UPDATE`` that
#: sets nothing else records no change.
BOOKKEEPING_COLUMNS = {
    # Set when an official first opens a contribution, hundreds of times a day.
    "contributions_contribution": frozenset({"read_at"}),
    # A rendering worker's heartbeat on its job (visionsprocess/documents/lease.py).
    "visionsprocess_document": frozenset({"lease_until"}),
    "visionsprocess_archivepackage": frozenset({"lease_until"}),
    # A comment's learned spam score, shown to moderators only (contributions/spam.py).
    "contributions_comment": frozenset({"spam_score"}),
    # When the day-before reminder of a registration went out.
    "dialog_registration": frozenset({"reminder_sent_at"}),
}

_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)[`"]?', re.IGNORECASE)
_SET = re.compile(r"^\s*UPDATE\s+\S+\s+SET\s+(.*?)(?:\s+WHERE\s|$)", re.IGNORECASE | re.DOTALL)
_ASSIGNED = re.compile(r'(?:^|,)\s*[`"]?(\w+)[`"]?\s*=')


def table_written(sql: str) -> str | None:
    """The table a statement writes to, unless it is bookkeeping (``None``)."""
    match = _WRITE.match(sql)
    if not match:
        return None
    table = match.group(1)
    if table in BOOKKEEPING:
        return None
    ignored = BOOKKEEPING_COLUMNS.get(table)
    if ignored:
        assigned = _SET.match(sql)
        if assigned and "(" not in assigned.group(1):
            columns = set(_ASSIGNED.findall(assigned.group(1)))
            if columns and columns <= ignored:
                return None
    return table


def _is_model_layer(filename: str) -> bool:
    return (
        filename.endswith(("/models.py", "/managers.py", "/querysets.py")) or "/models/" in filename
    )


@dataclass
class _Entry:
    frame: object  # kept so that its id is not reused while the test runs
    where: str
    tables: dict[str, str] = field(default_factory=dict)  # table → the code that wrote it
    recorded: bool = False


class Tripwire:
    """Notes writes and recorded changes per entry point of product code.

    ``product(filename)`` says whether a file is the project's own code (the tests, the
    benchmarks, migrations and installed libraries are not)."""

    def __init__(self, product=None):
        self._product = product or self.is_product
        self._kinds: dict[object, bool] = {}
        self.entries: dict[int, _Entry] = {}

    @staticmethod
    def is_product(filename: str) -> bool:
        if not filename.startswith(str(ROOT) + "/"):
            return False
        relative = filename[len(str(ROOT)) + 1 :]
        return not (
            relative.startswith(("tests/", "bench/", ".venv/", "node_modules/"))
            or "/migrations/" in relative
            or "site-packages" in relative
        )

    def _entry_point(self):
        """The outermost frame of product code, not of its model layer, on the stack, and the
        innermost (what wrote, for the message)."""
        entry = inner = None
        frame = sys._getframe(2)
        while frame is not None:
            code = frame.f_code
            kind = self._kinds.get(code)
            if kind is None:
                name = code.co_filename
                kind = self._kinds[code] = self._product(name) and not _is_model_layer(name)
            if kind:
                entry = frame
                inner = inner or frame
            frame = frame.f_back
        return entry, inner

    def _entry(self, frame) -> _Entry:
        entry = self.entries.get(id(frame))
        if entry is None or entry.frame is not frame:
            entry = self.entries[id(frame)] = _Entry(frame, _where(frame))
        return entry

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if isinstance(sql, str):
            table = table_written(sql)
            cursor = context.get("cursor")
            if table and getattr(cursor, "rowcount", -1) != 0:  # 0: it matched nothing
                frame, inner = self._entry_point()
                if frame is not None:
                    self._entry(frame).tables.setdefault(table, _where(inner))
        return result

    def recorded(self, sender=None, **kwargs):
        frame, _inner = self._entry_point()
        if frame is not None:
            self._entry(frame).recorded = True

    def violations(self) -> list[str]:
        return [
            f"{entry.where} wrote to "
            + ", ".join(f"{table} (in {where})" for table, where in sorted(entry.tables.items()))
            + " and recorded no change (visionsprocess.changes.record)"
            for entry in self.entries.values()
            if entry.tables and not entry.recorded
        ]


def _where(frame) -> str:
    code = frame.f_code
    try:
        name = Path(code.co_filename).relative_to(ROOT)
    except ValueError:
        name = code.co_filename
    return f"{name}:{frame.f_lineno} {code.co_name}"
