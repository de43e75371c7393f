"""Celery tasks of contributions: take ids, call a service, idempotent.

Each task that a service enqueues through the outbox is defined beside the service it runs
(under the name it has always been registered with, which stored outbox rows hold) and imported
here for Celery's autodiscovery: the enqueuing service passes the task itself, without an import
circle back through this module.
"""

from celery import shared_task

from .analysis.found_themes import themes_discover
from .analysis.near_duplicates import similarity_build
from .analysis.store import themes_retrain
from .services.handling import feedback_notify
from .services.synthesis import synthesis_draft
from .spam import spam_score_comment, spam_train

__all__ = [
    "expire_eproposals",
    "feedback_notify",
    "similarity_build",
    "spam_score_comment",
    "spam_train",
    "synthesis_draft",
    "themes_discover",
    "themes_retrain",
]


@shared_task(acks_late=True)
def expire_eproposals() -> int:
    """Hourly: e-förslag past their period without reaching the threshold are expired.
    Idempotent (an expired proposal is not collecting any more)."""
    from .services.eproposals import eproposals_expire

    return eproposals_expire()


@shared_task(acks_late=True, ignore_result=True)
def gallra_municipal_eproposals() -> int:
    """Daily: gallring of the municipality's own e-förslag, proposal by proposal (their standing
    process is never closed). Idempotent."""
    from .retention_municipal_eproposals import gallra_municipal_eproposals as run

    return run()
