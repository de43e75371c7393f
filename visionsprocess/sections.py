"""The core's own sections of the staff process page."""

from .outcome import core_deeds, deeds_context, outcome_deeds
from .registry import Section, outcome_sections, staff_sections


def _process_admin_links(request, process):
    return {
        "can_change": request.user.has_perm("visionsprocess.change_process", process),
        "can_manage_roles": request.user.has_perm("visionsprocess.manage_roles", process),
        "can_gallra": request.user.has_perm("visionsprocess.gallra_process", process),
    }


staff_sections.register(
    Section(
        key="core.settings",
        template="visionsprocess/includes/staff_section_settings.html",
        order=10,
        get_context=_process_admin_links,
    )
)
# "Ni sa – vi gjorde": every deed of the process (the apps register theirs), before the themes.
outcome_deeds.register("core.decisions", core_deeds, order=10)
outcome_sections.register(
    Section(
        key="core.deeds",
        template="visionsprocess/includes/outcome_deeds.html",
        order=10,
        get_context=deeds_context,
    )
)
from .decisions import matters as _decision_matters  # noqa: E402, F401
from .decisions import proposals as _decision_proposals  # noqa: E402, F401  (tjänsteskrivelse)
from .decisions import sections as _decision_sections  # noqa: E402, F401
from .documents import kinds as _document_kinds  # noqa: E402, F401  (PDFs + staff section)
from .drafting import sections as _drafting_sections  # noqa: E402, F401
