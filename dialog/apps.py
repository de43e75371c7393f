from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogConfig(AppConfig):
    name = "dialog"
    verbose_name = _("Dialogue")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import notices, sections  # noqa: F401  (the dialog sections of the process pages)

        notices.register()  # meetings as followable, meeting notices, "Mina sidor" section
