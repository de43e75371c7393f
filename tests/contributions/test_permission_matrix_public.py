"""Role × URL matrix of the citizens' side of contributions.

Most of these pages are public; the cases pin down what each role gets for the states that
matter (an internal process, an unpublished contribution, a closed stage, anonymous input off).
"""

import pytest
from django.core.files.base import ContentFile

from contributions.models import Attachment, MediaKind, ThemeMapPublication
from tests.contributions.factories import ContributionFactory, PublishedContributionFactory
from tests.factories import ProcessFactory
from tests.url_matrix import FORBIDDEN, LOGIN, NOT_FOUND, OK, Case, check_case, expect, params
from tests.worlds import module_world
from visionsprocess.models import ProcessRole, StageKind, Visibility

PUBLIC_URLS = {
    "contributions:wall",
    "contributions:theme_map",
    "contributions:submit_start",
    "contributions:submit",
    "contributions:receipt",
    "contributions:report",
    "contributions:track",
    "contributions:attachment_file",
    "contributions:detail",
    "contributions:comment",
    "contributions:support",
    "contributions:participant",
    "contributions:participant_confirm",
    "contributions:comment_report",
    "contributions:tracked_attachment_file",
}

MEMBERS_OK_ELSE_404 = expect(
    NOT_FOUND, admin=OK, official=OK, politician=OK, clerk=OK, superuser=OK
)
INTERNAL = expect(
    FORBIDDEN, anonymous=LOGIN, admin=OK, official=OK, politician=OK, clerk=OK, superuser=OK
)
SIGNED_IN_OK = expect(OK, anonymous=LOGIN)


def slug_of(key):
    return lambda w: {"slug": w[key].slug}


def on(key, process="process"):
    return lambda w: {"slug": w[process].slug, "pk": w[key].pk}


def comment_of(key):
    return lambda w: {
        "slug": w["process"].slug,
        "pk": w[key].contribution_id,
        "comment_pk": w[key].pk,
    }


# The discussion of a contribution: read by anyone who may see the process; writing is answered
# (a redirect with a message, or the form again) for everyone, and the services decide who may
# post (an account or a confirmed address). Anything not published is a 404 for all.
DISCUSSION_CASES = [
    Case("contributions:detail", expect(OK), on("published")),
    Case("contributions:detail", expect(NOT_FOUND), on("unpublished")),
    Case("contributions:detail", INTERNAL, on("internal_published", "internal")),
    Case(
        "contributions:comment",
        expect(OK),
        on("published"),
        method="post",
        data=lambda w: {"text": "Bra idé!"},
    ),
    Case("contributions:comment", expect(NOT_FOUND), on("unpublished"), method="post"),
    Case(
        "contributions:comment",
        expect(FORBIDDEN, anonymous=LOGIN, superuser=OK),
        on("internal_published", "internal"),
        method="post",
    ),
    Case("contributions:support", expect(OK), on("published"), method="post"),
    Case("contributions:support", expect(NOT_FOUND), on("unpublished"), method="post"),
    Case("contributions:participant", expect(OK), on("published")),
    Case("contributions:participant", expect(NOT_FOUND), on("unpublished")),
    Case(
        "contributions:comment_report",
        expect(OK),
        comment_of("comment"),
        method="post",
    ),
    Case(
        "contributions:comment_report",
        expect(NOT_FOUND),
        comment_of("pending_comment"),
        method="post",
    ),
    Case(
        "contributions:participant_confirm",
        expect(OK),
        lambda w: {"token": w["participant"].confirm_token},
    ),
    Case("contributions:participant_confirm", expect(NOT_FOUND), lambda w: {"token": "forged"}),
]


