"""Dialogue meetings, target groups and conversation kits.

The foundation defines the shape other apps point at (contributions link to a meeting or a kit);
the dialog issue fills in registration, attendance, the association register and invitations.

One module per part: ``meetings``, ``organisations``, ``registrations`` and ``invitations``;
``base`` holds the token and name helpers they share. Every model is importable from
``dialog.models`` as before (migrations name ``dialog.models.new_token``).
"""

from .base import (
    new_token,
    normalise_name,
)
from .invitations import (
    ConsultationInvitation,
    Invitation,
)
from .meetings import (
    ConversationKit,
    Meeting,
    MeetingAgeCount,
    MeetingFormat,
    MeetingKind,
    MeetingQuerySet,
    MeetingStatus,
    TargetGroup,
)
from .organisations import (
    Organisation,
    OrganisationCategory,
    OrganisationQuerySet,
    public_contact_problem,
)
from .registrations import (
    PendingRegistration,
    PendingRegistrationQuerySet,
    Registration,
    RegistrationQuerySet,
    RegistrationStatus,
)

__all__ = [
    "ConsultationInvitation",
    "ConversationKit",
    "Invitation",
    "Meeting",
    "MeetingAgeCount",
    "MeetingFormat",
    "MeetingKind",
    "MeetingQuerySet",
    "MeetingStatus",
    "Organisation",
    "OrganisationCategory",
    "OrganisationQuerySet",
    "PendingRegistration",
    "PendingRegistrationQuerySet",
    "Registration",
    "RegistrationQuerySet",
    "RegistrationStatus",
    "TargetGroup",
    "new_token",
    "normalise_name",
    "public_contact_problem",
]
