"""What a discussion is about: a published contribution, or a paragraph of a draft on
consultation. The services of comments, "Håller med", reports and moderation are written once;
a *target* says what differs between the two:

* ``lock_open()``: the target, read again, or a ``ValidationError`` saying why one cannot take
  part (a contribution no longer shown; a consultation that has closed);
* ``count(...)``: a contribution keeps its counters on its own row (the wall sorts by them at
  100,000 contributions); a paragraph's are counted when the consultation page is read (a few
  dozen paragraphs, one grouped query), so the core's ``Paragraph`` gets no column of ours;
* ``url(anchor)``, ``label``: where its page is and how a digest names it;
* the foreign key a ``Comment``/``Support`` row sets (``field``).
"""

from django.core.exceptions import ValidationError
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from visionsprocess.models import Paragraph, VersionState


class ContributionTarget:
    field = "contribution"

    def __init__(self, contribution):
        self.obj = contribution

    @property
    def process(self):
        return self.obj.process

    @property
    def process_id(self) -> int:
        return self.obj.process_id

    def lock_open(self) -> "ContributionTarget":
        from .models import Contribution, ModerationState

        # With the process's choice of moderation (one query for both; none chosen: pre).
        locked = (
            Contribution.objects.select_related("process__discussion_settings")
            .defer("search_vector")
            .get(pk=self.obj.pk)
        )
        if not (locked.moderation_state == ModerationState.PUBLISHED and locked.consent_to_publish):
            raise ValidationError(_("This contribution is not shown on the web."))
        return ContributionTarget(locked)

    def count_comment(self, delta: int) -> None:
        from .models import Contribution

        Contribution.objects.filter(pk=self.obj.pk).update(comment_count=F("comment_count") + delta)

    def count_support(self) -> None:
        from .models import Contribution

        Contribution.objects.filter(pk=self.obj.pk).update(support_count=F("support_count") + 1)


class ParagraphTarget:
    field = "paragraph"

    def __init__(self, paragraph: Paragraph):
        self.obj = paragraph

    @property
    def process(self):
        return self.obj.version.round.process

    @property
    def process_id(self) -> int:
        return self.obj.version.round.process_id

    @property
    def consultation(self):
        return self.obj.version.consultation

    def lock_open(self) -> "ParagraphTarget":
        from visionsprocess.drafting.services import consultation_is_open

        locked = Paragraph.objects.select_related(
            "version__round__process__discussion_settings", "version__consultation"
        ).get(pk=self.obj.pk)
        version = locked.version
        consultation = getattr(version, "consultation", None)
        if version.state != VersionState.CONSULTATION or consultation is None:
            raise ValidationError(_("This text is not out on consultation."))
        if not consultation_is_open(consultation):
            raise ValidationError(
                _("The consultation has closed; the discussion of its text is kept as it is.")
            )
        return ParagraphTarget(locked)

    def count_comment(self, delta: int) -> None:
        """Counted when read (``selectors.paragraph_discussion.counts``)."""

    def count_support(self) -> None:
        """Counted when read."""


def target_of(comment):
    """The target of an existing comment (its foreign keys loaded as needed)."""
    if comment.contribution_id:
        return ContributionTarget(comment.contribution)
    return ParagraphTarget(comment.paragraph)


def paragraph_page_url(paragraph, anchor: str = "") -> str:
    consultation = paragraph.version.consultation
    url = reverse(
        "contributions:paragraph",
        args=[paragraph.version.round.process.slug, consultation.pk, paragraph.pk],
    )
    return url + (f"#{anchor}" if anchor else "")


def paragraph_label(paragraph) -> str:
    """How a digest names a paragraph: its short title or its first words."""
    text = paragraph.short_title or paragraph.text
    return text if len(text) <= 60 else text[:57].rstrip() + "…"
