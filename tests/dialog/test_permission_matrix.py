"""Role × URL matrix of every dialog URL."""

import datetime as dt

import pytest
from django.utils import timezone

from dialog.models import ConsultationInvitation, Invitation, MeetingKind
from tests.dialog.factories import (
    KitFactory,
    MeetingFactory,
    OrganisationFactory,
    PendingRegistrationFactory,
    RegistrationFactory,
)
from tests.factories import ProcessFactory
from tests.url_matrix import (
    FORBIDDEN,
    LOGIN,
    MEMBERS_OK,
    NOT_FOUND,
    OK,
    STAFF_EDIT_OK,
    Case,
    check_case,
    expect,
    params,
)
from tests.visionsprocess.factories_drafting import draft_world
from tests.worlds import module_world
from visionsprocess.drafting import services as drafting
from visionsprocess.models import ProcessRole, Visibility

# Anyone may open these (tokens are the key for the registration and invitation pages).
PUBLIC_URLS = {
    "dialog:meeting_list",
    "dialog:meeting_feed",
    "dialog:meeting_detail",
    "dialog:meeting_ics",
    "dialog:registration_status",
    "dialog:registration_confirm",
    "dialog:registration_cancel",
    "dialog:registration_ics",
    "dialog:unsubscribe",
    "dialog:consultation_unsubscribe",
    "dialog:kit_detail",
    "dialog:kit_download",
}

ALL_OK = expect(OK)
ALL_NOT_FOUND = expect(NOT_FOUND)
REGISTER_OK = expect(FORBIDDEN, admin=OK, official=OK, other_official=OK, superuser=OK)
INTERNAL_PROCESS = expect(
    FORBIDDEN, anonymous=LOGIN, admin=OK, official=OK, politician=OK, clerk=OK, superuser=OK
)


def slug(world):
    return {"slug": world["process"].slug}


def meeting(world, key="meeting"):
    return {"slug": world["process"].slug, "pk": world[key].pk}


def kit(world):
    return {"slug": world["process"].slug, "kit": world["kit"].slug}


