"""Factories of the core. Apps add theirs in tests/<app>/factories.py."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

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
    class Meta:
        model = VisionProcess
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Vision 2040 – del {n}")
    slug = factory.Sequence(lambda n: f"vision-2040-{n}")
    horizon_year = 2040
    summary = "Hur ser framtidens kommun ut år 2040?"
    current_stage = StageKind.DIALOGUE

    @factory.post_generation
    def stages(obj, create, extracted, **kwargs):
        if create:
            Stage.objects.bulk_create(Stage(process=obj, kind=kind) for kind in StageKind)


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
