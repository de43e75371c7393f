"""The personal data dialog holds for a process, registered for gallring
(``visionsprocess/retention.py``): registrations for its meetings (name, e-mail address, needs,
the link to the account) and with them the attendance of named people.

Registrations are anonymised in place, not deleted: the number registered and the number who
attended stay as they were. The address becomes ``gallrad-<id>@gallrad.invalid`` (a name in the
reserved ``.invalid`` domain, so no mail can reach anyone) because two active registrations of
a meeting may not share an address.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from visionsprocess.registry import PersonalData, personal_data

from .models import Registration, new_token

REMOVED_DOMAIN = "@gallrad.invalid"
REMOVED_NAME = "–"


def _registrations(process):
    return Registration.objects.filter(meeting__process=process).filter(
        ~Q(email__endswith=REMOVED_DOMAIN) | Q(user__isnull=False) | ~Q(needs="")
    )


def _values(process) -> set[str]:
    rows = _registrations(process).values_list("name", "email", "needs")
    return {value for row in rows for value in row if value and value != REMOVED_NAME}


def _remove(process, keep_public_text: bool) -> int:
    count = 0
    for pk in _registrations(process).values_list("pk", flat=True):
        Registration.objects.filter(pk=pk).update(
            name=REMOVED_NAME,
            email=f"gallrad-{pk}{REMOVED_DOMAIN}",
            needs="",
            user=None,
            token=new_token(),
        )
        count += 1
    return count


def register() -> None:
    personal_data.register(
        PersonalData(
            key="dialog.registrations",
            label=_("Registrations for meetings (names, e-mail addresses, needs, attendance)"),
            count=lambda process, keep: _registrations(process).count(),
            remove=_remove,
            values=_values,
            order=30,
        )
    )
