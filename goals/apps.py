from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = _("Goals and follow-up")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            decisions,
            documents,  # noqa: F401  (registers the programme and action plan PDFs)
            notices,
            sections,  # noqa: F401  (registers the goals sections of the process pages)
            tracking,
        )

        decisions.register()  # what the council decides on: vision, goals, programme, plan
        notices.register()  # action-plan notices and the activities on "Ni sa – vi gjorde"

        tracking.register()  # "led to the activity … in the action plan" on tracking pages
        from . import openings

        openings.register()  # follow-up belongs to a stage
        from .focus_areas import registration

        registration.register()  # focus areas on the process page, tracking pages and the PDF
        from . import site_search

        site_search.register()  # what the site search finds here
