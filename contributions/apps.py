import rules
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _process_section_context(request, process):
    from .selectors.public import published_counts

    user = request.user
    return {
        "needs_login": not user.is_authenticated and not process.allow_anonymous_contributions,
        # The stage's state, asked of the rule itself (``user.has_perm`` would grant a superuser
        # every permission).
        "stage_open": rules.has_perm("contributions.stage_open_for_contributions", user, process),
        "counts": published_counts(process=process),
        # Conversation kits and how many groups took part are shown by the dialog app's section.
    }


def _representation_context(request, process):
    """Who has taken part compared with the population, on the public process page; left out
    (rendered empty) until there are both population figures and participants. ``until``: the
    figures may be out of date from then on (see ``_representation_expires``)."""
    from .selectors.representation import display, representation_public_until

    rep, until = representation_public_until(process=process)
    if rep is None or not rep.has_population or not rep.total:
        return {"hidden": True, "until": until}
    show = display(rep, public=True)
    if show["total_hidden"]:  # fewer than 5 in all: nothing to show that would not single out
        return {"hidden": True, "until": until}
    return {"rep": rep, "show": show, "until": until}


def _representation_expires(context):
    return context["until"]


class ContributionsConfig(AppConfig):
    name = "contributions"
    verbose_name = _("Contributions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from visionsprocess.registry import Section, process_sections

        from . import retention, retention_eproposals

        retention.register()  # senders, comments, participants, keys: for gallring
        retention_eproposals.register()

        from .tracking import register_lines

        process_sections.register(
            Section(
                key="contributions.public",
                template="contributions/public/includes/process_section.html",
                order=30,
                get_context=_process_section_context,
                public_cache=True,
            )
        )
        process_sections.register(
            Section(
                key="contributions.representation",
                template="contributions/public/includes/representation_section.html",
                order=35,
                get_context=_representation_context,
                public_cache=True,
                expires=_representation_expires,
            )
        )
        register_lines()
        # SQLite: the Swedish search function on every connection (see contributions.search).
        from django.db.backends.signals import connection_created

        from .search import register_sqlite

        connection_created.connect(register_sqlite, dispatch_uid="contributions-sqlite-search")
        from . import openings

        openings.register()  # the kinds of contribution a stage can receive
        from . import structure

        structure.register()  # themes are copied to a new process made from this one
        # Following, notices, "Ni sa – vi gjorde" and "Mina sidor".
        from visionsprocess.registry import my_pages_sections, outcome_sections

        from . import notices
        from .my_pages import my_contributions_context
        from .outcome import outcome_context

        notices.register()
        from . import discussion_notices

        discussion_notices.register()  # comments, replies and support in the digest
        from . import eproposal_hooks, eproposal_notices, rules_eproposals  # noqa: F401

        eproposal_notices.register()  # what happens to an e-förslag, in the digest
        eproposal_hooks.register()  # decision matter, deeds, process and "Mina sidor" sections
        outcome_sections.register(
            Section(
                key="contributions.themes",
                template="contributions/outcome/section.html",
                order=20,
                get_context=outcome_context,
            )
        )
        my_pages_sections.register(
            Section(
                key="contributions.mine",
                template="contributions/my_pages/section.html",
                order=10,
                get_context=my_contributions_context,
            )
        )
        # The officials' side: permissions, the staff section and the synthesis document kind.
        from . import (  # noqa: F401
            documents,
            rules_staff,
            rules_surveys,
            sections_staff,
            sections_surveys,
        )

        sections_staff.register()
        sections_surveys.register()
        from . import municipality

        municipality.register()  # "Öppet nu" on the municipality page: contributions, surveys
        documents.register()
        from . import documents_eproposals

        documents_eproposals.register()  # answered e-förslag as a PDF (and in the archive)
        # Committed changes of contributions move the inbox's cached counts on.
        from visionsprocess import changes

        from . import rules_citations  # noqa: F401  (permissions of paragraph citations)
        from .counting import on_change

        changes.published.connect(on_change, dispatch_uid="contributions-counting")
        from . import site_search

        site_search.register()  # what the site search finds here
