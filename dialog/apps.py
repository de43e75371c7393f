from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogConfig(AppConfig):
    name = "dialog"
    verbose_name = _("Dialogue")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import openings, sections  # noqa: F401  (sections of the process pages)

        openings.register()  # meetings belong to a stage
        from . import retention

        retention.register()  # registrations' personal data, for gallring
        from . import structure

        structure.register()  # kits are copied to a new process; the work-group template's kit
        from . import notices

        notices.register()  # meetings as followable, meeting notices, "Mina sidor" section
        from . import site_search

        site_search.register()  # what the site search finds here
        from . import municipality

        municipality.register()  # the municipality page: meetings open now, calendar, associations