CASES = [
    Case("contributions:wall", expect(OK), slug_of("process")),
    Case("contributions:wall", INTERNAL, slug_of("internal")),
    Case("contributions:theme_map", expect(NOT_FOUND), slug_of("process")),
    Case("contributions:theme_map", expect(OK), slug_of("mapped")),
    Case("contributions:submit_start", expect(OK), slug_of("process")),
    Case("contributions:submit_start", INTERNAL, slug_of("internal")),
    Case("contributions:submit_start", expect(OK), slug_of("closed")),
    Case("contributions:submit_start", SIGNED_IN_OK, slug_of("signed_in_only")),
    Case(
        "contributions:submit",
        expect(OK),
        lambda w: {"slug": w["process"].slug, "kind_slug": "brev"},
    ),
    Case(
        "contributions:submit",
        SIGNED_IN_OK,
        lambda w: {"slug": w["signed_in_only"].slug, "kind_slug": "ide"},
    ),
    Case(
        "contributions:submit",
        INTERNAL,
        lambda w: {"slug": w["internal"].slug, "kind_slug": "grupprapport"},
    ),
    Case("contributions:receipt", expect(OK), slug_of("process")),
    Case(
        "contributions:report",
        expect(OK),
        lambda w: {"slug": w["process"].slug, "pk": w["published"].pk},
        method="post",
    ),
    Case(
        "contributions:report",
        expect(NOT_FOUND),
        lambda w: {"slug": w["process"].slug, "pk": w["unpublished"].pk},
        method="post",
    ),
    Case("contributions:track", expect(OK), lambda w: {"token": w["unpublished"].tracking_token}),
    Case("contributions:track", expect(NOT_FOUND), lambda w: {"token": "no-such-token"}),
    Case("contributions:attachment_file", expect(OK), lambda w: {"pk": w["public_file"].pk}),
    Case(
        "contributions:attachment_file",
        MEMBERS_OK_ELSE_404,
        lambda w: {"pk": w["private_file"].pk},
    ),
    *DISCUSSION_CASES,
    # The sender's own file through the private tracking link: whoever holds the link.
    Case(
        "contributions:tracked_attachment_file",
        expect(OK),
        lambda w: {"token": w["unpublished"].tracking_token, "pk": w["private_file"].pk},
    ),
    # Another contribution's file under this link, or a wrong link: not found, for everyone.
    Case(
        "contributions:tracked_attachment_file",
        expect(NOT_FOUND),
        lambda w: {"token": w["unpublished"].tracking_token, "pk": w["public_file"].pk},
    ),
    Case(
        "contributions:tracked_attachment_file",
        expect(NOT_FOUND),
        lambda w: {"token": "no-such-token", "pk": w["private_file"].pk},
    ),
]


def _file(contribution):
    attachment = Attachment(
        contribution=contribution, media_kind=MediaKind.PDF, content_type="application/pdf", size=8
    )
    attachment.file.save("x.pdf", ContentFile(b"%PDF-1.4"), save=False)
    attachment.save()
    return attachment


def matrix_world(role_users):
    process, users = role_users
    internal = ProcessFactory(visibility=Visibility.INTERNAL)
    for role in ("admin", "official", "politician", "clerk"):
        ProcessRole.objects.create(process=internal, user=users[role], role=role)
    published = PublishedContributionFactory(process=process)
    unpublished = ContributionFactory(process=process)
    from tests.contributions.discussion_factories import CommentFactory, ParticipantFactory

    mapped = ProcessFactory()
    ThemeMapPublication.objects.create(process=mapped)
    return {
        "mapped": mapped,
        "internal_published": PublishedContributionFactory(process=internal),
        "comment": CommentFactory(contribution=published),
        "pending_comment": CommentFactory(contribution=published, state="pending"),
        "participant": ParticipantFactory(confirmed_at=None),
        "process": process,
        "users": users,
        "internal": internal,
        "closed": ProcessFactory(current_stage=StageKind.IMPLEMENTATION),
        "signed_in_only": ProcessFactory(allow_anonymous_contributions=False),
        "published": published,
        "unpublished": unpublished,
        "public_file": _file(published),
        "private_file": _file(unpublished),
    }


world = module_world(matrix_world)


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "role"), params(CASES))
def test_public_contribution_url_answers_each_role_as_expected(client, world, case, role):
    check_case(client, world, case, role)
