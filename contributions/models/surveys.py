"""Web surveys: an official builds one inside a process, citizens answer it on the web.

A survey is input like any other, so it lives here: its free-text answers become contributions
of the kind "survey answer" and are tagged in the inbox like the rest. A respondent's draft is
kept as JSON on the response until it is sent in; only then are the answer rows written, all
in one transaction, so the results only ever count whole answers.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visionsprocess.models import AgeBand, District, TimeStampedModel, VisionProcess

from .core import Contribution


def new_response_token() -> str:
    """The private link of a response: 256 random bits, nothing about the person."""
    return secrets.token_urlsafe(32)


def new_receipt_code() -> str:
    """A short code a respondent can quote (not a secret: the token is)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    code = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


class SurveyState(models.TextChoices):
    DRAFT = "draft", _("Being built")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class QuestionKind(models.TextChoices):
    SINGLE_CHOICE = "single", _("Single choice")
    MULTIPLE_CHOICE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale")
    FREE_TEXT = "text", _("Free text")
    RANKING = "ranking", _("Ranking")
    DISTRICT = "district", _("District (for the representativeness figures)")
    AGE_BAND = "age_band", _("Age band (for the representativeness figures)")

    @classmethod
    def with_options(cls) -> frozenset[str]:
        return frozenset({cls.SINGLE_CHOICE, cls.MULTIPLE_CHOICE, cls.RANKING})


class SurveyQuerySet(models.QuerySet):
    def for_process(self, process):
        return self.filter(process=process)

    def visible(self):
        """Surveys citizens can see (answerable, not yet open, or closed)."""
        return self.exclude(state=SurveyState.DRAFT)

    def open_now(self, now=None):
        return self.filter(self.open_q(now or timezone.now()))

    @staticmethod
    def open_q(now) -> Q:
        return (
            Q(state=SurveyState.PUBLISHED)
            & (Q(opens_at__isnull=True) | Q(opens_at__lte=now))
            & (Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        )

    @staticmethod
    def closed_q(now) -> Q:
        return Q(state=SurveyState.CLOSED) | Q(state=SurveyState.PUBLISHED, closes_at__lte=now)


class Survey(TimeStampedModel):
    process = models.ForeignKey(
        VisionProcess, verbose_name=_("process"), on_delete=models.PROTECT, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=4000,
        help_text=_("Shown before the first question: what the survey is for and who reads it."),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=SurveyState.choices, default=SurveyState.DRAFT
    )
    opens_at = models.DateTimeField(
        _("opens"), null=True, blank=True, help_text=_("Empty: open as soon as it is published.")
    )
    closes_at = models.DateTimeField(
        _("closes"), null=True, blank=True, help_text=_("Empty: open until it is closed by hand.")
    )
    closed_at = models.DateTimeField(_("closed by hand"), null=True, blank=True)
    results_public = models.BooleanField(_("results published on the process page"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=SurveyState.values), name="survey_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(results_public=False) | ~Q(state=SurveyState.DRAFT),
                name="survey_draft_results_not_public",
            ),
        ]
        indexes = [models.Index(fields=["process", "state"], name="survey_process_state_idx")]

    def __str__(self):
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.state == SurveyState.PUBLISHED
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or self.closes_at > now)
        )

    def is_closed(self, now=None) -> bool:
        now = now or timezone.now()
        return self.state == SurveyState.CLOSED or (
            self.state == SurveyState.PUBLISHED
            and self.closes_at is not None
            and self.closes_at <= now
        )

    def is_scheduled(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.state == SurveyState.PUBLISHED
            and self.opens_at is not None
            and self.opens_at > now
        )

    @property
    def closed_on(self):
        """When it closed: by hand, or at its closing time."""
        return self.closed_at or self.closes_at

    @property
    def status_label(self) -> str:
        if self.state == SurveyState.DRAFT:
            return str(_("Being built"))
        if self.is_closed():
            return str(_("Closed"))
        if self.is_scheduled():
            return str(_("Opens later"))
        return str(_("Open"))


