"""Answered e-förslag as a document: the PDF holds each proposal with the committee's decision
and its answer, and a finished rendering goes into the archive package as published."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from contributions.documents_eproposals import KEY, build_context, source_for
from contributions.models import EProposalState
from tests.contributions.eproposal_factories import EProposalFactory
from tests.factories import ProcessRoleFactory
from visionsprocess.models import Decision, DecisionOutcome, DocumentStatus, Role
from visionsprocess.registry import SourceMissing, documents
from visionsprocess.rendering import render_pdf

pytestmark = pytest.mark.django_db


def answered_proposal(process=None):
    kwargs = {"process": process} if process else {}
    proposal = EProposalFactory(state=EProposalState.REACHED, support_count=112, **kwargs)
    clerk = ProcessRoleFactory(process=proposal.process, role=Role.CLERK).user
    proposal.decision = Decision.objects.create(
        process=proposal.process,
        matter="e_proposal",
        body=proposal.committee,
        meeting_date=timezone.localdate() - dt.timedelta(days=3),
        paragraph_number=87,
        dnr="TN 2026/45",
        outcome=DecisionOutcome.APPROVED,
        recorded_by=clerk,
    )
    proposal.state = EProposalState.ANSWERED
    proposal.answer = "Tekniska nämnden bifaller förslaget; belysning sätts upp nästa höst."
    proposal.answered_at = timezone.now()
    proposal.save()
    return proposal


def test_no_document_before_an_answer():
    proposal = EProposalFactory()
    with pytest.raises(SourceMissing):
        source_for(proposal.process)


def test_pdf_holds_the_decision_and_the_answer():
    proposal = answered_proposal()
    kind = documents.get(KEY)
    pdf = render_pdf(template=kind.template, context=build_context(proposal.process))
    text = " ".join(
        "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "Belysning längs gång- och cykelvägen" in text
    assert "TN 2026/45" in text and "§ 87" in text
    assert "bifaller förslaget" in text


def test_a_rendered_document_goes_into_the_archive_as_published(
    django_capture_on_commit_callbacks,
):
    from visionsprocess.documents import services
    from visionsprocess.documents.archive import archive_rows

    proposal = answered_proposal()
    official = ProcessRoleFactory(process=proposal.process, role=Role.OFFICIAL).user
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_request(kind=KEY, source=proposal.process, user=official)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE, document.error
    rows = [row for row in archive_rows(process=proposal.process) if row["document"] == document]
    assert [row["status"] for row in rows] == ["published"]