CASES = [
    # Public pages of a public process
    Case("dialog:meeting_list", ALL_OK, slug),
    Case("dialog:meeting_feed", ALL_OK, slug),
    Case("dialog:meeting_detail", ALL_OK, meeting),
    Case("dialog:meeting_ics", ALL_OK, meeting),
    Case("dialog:kit_detail", ALL_OK, kit),
    Case("dialog:kit_download", ALL_NOT_FOUND, kit),  # no PDF uploaded
    # Internal meetings never appear publicly, not even to members
    Case("dialog:meeting_detail", ALL_NOT_FOUND, lambda w: meeting(w, "internal_meeting")),
    Case("dialog:meeting_ics", ALL_NOT_FOUND, lambda w: meeting(w, "internal_meeting")),
    # An internal process: members only
    Case("dialog:meeting_list", INTERNAL_PROCESS, lambda w: {"slug": w["internal"].slug}),
    Case("dialog:meeting_feed", INTERNAL_PROCESS, lambda w: {"slug": w["internal"].slug}),
    # Token pages
    Case("dialog:registration_status", ALL_OK, lambda w: {"token": w["registration"].token}),
    Case("dialog:registration_cancel", ALL_OK, lambda w: {"token": w["registration"].token}),
    Case("dialog:registration_ics", ALL_OK, lambda w: {"token": w["registration"].token}),
    Case("dialog:registration_status", ALL_NOT_FOUND, lambda w: {"token": "wrong-token"}),
    Case("dialog:registration_confirm", ALL_OK, lambda w: {"token": w["pending"].token}),
    Case("dialog:registration_confirm", ALL_NOT_FOUND, lambda w: {"token": "wrong-token"}),
    Case("dialog:unsubscribe", ALL_OK, lambda w: {"token": w["invitation"].token}),
    Case("dialog:unsubscribe", ALL_NOT_FOUND, lambda w: {"token": "wrong-token"}),
    Case(
        "dialog:consultation_unsubscribe",
        ALL_OK,
        lambda w: {"token": w["consultation_invitation"].token},
    ),
    Case("dialog:consultation_unsubscribe", ALL_NOT_FOUND, lambda w: {"token": "wrong-token"}),
    # Staff: meetings
    Case("dialog:staff_meetings", MEMBERS_OK, slug),
    Case("dialog:staff_meeting_create", STAFF_EDIT_OK, slug),
    Case("dialog:staff_meeting", MEMBERS_OK, meeting),
    Case("dialog:staff_meeting", MEMBERS_OK, lambda w: meeting(w, "internal_meeting")),
    Case("dialog:staff_meeting_edit", STAFF_EDIT_OK, meeting),
    Case("dialog:staff_meeting_cancel", STAFF_EDIT_OK, meeting),
    Case("dialog:staff_meeting_copy", STAFF_EDIT_OK, meeting, method="post"),
    Case("dialog:staff_registrations_csv", STAFF_EDIT_OK, meeting),
    Case("dialog:staff_attendance", STAFF_EDIT_OK, meeting, method="post"),
    Case("dialog:staff_meeting_record", STAFF_EDIT_OK, meeting),
    Case("dialog:staff_meeting_invite", STAFF_EDIT_OK, meeting),
    # Staff: consultation bodies from the register (officials and admins of the process)
    Case(
        "dialog:staff_consultation_bodies",
        STAFF_EDIT_OK,
        lambda w: {"slug": w["process"].slug, "pk": w["consultation"].pk},
    ),
    Case(
        "dialog:staff_consultation_remind",
        STAFF_EDIT_OK,
        lambda w: {"slug": w["process"].slug, "pk": w["consultation"].pk},
        method="post",
    ),
    Case(
        "dialog:staff_consultation_bodies",
        ALL_NOT_FOUND,
        lambda w: {"slug": w["process"].slug, "pk": w["consultation"].pk + 1000},
    ),
    # Staff: kits
    Case("dialog:staff_kits", STAFF_EDIT_OK, slug),
    Case("dialog:staff_kit_create", STAFF_EDIT_OK, slug),
    Case("dialog:staff_kit_edit", STAFF_EDIT_OK, kit),
    # The association register: officials of the municipality's processes
    # The whole municipality: everyone (the calendar, its feed, the public association list)
    Case("dialog:calendar", ALL_OK),
    Case("dialog:calendar_feed", ALL_OK),
    Case("dialog:associations", ALL_OK),
    Case("dialog:register", REGISTER_OK),
    Case("dialog:register_create", REGISTER_OK),
    Case("dialog:register_edit", REGISTER_OK, lambda w: {"pk": w["organisation"].pk}),
    Case("dialog:register_import", REGISTER_OK),
    Case("dialog:register_import_confirm", REGISTER_OK, method="post"),
    Case("dialog:register_export", REGISTER_OK),
]


def matrix_world(role_users):
    process, users = role_users
    internal = ProcessFactory(visibility=Visibility.INTERNAL, municipality=process.municipality)
    for role in ("admin", "official", "politician", "clerk"):
        ProcessRole.objects.create(process=internal, user=users[role], role=role)
    the_meeting = MeetingFactory(process=process, capacity=10)
    organisation = OrganisationFactory(municipality=process.municipality)
    _round, version = draft_world(process, actor=users["politician"])
    consultation = drafting.consultation_send(
        version=version,
        deadline=timezone.localdate() + dt.timedelta(days=30),
        actor=users["official"],
    )
    return {
        "consultation": consultation,
        "consultation_invitation": ConsultationInvitation.objects.create(
            consultation=consultation, organisation=organisation
        ),
        "process": process,
        "users": users,
        "internal": internal,
        "meeting": the_meeting,
        "internal_meeting": MeetingFactory(process=process, kind=MeetingKind.INTERNAL),
        "registration": RegistrationFactory(meeting=the_meeting),
        "pending": PendingRegistrationFactory(meeting=the_meeting),
        "kit": KitFactory(process=process),
        "organisation": organisation,
        "invitation": Invitation.objects.create(organisation=organisation, meeting=the_meeting),
    }


world = module_world(matrix_world)


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "role"), params(CASES))
def test_dialog_url_answers_each_role_as_expected(client, world, case, role):
    check_case(client, world, case, role)
