from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "contributions"
    verbose_name = _("Contributions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The officials' side: permissions, the staff section and the synthesis document kind.
        from . import documents, rules_staff, sections_staff  # noqa: F401

        sections_staff.register()
        documents.register()
