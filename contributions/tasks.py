"""Celery tasks of contributions: take ids, call a service, idempotent."""

from celery import shared_task


@shared_task(acks_late=True)
def feedback_notify(feedback_id: int) -> int:
    """Fan out a theme's feedback to the contributions tagged with it (once)."""
    from .services.handling import feedback_notify_theme

    return feedback_notify_theme(feedback_id=feedback_id)


@shared_task(acks_late=True)
def spam_train(process_id: int) -> int:
    """Learn the process's spam score from its officials' decisions and score its comments
    again. Idempotent: a second run learns the same and writes the same scores."""
    from visionsprocess.models import VisionProcess

    from . import spam

    process = VisionProcess.objects.filter(pk=process_id).first()
    if process is None or spam.train(process) is None:
        return 0
    return spam.score_comments(process)


@shared_task(acks_late=True)
def spam_score_comment(comment_id: int) -> int:
    """Score one new comment with its process's model (if one has been learned yet)."""
    from . import spam
    from .models import Comment

    comment = (
        Comment.objects.select_related(
            "contribution__process", "paragraph__version__round__process"
        )
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        return 0
    return spam.score_comments(comment.process, Comment.objects.filter(pk=comment_id))


@shared_task(acks_late=True)
def themes_retrain(process_id: int) -> int:
    """Learn a process's tagging again (debounced by ``analysis.store.schedule_retrain``).

    Idempotent: a second run fits the same examples again under a new version."""
    from .analysis.near_duplicates import refresh_if_built
    from .analysis.store import retrain

    version = retrain(process_id=process_id)
    if version:
        refresh_if_built(process_id=process_id)
    return version


@shared_task(acks_late=True)
def similarity_build(process_id: int) -> int:
    """Build the process's index of similar contributions (debounced by
    ``analysis.near_duplicates.schedule_build``). Idempotent."""
    from .analysis.near_duplicates import build

    return build(process_id=process_id)


@shared_task(acks_late=True)
def themes_discover(process_id: int) -> int:
    """Search a process's untagged contributions for themes no one has named yet (scheduled
    by ``analysis.found_themes.schedule``). Idempotent."""
    from .analysis.found_themes import run

    return run(process_id=process_id)


@shared_task(acks_late=True)
def expire_eproposals() -> int:
    """Hourly: e-förslag past their period without reaching the threshold are expired.
    Idempotent (an expired proposal is not collecting any more)."""
    from .services.eproposals import eproposals_expire

    return eproposals_expire()


@shared_task(acks_late=True)
def synthesis_draft(process_id: int) -> int:
    """Propose the key points of the process's draft synthesis (written to the outbox by
    ``services.synthesis.synthesis_draft_schedule``). Idempotent: a second run proposes the
    same again, keeping what officials pinned, added and removed."""
    from .services.synthesis import synthesis_draft_run

    return synthesis_draft_run(process_id=process_id)


@shared_task(acks_late=True, ignore_result=True)
def gallra_municipal_eproposals() -> int:
    """Daily: gallring of the municipality's own e-förslag, proposal by proposal (their standing
    process is never closed). Idempotent."""
    from .retention_municipal_eproposals import gallra_municipal_eproposals as run

    return run()
