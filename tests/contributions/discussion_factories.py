"""Factories of the discussion of contributions: participants, comments, supports."""

import factory
from django.utils import timezone

from contributions.models import Comment, CommentState, Participant, Support
from tests.contributions.factories import PublishedContributionFactory
from visionsprocess.models import Subscriber


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"deltagare{n}@example.org")


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A confirmed e-mail address taking part without an account."""

    class Meta:
        model = Participant

    subscriber = factory.SubFactory(SubscriberFactory)
    display_name = factory.Sequence(lambda n: f"Granne {n}")
    confirmed_at = factory.LazyFunction(timezone.now)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment
        skip_postgeneration_save = True

    contribution = factory.SubFactory(PublishedContributionFactory)
    participant = factory.SubFactory(ParticipantFactory)
    display_name = "Karin i Skillingaryd"
    text = "Håller med, cykelvägen längs Lagan behövs."
    state = CommentState.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def counted(obj, create, extracted, **kwargs):
        """A published comment is counted on its contribution, as the services do."""
        if create and obj.state == CommentState.PUBLISHED:
            from django.db.models import F

            type(obj.contribution).objects.filter(pk=obj.contribution_id).update(
                comment_count=F("comment_count") + 1
            )


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support
        skip_postgeneration_save = True

    contribution = factory.SubFactory(PublishedContributionFactory)
    voter_key = factory.Sequence(lambda n: f"{n:064d}")

    @factory.post_generation
    def counted(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            from django.db.models import F

            type(obj.contribution).objects.filter(pk=obj.contribution_id).update(
                support_count=F("support_count") + 1
            )
