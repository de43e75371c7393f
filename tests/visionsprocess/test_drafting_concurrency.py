"""Two people saving the same paragraph at the same moment: one wins, the other gets a conflict."""

import threading

import pytest
from django.db import connection

from tests.factories import ProcessFactory
from tests.visionsprocess.factories_drafting import draft_world
from visionsprocess.drafting import services


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_edits_of_one_paragraph():
    process = ProcessFactory()
    _round, version = draft_world(process)
    paragraph = version.paragraphs.get(order=2)
    base = paragraph.revision
    barrier = threading.Barrier(2)
    outcomes = []

    def edit(text):
        try:
            barrier.wait()
            services.paragraph_edit(paragraph=paragraph, text=text, base_revision=base, actor=None)
            outcomes.append("saved")
        except services.EditConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(f"Text {i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    paragraph.refresh_from_db()
    assert paragraph.revision == base + 1
