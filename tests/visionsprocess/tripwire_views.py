"""Two views for tests/visionsprocess/test_tripwire.py, which treats this module as product code."""

from django.http import HttpResponse

from dialog.models import Meeting
from visionsprocess import changes


def careless_view(request, pk):
    Meeting.objects.filter(pk=pk).update(title="Framtidskväll i Hok")
    return HttpResponse("ok")


def careful_view(request, pk):
    meeting = Meeting.objects.get(pk=pk)
    Meeting.objects.filter(pk=pk).update(title="Framtidskväll i Hok")
    changes.record(process=meeting.process_id)
    return HttpResponse("ok")
