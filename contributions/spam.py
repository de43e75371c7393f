"""A spam score for comments, learned from the officials' own decisions in the process.

Multinomial naive Bayes (scikit-learn) over word and character n-grams of the comments' text:
a comment an official hid counts as "hide", one an official approved or showed again as "keep".
The score (the probability of "hide", 0–1) is shown to the moderator in the queue and never acts
alone: nothing is hidden or held back because of it.

Training runs in the Celery worker (``tasks.spam_train``, enqueued through the outbox after an
official's decision commits), never in a request; it needs ``MIN_PER_CLASS`` decisions of each
kind, until then comments have no score. The model is stored per process (``SpamModel``).
"""

import io
import logging
import pickle

from celery import shared_task
from django.db import transaction

from visionsprocess import changes
from visionsprocess.models import VisionProcess

from .models import Comment, CommentState, SpamModel

logger = logging.getLogger(__name__)

#: Decisions of each kind needed before a model is worth showing.
MIN_PER_CLASS = 5
#: At most this many decisions (the newest) are learned from.
MAX_SAMPLES = 20000


def _training_data(process) -> tuple[list[str], list[int]]:
    decided = (
        Comment.objects.for_process(process)
        .exclude(is_official_answer=True)
        .filter(hidden_by__isnull=False)
        .values_list("text", flat=True)
        .order_by("-pk")[:MAX_SAMPLES]
    )
    kept = (
        Comment.objects.filter(
            contribution__process=process,
            state=CommentState.PUBLISHED,
            approved_by__isnull=False,
            is_official_answer=False,
        )
        .values_list("text", flat=True)
        .order_by("-pk")[:MAX_SAMPLES]
    )
    hidden, published = list(decided), list(kept)
    return hidden + published, [1] * len(hidden) + [0] * len(published)


def train(process) -> SpamModel | None:
    """Learn the process's model from its officials' decisions; ``None`` if too few yet."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.pipeline import make_pipeline

    texts, labels = _training_data(process)
    if min(labels.count(0), labels.count(1)) < MIN_PER_CLASS:
        return None
    pipeline = make_pipeline(
        TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 4), lowercase=True, min_df=1, sublinear_tf=True
        ),
        MultinomialNB(alpha=0.5),
    )
    pipeline.fit(texts, labels)
    buffer = io.BytesIO()
    pickle.dump(pipeline, buffer, protocol=pickle.HIGHEST_PROTOCOL)
    with transaction.atomic():
        model, _created = SpamModel.objects.update_or_create(
            process=process, defaults={"data": buffer.getvalue(), "samples": len(labels)}
        )
    return model


def _load(process):
    row = SpamModel.objects.filter(process=process).first()
    if row is None:
        return None
    # Our own pickle, written by ``train`` into our own database: never user input.
    return pickle.loads(bytes(row.data))  # noqa: S301


def score_comments(process, comments=None) -> int:
    """Score the process's comments (or ``comments``) with its model; returns how many."""
    pipeline = _load(process)
    if pipeline is None:
        return 0
    if comments is None:
        comments = Comment.objects.for_process(process).exclude(is_official_answer=True)
    rows = list(comments.only("pk", "text"))
    if not rows:
        return 0
    scores = pipeline.predict_proba([row.text for row in rows])[:, 1]
    for row, score in zip(rows, scores, strict=True):
        row.spam_score = round(float(score), 3)
    Comment.objects.bulk_update(rows, ["spam_score"], batch_size=500)
    # Shown to moderators only; recorded all the same (the tripwire cannot tell a bulk update
    # of one column from others, and a training is rare).
    changes.record(process=process)
    return len(rows)


# The tasks stand beside the services they run (``contributions.tasks`` re-exports them for
# Celery's autodiscovery, under the names stored outbox rows hold).


@shared_task(name="contributions.tasks.spam_train", acks_late=True)
def spam_train(process_id: int) -> int:
    """Learn the process's spam score from its officials' decisions and score its comments
    again. Idempotent: a second run learns the same and writes the same scores."""
    process = VisionProcess.objects.filter(pk=process_id).first()
    if process is None or train(process) is None:
        return 0
    return score_comments(process)


@shared_task(name="contributions.tasks.spam_score_comment", acks_late=True)
def spam_score_comment(comment_id: int) -> int:
    """Score one new comment with its process's model (if one has been learned yet)."""
    comment = (
        Comment.objects.select_related(
            "contribution__process", "paragraph__version__round__process"
        )
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        return 0
    return score_comments(comment.process, Comment.objects.filter(pk=comment_id))
