"""Numbers no integer column can hold find nothing (visionsprocess/lookups.py), never a 500."""

import pytest

from contributions.models import Contribution
from visionsprocess.models import VisionProcess


@pytest.mark.django_db
def test_numbers_beyond_any_id_find_nothing_through_every_kind_of_lookup():
    big = 10**25
    assert list(Contribution.objects.filter(process_id=big)) == []
    assert list(Contribution.objects.filter(process=big)) == []
    assert list(Contribution.objects.filter(process__in=[big])) == []
    assert list(Contribution.objects.filter(process_id__in=[big, 1])) == []
    assert list(Contribution.objects.filter(pk__in=[big])) == []
    assert list(VisionProcess.objects.filter(pk=big)) == []
