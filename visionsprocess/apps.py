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
        from . import outbox_checks  # noqa: F401, I001  (every task the outbox hands over exists)
        from .lookups import register

        register()  # id__in=[a number no column can hold] finds nothing instead of failing
        from . import sections  # noqa: F401, I001  (registers the core's own page sections)
        from . import openings  # noqa: F401, I001  (drafting, consultation, adoption)
        from . import documents_vision  # noqa: E402, F401, I001  (adopted vision document kind)
        from . import documents_summary  # noqa: E402, F401, I001  (remissammanställning)
        from . import open_now  # noqa: F401, I001  (the municipality page's consultations open now)
        from .notices import core as notices_core

        notices_core.register()  # following a process, the core's notice kinds, bounces
        from . import retention_core

        retention_core.register()  # the core's personal data, for gallring
        # Versions replaced while the cache server was unreachable were lost: replace them all.
        from . import changes
        from .cache import on_recovery

        on_recovery(changes.replace_epoch)
        # Site search: the Swedish match function on every SQLite connection, and the core's
        # sources (draft and adopted texts, the document library); apps register theirs.
        from django.db.backends.signals import connection_created

        from . import search_sources
        from .textsearch import register_sqlite

        connection_created.connect(register_sqlite, dispatch_uid="visionsprocess-sqlite-search")
        search_sources.register()
