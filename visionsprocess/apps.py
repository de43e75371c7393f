from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisionsprocessConfig(AppConfig):
    name = "visionsprocess"
    verbose_name = _("Vision process")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import pdf_patches

        # A WeasyPrint or pydyf the PDF patches were not written for is refused at start-up
        # (the patches themselves are applied when the first document is rendered).
        pdf_patches.check_versions()
        from .lookups import register

        register()  # id__in=[a number no column can hold] finds nothing instead of failing
        from . import sections  # noqa: F401, I001  (registers the core's own page sections)
        from . import openings  # noqa: F401, I001  (drafting, consultation, adoption)
        from . import documents_vision  # noqa: E402, F401, I001  (adopted vision document kind)
        from .notices import core as notices_core

        notices_core.register()  # following a process, the core's notice kinds, bounces
        # Every write to the database gives cached public sections a new version.
        from django.db.backends.signals import connection_created

        from .cache import on_recovery
        from .page_cache import changed_all, install

        connection_created.connect(install, dispatch_uid="page-cache-writes")
        on_recovery(changed_all)  # versions replaced while the cache was down were lost
