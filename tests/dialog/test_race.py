"""The race for the last seat: two registrations at the same moment on PostgreSQL."""

import threading

import pytest
from django.db import connection

from dialog import services
from dialog.models import RegistrationStatus
from tests.dialog.factories import MeetingFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_cannot_both_take_the_last_seat():
    meeting = MeetingFactory(capacity=1)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def register(email):
        try:
            barrier.wait()
            results.append(
                services.registration_create(meeting=meeting, name="Elin", email=email).status
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(f"p{n}@example.org",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(results) == [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
    assert meeting.registrations.confirmed().count() == 1
    assert meeting.registrations.waiting().get().position == 1
