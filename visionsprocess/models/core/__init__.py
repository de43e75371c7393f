"""The core of a vision process: municipality, process, stages, roles, bodies and documents.

A package of modules: municipality, process, roles, document; everything is importable from here."""

from .document import (  # noqa: F401
    DOCUMENT_TEXT_CHARS,
    Document,
    DocumentQuerySet,
    DocumentStatus,
    document_upload_to,
)
from .municipality import (  # noqa: F401
    District,
    DocumentTypeface,
    HostName,
    Municipality,
    TimeStampedModel,
    User,
    hex_colour,
    personal_address,
)
from .process import (  # noqa: F401
    AgeBand,
    ParticipationLevel,
    Stage,
    StageKind,
    StageQuerySet,
    Visibility,
    VisionProcess,
    VisionProcessQuerySet,
    _in_english,
)
from .roles import (  # noqa: F401
    Body,
    BodyKind,
    MunicipalityRole,
    MunicipalityRoleKind,
    ProcessRole,
    Role,
)

__all__ = [
    "TimeStampedModel",
    "User",
    "Municipality",
    "DocumentTypeface",
    "HostName",
    "MunicipalityRole",
    "MunicipalityRoleKind",
    "District",
    "AgeBand",
    "Visibility",
    "ParticipationLevel",
    "personal_address",
    "StageKind",
    "VisionProcessQuerySet",
    "VisionProcess",
    "StageQuerySet",
    "Stage",
    "Role",
    "ProcessRole",
    "BodyKind",
    "Body",
    "DocumentStatus",
    "DocumentQuerySet",
    "Document",
    "document_upload_to",
]
