"""Factories of contributions (citizens' side)."""

import factory

from contributions.models import (
    Contribution,
    ContributionKind,
    ContributionTheme,
    ModerationState,
    Theme,
)
from dialog.models import ConversationKit
from tests.factories import ProcessFactory, StageByKeyMixin
from visionsprocess.models import StageKind


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: f"Tema {n}")


class KitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConversationKit

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"Samtalsmaterial {n}")
    slug = factory.Sequence(lambda n: f"samtal-{n}")
    is_published = True


class ContributionFactory(StageByKeyMixin, factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    process = factory.SubFactory(ProcessFactory)
    kind = ContributionKind.IDEA
    stage = StageKind.DIALOGUE
    title = factory.Sequence(lambda n: f"Idé nummer {n}")
    text = "Fler cykelvägar mellan Skillingaryd och Vaggeryd."
    consent_to_publish = True
    moderation_state = ModerationState.NEW


class PublishedContributionFactory(ContributionFactory):
    moderation_state = ModerationState.PUBLISHED


class ContributionThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContributionTheme

    contribution = factory.SubFactory(ContributionFactory)
    theme = factory.SubFactory(ThemeFactory)


# --- Files for upload tests ------------------------------------------------------------------

from tests.media_files import film_bytes, pdf_bytes  # noqa: E402


def image_bytes(fmt="PNG", size=(40, 30), colour=(200, 30, 30), exif=None) -> bytes:
    import io

    from PIL import Image

    image = Image.new("RGB", size, colour)
    out = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    image.save(out, format=fmt, **options)
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    """A JPEG photo carrying a GPS position (Vaggeryd) and a camera model in its EXIF."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x0110] = "Telefon 2040"  # camera model
    exif[0x8825] = {1: "N", 2: (57.0, 29.0, 52.0), 3: "E", 4: (14.0, 8.0, 49.0)}
    return image_bytes("JPEG", exif=exif.tobytes())


PDF_BYTES = pdf_bytes()
MP4_BYTES = film_bytes("mp4")


def upload(name, content, content_type="application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)
