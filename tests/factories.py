"""Factories of the core. Apps add theirs in tests/<app>/factories.py."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from visionsprocess.models import (
    Body,
    BodyKind,
    Municipality,
    ProcessRole,
    Role,
    Stage,
    StageKind,
    VisionProcess,
)
from visionsprocess.process_templates import TEMPLATES
from visionsprocess.services import stages_from_template

PASSWORD = "Test-lösenord-2040"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Elin"
    last_name = factory.Sequence(lambda n: f"Sjöberg{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    name = "Vaggeryds kommun"
    code = "0682"


class ProcessFactory(factory.django.DjangoModelFactory):
    """A process with the stages of a template (the vision template's five by default).

    ``current_stage`` is the template key of the current stage, e.g. ``"drafting"``."""

    class Meta:
        model = VisionProcess
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Vision 2040 – del {n}")
    slug = factory.Sequence(lambda n: f"vision-2040-{n}")
    horizon_year = 2040
    summary = "Hur ser framtidens kommun ut år 2040?"
    current_stage = StageKind.DIALOGUE
    template = "vision"
    published_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        key = kwargs.pop("current_stage", None)
        template = kwargs.pop("template", "vision")
        process = super()._create(model_class, *args, **kwargs)
        stages = stages_from_template(process, TEMPLATES[template])
        by_key = {stage.key: stage for stage in stages}
        process.current_stage = by_key.get(str(key), stages[0]) if key else stages[0]
        process.save(update_fields=["current_stage"])
        return process


def stage_of(process, stage) -> Stage:
    """``stage`` as a Stage of ``process``: a Stage, or the template key of one."""
    if isinstance(stage, Stage):
        return stage
    return Stage.objects.get(process=process, key=str(stage))


class StageByKeyMixin:
    """Lets a factory take ``stage="engagement"`` (a template key) for a stage foreign key;
    without one, ``default_stage(process)`` chooses."""

    @classmethod
    def default_stage(cls, process):
        return stage_of(process, StageKind.DIALOGUE)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        stage = kwargs.get("stage")
        process = kwargs["process"]
        kwargs["stage"] = cls.default_stage(process) if stage is None else stage_of(process, stage)
        return super()._create(model_class, *args, **kwargs)


class ProcessRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessRole

    process = factory.SubFactory(ProcessFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.OFFICIAL


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("municipality", "short_name")

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = BodyKind.KF
    short_name = "KF"
    name = "Kommunfullmäktige"
