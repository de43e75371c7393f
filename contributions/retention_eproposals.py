"""The personal data e-förslag hold for a process, registered for gallring
(``visionsprocess/retention.py``), anonymised in place so every public count stays:

* proposers: the name shown, the declared year of birth, the link to the account or to the
  participant without an account (the proposal itself, its state, supporters' count and the
  committee's answer stay: they are the public record of the matter);
* supporters: the hashed key is replaced by a random one (the count and the one-per-person rule
  stay), the link to the account or participant is removed;
* the texts of the proposals (title, what, why) only when the retention rule does not keep the
  public record of what was said.

Participants without an account who took part only through e-förslag are deleted with the
others (``contributions.participants``).
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from visionsprocess.registry import PersonalData, personal_data

from .models import EProposal, EProposalSupport
from .retention import REMOVED_KEY, anonymise


def _proposals(process):
    return EProposal.objects.filter(process=process)


def _named(process):
    return _proposals(process).filter(
        ~Q(display_name="")
        | Q(birth_year__isnull=False)
        | Q(proposer__isnull=False)
        | Q(proposer_participant__isnull=False)
    )


def _proposer_values(process) -> set[str]:
    return set(_proposals(process).exclude(display_name="").values_list("display_name", flat=True))


_remove_proposers = anonymise(
    _named, display_name="", birth_year=None, proposer=None, proposer_participant=None
)


def _supports(process):
    return EProposalSupport.objects.filter(proposal__process=process).exclude(
        voter_key__startswith=REMOVED_KEY
    )


def _support_values(process) -> set[str]:
    return set(_supports(process).values_list("voter_key", flat=True))


_remove_supports = anonymise(_supports, rekey_field="voter_key", user=None, participant=None)


def _with_text(process):
    return _proposals(process).filter(~Q(title="") | ~Q(what="") | ~Q(why=""))


def _count_texts(process, keep_public_text: bool) -> int:
    return 0 if keep_public_text else _with_text(process).count()


_remove_texts = anonymise(_with_text, public_text=True, title="", what="", why="")


def register() -> None:
    for kind in (
        PersonalData(
            key="contributions.eproposal_proposers",
            label=_("Proposers of e-proposals (names shown, declared years of birth, accounts)"),
            count=lambda process, keep: _named(process).count(),
            remove=_remove_proposers,
            values=_proposer_values,
            order=16,
        ),
        PersonalData(
            key="contributions.eproposal_supports",
            label=_("Supporters of e-proposals (hashed keys, accounts)"),
            count=lambda process, keep: _supports(process).count(),
            remove=_remove_supports,
            values=_support_values,
            order=17,
        ),
        PersonalData(
            key="contributions.eproposal_texts",
            label=_("Texts of e-proposals"),
            count=_count_texts,
            remove=_remove_texts,
            order=20,
        ),
    ):
        personal_data.register(kind)
