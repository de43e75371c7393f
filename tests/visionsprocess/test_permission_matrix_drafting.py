"""Role × URL matrix of drafting, consultation, adoption and citations."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import ProcessFactory
from tests.url_matrix import (
    FORBIDDEN,
    LOGIN,
    MEMBERS_OK,
    NOT_FOUND,
    OK,
    Case,
    check_case,
    expect,
    params,
)
from tests.visionsprocess.factories_drafting import bodies_for, draft_world
from tests.worlds import module_world
from visionsprocess.drafting import services
from visionsprocess.drafting.answers import confirm_link as answer_confirm_link
from visionsprocess.models import ProcessRole, Visibility

EDIT_OK = expect(FORBIDDEN, admin=OK, official=OK, politician=OK, superuser=OK)
MANAGE_OK = expect(FORBIDDEN, admin=OK, official=OK, superuser=OK)
CLERK_OK = expect(FORBIDDEN, clerk=OK, superuser=OK)
PATH_OK = expect(FORBIDDEN, clerk=OK, admin=OK, superuser=OK)
AUDIT_OK = expect(FORBIDDEN, official=OK, clerk=OK, admin=OK, superuser=OK)
EVERYONE = expect(OK, anonymous=OK)
# The answers are read by those who handle them and by the clerk, who registers them.
READ_ANSWERS = expect(FORBIDDEN, admin=OK, official=OK, politician=OK, clerk=OK, superuser=OK)
NOT_FOUND_ALL = expect(NOT_FOUND, anonymous=NOT_FOUND)
MEMBERS_ONLY = expect(
    FORBIDDEN, anonymous=LOGIN, admin=OK, official=OK, politician=OK, clerk=OK, superuser=OK
)


def slug(world):
    return {"slug": world["process"].slug}


def draft(world):
    return {"slug": world["process"].slug, "number": world["draft"].number}


def paragraph(world):
    return {"slug": world["process"].slug, "pk": world["paragraph"].pk}


CASES = [
    Case("drafting:rounds", MEMBERS_OK, slug),
    Case("drafting:round_create", MANAGE_OK, slug),
    Case("drafting:version", MEMBERS_OK, draft),
    Case("drafting:version_new", EDIT_OK, draft, method="post"),
    Case(
        "drafting:version_note", EDIT_OK, draft, method="post", data=lambda w: {"change_note": "x"}
    ),
    Case("drafting:paragraph_add", EDIT_OK, draft),
    Case("drafting:paragraph_edit", EDIT_OK, paragraph),
    Case("drafting:paragraph_split", EDIT_OK, paragraph),
    Case(
        "drafting:paragraph_move",
        EDIT_OK,
        paragraph,
        method="post",
        data=lambda w: {"direction": "down"},
    ),
    Case("drafting:paragraph_delete", EDIT_OK, paragraph, method="post"),
    Case("drafting:comment_add", EDIT_OK, paragraph, method="post", data=lambda w: {"text": "Bra"}),
    Case(
        "drafting:comment_resolve",
        EDIT_OK,
        lambda w: {"slug": w["process"].slug, "pk": w["comment"].pk},
        method="post",
    ),
    Case("drafting:compare", MEMBERS_OK, slug),
    Case("drafting:consultation_create", MANAGE_OK, draft),
    Case(
        "drafting:consultation_answers",
        READ_ANSWERS,
        lambda w: {"slug": w["process"].slug, "pk": w["consultation"].pk},
    ),
    Case(
        "drafting:answer_attachment",
        READ_ANSWERS,
        lambda w: {"slug": w["process"].slug, "pk": w["answer"].pk},
    ),
    Case(
        "drafting:decision_minutes",
        MEMBERS_OK,
        lambda w: {"slug": w["process"].slug, "pk": w["decision"].pk},
    ),
    Case(
        "drafting:answer_mark",
        EDIT_OK,
        lambda w: {"slug": w["process"].slug, "pk": w["answer"].pk},
        method="post",
        data=lambda w: {"taken_into_account": "on", "note": "Ja"},
    ),
    Case("drafting:adoption", MEMBERS_OK, slug),
    Case(
        "drafting:adoption_path",
        PATH_OK,
        slug,
        method="post",
        data=lambda w: {"steps": "KS, KF"},
    ),
    Case("drafting:decision_record", CLERK_OK, slug),
    Case("drafting:audit_log", AUDIT_OK, slug),
    # The public consultation page: anyone for a public process, members for an internal one.
    Case(
        "drafting:consultation",
        EVERYONE,
        lambda w: {"slug": w["process"].slug, "pk": w["consultation"].pk},
    ),
    Case(
        "drafting:consultation",
        MEMBERS_ONLY,
        lambda w: {"slug": w["internal"].slug, "pk": w["internal_consultation"].pk},
    ),
    # The remissammanställning: written and published by the officials (the editor explains
    # that it waits for the consultation to close; publishing without a summary redirects).
    Case(
        "drafting:summary_edit",
        MANAGE_OK,
        lambda w: {"slug": w["process"].slug, "pk": w["consultation"].pk},
    ),
    Case(
        "drafting:summary_publish",
        MANAGE_OK,
        lambda w: {"slug": w["process"].slug, "pk": w["consultation"].pk},
        method="post",
    ),
    # An answer's receipt and its confirmation link: whoever holds the private link.
    Case("drafting:answer_track", EVERYONE, lambda w: {"token": w["answer"].tracking_token}),
    Case("drafting:answer_confirm", EVERYONE, lambda w: {"value": w["confirm_value"]}),
    Case("drafting:answer_track", NOT_FOUND_ALL, lambda w: {"token": "x" * 43}),
    Case("drafting:answer_confirm", NOT_FOUND_ALL, lambda w: {"value": "forged:value"}),
    Case("contributions:paragraph_citations", EDIT_OK, paragraph),
    Case(
        "contributions:citation_remove",
        EDIT_OK,
        lambda w: {"slug": w["process"].slug, "pk": w["citation"].pk},
        method="post",
    ),
    # "Detta bygger på": public for a text on consultation, members only for an internal draft.
    Case(
        "contributions:paragraph_sources",
        EVERYONE,
        lambda w: {"slug": w["process"].slug, "pk": w["public_paragraph"].pk},
    ),
    Case("contributions:paragraph_sources", MEMBERS_ONLY, paragraph),
]


def _consulted_then_drafted(process, users):
    _round, version = draft_world(process, actor=users["politician"])
    consultation = services.consultation_send(
        version=version,
        deadline=timezone.localdate() + dt.timedelta(days=30),
        actor=users["official"],
    )
    new = services.version_create_next(version=version, actor=users["politician"])
    return version, consultation, new


def matrix_world(role_users):
    from django.core.files.base import ContentFile

    from contributions.models import ParagraphCitation, Theme
    from visionsprocess.models import Decision, DecisionOutcome

    process, users = role_users
    bodies = bodies_for(process)
    consulted, consultation, new = _consulted_then_drafted(process, users)
    answer = services.consultation_answer_submit(
        consultation=consultation, respondent_name="Anna", email="anna@example.org", text="Bra"
    )
    answer.attachment.save("svar.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    decision = Decision(
        process=process,
        version=consulted,
        body=bodies["KS"],
        meeting_date=timezone.localdate(),
        paragraph_number=12,
        dnr="KS 2019/160",
        outcome=DecisionOutcome.SENT_BACK,
        recorded_by=users["clerk"],
    )
    decision.minutes_file.save("utdrag.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    first = new.paragraphs.get(order=1)
    comment = services.comment_add(paragraph=first, author=users["politician"], text="Hm")
    theme = Theme.objects.create(process=process, name="Samverkan")
    citation = ParagraphCitation.objects.create(paragraph=first, theme=theme)
    internal = ProcessFactory(visibility=Visibility.INTERNAL)
    for role in ("admin", "official", "politician", "clerk"):
        ProcessRole.objects.create(process=internal, user=users[role], role=role)
    _v, internal_consultation, _n = _consulted_then_drafted(internal, users)
    return {
        "process": process,
        "users": users,
        "draft": new,
        "paragraph": first,
        "comment": comment,
        "consultation": consultation,
        "answer": answer,
        "confirm_value": answer_confirm_link(answer).rstrip("/").rsplit("/", 1)[-1],
        "decision": decision,
        "citation": citation,
        "public_paragraph": consulted.paragraphs.get(order=1),
        "internal": internal,
        "internal_consultation": internal_consultation,
    }


world = module_world(matrix_world)


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "role"), params(CASES))
def test_drafting_url_answers_each_role_as_expected(client, world, case, role):
    check_case(client, world, case, role)