class SurveyQuestion(TimeStampedModel):
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    kind = models.CharField(_("kind of question"), max_length=10, choices=QuestionKind.choices)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    page = models.PositiveSmallIntegerField(_("page"), default=1)
    order = models.PositiveSmallIntegerField(_("order on the page"), default=0)
    scale_min = models.SmallIntegerField(_("scale from"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("scale to"), null=True, blank=True)
    scale_min_label = models.CharField(_("label of the lowest value"), max_length=60, blank=True)
    scale_max_label = models.CharField(_("label of the highest value"), max_length=60, blank=True)
    answers_before = models.PositiveIntegerField(
        _("answers before the question was added"), default=0
    )

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["page", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values), name="surveyquestion_kind_valid"
            ),
            models.CheckConstraint(condition=Q(page__gte=1), name="surveyquestion_page_positive"),
            models.CheckConstraint(
                condition=~Q(kind=QuestionKind.SCALE)
                | (
                    Q(scale_min__isnull=False)
                    & Q(scale_max__isnull=False)
                    & Q(scale_max__gt=models.F("scale_min"))
                ),
                name="surveyquestion_scale_range",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def process(self):
        return self.survey.process

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"

    @property
    def has_options(self) -> bool:
        return self.kind in QuestionKind.with_options()

    @property
    def scale_values(self) -> list[int]:
        if self.scale_min is None or self.scale_max is None:
            return []
        return list(range(self.scale_min, self.scale_max + 1))


class SurveyOption(models.Model):
    question = models.ForeignKey(
        SurveyQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="options"
    )
    label = models.CharField(_("option"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    answers_before = models.PositiveIntegerField(
        _("answers before the option was added"), default=0
    )

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["question", "order", "pk"]

    def __str__(self):
        return self.label


class ResponseState(models.TextChoices):
    DRAFT = "draft", _("Saved, not sent")
    SUBMITTED = "submitted", _("Sent in")


class SurveyResponse(TimeStampedModel):
    """One person's answer to a survey: a draft (answers as JSON) until it is sent in.

    ``respondent_key`` is a keyed hash of the respondent's cookie (no raw identifier is kept);
    a signed-in respondent is recorded by ``user`` instead. Either counts once per survey.
    ``district`` and ``age_band`` copy the answers to the survey's district and age-band
    questions, so the representativeness figures count respondents like contributors.
    """

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="responses"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ResponseState.choices, default=ResponseState.DRAFT
    )
    token = models.CharField(
        _("private link"), max_length=64, unique=True, default=new_response_token, editable=False
    )
    receipt_code = models.CharField(
        _("receipt number"), max_length=9, default=new_receipt_code, editable=False
    )
    respondent_key = models.CharField(_("respondent (hashed)"), max_length=64, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    draft = models.JSONField(_("saved answers"), default=dict, blank=True)
    page = models.PositiveSmallIntegerField(_("last page saved"), default=0)
    submitted_at = models.DateTimeField(_("sent in"), null=True, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices, blank=True)
    consent_to_publish = models.BooleanField(
        _("free-text answers may be published on the web"), default=False
    )

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ResponseState.values), name="surveyresponse_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state=ResponseState.DRAFT) | Q(submitted_at__isnull=False),
                name="surveyresponse_submitted_has_time",
            ),
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=Q(user__isnull=False),
                name="surveyresponse_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["survey", "respondent_key"],
                condition=~Q(respondent_key=""),
                name="surveyresponse_once_per_respondent",
            ),
        ]
        indexes = [
            models.Index(
                fields=["survey", "state", "submitted_at"], name="surveyresp_survey_state_idx"
            ),
        ]

    def __str__(self):
        return f"{self.survey} – {self.receipt_code}"

    @property
    def process(self):
        return self.survey.process

    @property
    def is_submitted(self) -> bool:
        return self.state == ResponseState.SUBMITTED


class SurveyAnswer(models.Model):
    """One answer of a sent-in response: a chosen option (one row per option chosen; with its
    place for a ranking), a value on a scale, a district, an age band or a free text."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="+"
    )
    response = models.ForeignKey(
        SurveyResponse,
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    question = models.ForeignKey(
        SurveyQuestion, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    option = models.ForeignKey(
        SurveyOption,
        verbose_name=_("option"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
    )
    rank = models.PositiveSmallIntegerField(_("place"), null=True, blank=True)
    number = models.SmallIntegerField(_("value"), null=True, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices, blank=True)
    text = models.TextField(_("text"), max_length=8000, blank=True)
    contribution = models.OneToOneField(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_answer",
    )

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "option"],
                condition=Q(option__isnull=False),
                name="surveyanswer_option_once",
            ),
            models.UniqueConstraint(
                fields=["response", "question"],
                condition=Q(option__isnull=True),
                name="surveyanswer_question_once",
            ),
        ]
        indexes = [
            # The results page groups a survey's answers by question and value in one pass.
            models.Index(
                fields=["survey", "question", "option", "number", "district", "age_band", "rank"],
                name="surveyanswer_results_idx",
            ),
        ]

    def __str__(self):
        return f"{self.response_id} – {self.question_id}"


class SurveyTally(models.Model):
    """The running count of one answer value of a question, kept with every answer sent in (in
    the same transaction), so the results page reads a few dozen rows instead of counting
    every answer. ``key`` is ``answered`` (people who answered the question), ``o:<option>``,
    ``n:<value>``, ``d:<district>`` or ``a:<age band>``. ``services.surveys.tally_rebuild``
    counts them afresh from the answers."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="+"
    )
    question = models.ForeignKey(
        SurveyQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("value"), max_length=20)
    count = models.PositiveIntegerField(_("number"), default=0)
    rank_sum = models.PositiveIntegerField(_("sum of places"), default=0)
    first_places = models.PositiveIntegerField(_("first places"), default=0)

    class Meta:
        verbose_name = _("survey count")
        verbose_name_plural = _("survey counts")
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="surveytally_unique_key"),
        ]

    def __str__(self):
        return f"{self.question_id} {self.key}: {self.count}"
