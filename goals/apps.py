from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = _("Goals and follow-up")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            documents,  # noqa: F401  (registers the programme and action plan PDFs)
            notices,
            sections,  # noqa: F401  (registers the goals sections of the process pages)
            tracking,
        )

        notices.register()  # action-plan notices and the activities on "Ni sa – vi gjorde"

        tracking.register()  # "led to the activity … in the action plan" on tracking pages
