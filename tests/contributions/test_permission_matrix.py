"""Role × URL matrix of the officials' pages of contributions.

Decisions: officials, process administrators and superusers handle contributions; politicians
may read (inbox, a contribution, themes, overview, export without e-mail addresses); clerks,
citizens and officials of other processes may not. Population figures, recording and importing
input, bulk actions and the children flags of a file: officials, process admins and superusers.
"""

import pytest

from contributions.models import FoundTheme
from tests.contributions.staff_factories import (
    MeetingFactory,
    StaffContributionFactory,
    ThemeFactory,
    near_duplicate_group,
)
from tests.contributions.test_workbench import attach
from tests.url_matrix import FORBIDDEN, OK, STAFF_EDIT_OK, Case, check_case, expect, params
from tests.worlds import module_world

READ_OK = expect(FORBIDDEN, admin=OK, official=OK, politician=OK, superuser=OK)


def slug(world):
    return {"slug": world["process"].slug}


def contribution(world):
    return {"slug": world["process"].slug, "pk": world["contribution"].pk}


def theme(world):
    return {"slug": world["process"].slug, "pk": world["theme"].pk}


CASES = [
    Case("contributions:staff_inbox", READ_OK, slug),
    Case("contributions:staff_moderation", STAFF_EDIT_OK, slug),
    Case(
        "contributions:staff_moderation",
        STAFF_EDIT_OK,
        slug,
        method="post",
        data=lambda w: {"action": "dismiss", "contributions": [w["contribution"].pk]},
    ),
    Case(
        "contributions:staff_bulk_tag",
        STAFF_EDIT_OK,
        slug,
        method="post",
        data=lambda w: {"ids": [w["contribution"].pk], "theme": w["theme"].pk, "operation": "add"},
    ),
    Case("contributions:staff_suggestions", STAFF_EDIT_OK, slug),
    Case("contributions:staff_near_duplicates", STAFF_EDIT_OK, slug),
    Case("contributions:staff_found_themes", STAFF_EDIT_OK, slug),
    Case("contributions:staff_theme_map", READ_OK, slug),
    Case(
        "contributions:staff_theme_map_publish",
        STAFF_EDIT_OK,
        slug,
        method="post",
        data=lambda w: {"publish": "yes"},
    ),
    Case("contributions:staff_found_themes_search", STAFF_EDIT_OK, slug, method="post"),
    Case(
        "contributions:staff_found_theme_decide",
        STAFF_EDIT_OK,
        lambda w: {"slug": w["process"].slug, "group": w["found"].pk},
        method="post",
        data=lambda w: {"decision": "discard"},
    ),
    Case("contributions:staff_similarity_build", STAFF_EDIT_OK, slug, method="post"),
    Case(
        "contributions:staff_near_duplicate_join",
        STAFF_EDIT_OK,
        contribution,
        method="post",
        data=lambda w: {"other": w["other"].pk},
    ),
    Case("contributions:staff_near_duplicate_leave", STAFF_EDIT_OK, contribution, method="post"),
    Case(
        "contributions:staff_near_duplicate_representative",
        STAFF_EDIT_OK,
        contribution,
        method="post",
    ),
    Case(
        "contributions:staff_near_duplicate_group_tag",
        STAFF_EDIT_OK,
        lambda w: {"slug": w["process"].slug, "group": w["group"].pk},
        method="post",
        data=lambda w: {"theme": w["theme"].pk},
    ),
    Case(
        "contributions:staff_suggestion_decide",
        STAFF_EDIT_OK,
        lambda w: {**contribution(w), "theme_id": w["theme"].pk},
        method="post",
        data=lambda w: {"decision": "reject"},
    ),
    Case("contributions:staff_export_csv", READ_OK, slug),
    Case("contributions:staff_export_xlsx", READ_OK, slug),
    Case("contributions:staff_contribution", READ_OK, contribution),
    Case(
        "contributions:staff_contribution_moderate",
        STAFF_EDIT_OK,
        contribution,
        method="post",
        data=lambda w: {"action": "kept_internal"},
    ),
    Case(
        "contributions:staff_contribution_feedback",
        STAFF_EDIT_OK,
        contribution,
        method="post",
        data=lambda w: {"text": "Tack! Vi tar med det i visionen."},
    ),
    Case("contributions:staff_themes", READ_OK, slug),
    Case(
        "contributions:staff_themes",
        STAFF_EDIT_OK,
        slug,
        method="post",
        data=lambda w: {"name": "Trygghet", "order": 0},
    ),
    Case("contributions:staff_theme_edit", STAFF_EDIT_OK, theme),
    Case("contributions:staff_theme_delete", STAFF_EDIT_OK, theme, method="post"),
    Case(
        "contributions:staff_theme_feedback",
        STAFF_EDIT_OK,
        theme,
        method="post",
        data=lambda w: {"text": "Skolan byggs ut 2027."},
    ),
    Case("contributions:staff_overview", READ_OK, slug),
    Case("contributions:staff_population", STAFF_EDIT_OK, slug),
    Case(
        "contributions:staff_bulk",
        STAFF_EDIT_OK,
        slug,
        method="post",
        data=lambda w: {"ids": [w["contribution"].pk], "action": "kept_internal"},
    ),
    Case(
        "contributions:staff_bulk",
        STAFF_EDIT_OK,
        slug,
        method="post",
        data=lambda w: {"scope": "all", "action": "tag", "theme": w["theme"].pk},
    ),
    Case("contributions:staff_record", STAFF_EDIT_OK, slug),
    Case(
        "contributions:staff_record",
        STAFF_EDIT_OK,
        slug,
        method="post",
        data=lambda w: {"channel": "interview", "kind": "idea", "text": "Mer buss", "people": 1},
    ),
    Case("contributions:staff_import", STAFF_EDIT_OK, slug),
    Case(
        "contributions:staff_contribution_themes",
        STAFF_EDIT_OK,
        contribution,
        method="post",
        data=lambda w: {"theme": w["theme"].pk, "operation": "add"},
    ),
    Case(
        "contributions:staff_attachment_children",
        STAFF_EDIT_OK,
        lambda w: {**contribution(w), "attachment_id": w["attachment"].pk},
        method="post",
        data=lambda w: {"shows_children": "on"},
    ),
    Case(
        "contributions:staff_meeting_statements",
        STAFF_EDIT_OK,
        lambda w: {"slug": w["process"].slug, "meeting_id": w["meeting"].pk},
    ),
]


def matrix_world(role_users):
    process, users = role_users
    world = {
        "process": process,
        "users": users,
        "contribution": StaffContributionFactory(process=process),
        "theme": ThemeFactory(process=process, name="Skolan", keywords="skola"),
        "meeting": MeetingFactory(process=process),
    }
    world["attachment"] = attach(world["contribution"])
    world["other"] = StaffContributionFactory(process=process)
    world["found"] = FoundTheme.objects.create(
        process=process, words=["buss"], members=[world["other"].pk], quotes=[world["other"].pk]
    )
    world["group"] = near_duplicate_group(
        *StaffContributionFactory.create_batch(2, process=process)
    )
    return world


world = module_world(matrix_world)


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "role"), params(CASES))
def test_staff_contribution_url_answers_each_role_as_expected(client, world, case, role):
    check_case(client, world, case, role)
