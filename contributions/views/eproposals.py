"""Citizens' pages of e-förslag: the list of a process, a proposal's page with its support
button, the form to propose one, taking part with a confirmed e-mail address, and the
proposer's private page."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import _split_rate

from visionsprocess.forms import add_service_errors
from visionsprocess.permissions import hide_draft, permission_required, process_by_slug
from visionsprocess.ratelimits import limited, rate_for, too_many_requests

from ..forms_discussion import ParticipantForm
from ..forms_eproposals import EProposalForm
from ..models import EProposal, EProposalState, RefusalRule
from ..services import discussion as discussion_services
from ..services import eproposals as services
from ..templatetags.eproposals import eproposal_path
from .discussion import voice_of

LIST_STATES = (
    ("collecting", EProposalState.COLLECTING, gettext_lazy("Collecting support")),
    ("reached", EProposalState.REACHED, gettext_lazy("With the committee")),
    ("answered", EProposalState.ANSWERED, gettext_lazy("Answered")),
    ("expired", EProposalState.EXPIRED, gettext_lazy("Did not reach the threshold")),
)


def _proposal(request, slug, pk, **kwargs):
    proposal = (
        EProposal.objects.select_related("process__municipality", "committee", "decision__body")
        .filter(pk=pk, process__slug=slug)
        .first()
    )
    if proposal is None or not proposal.is_public:
        raise Http404
    hide_draft(request, proposal.process)
    return proposal


def _page_url(proposal, anchor: str = "") -> str:
    url = eproposal_path("eproposal", proposal.process, proposal.pk)
    return url + (f"#{anchor}" if anchor else "")


@never_cache
@permission_required("contributions.view_eproposals", process_by_slug)
def eproposal_list(request, process, slug):
    rules = services.rules_of(process)
    proposals = list(
        EProposal.objects.for_process(process)
        .public()
        .select_related("committee")
        .order_by("-published_at", "-pk")[:500]
    )
    groups = []
    for key, _state, label in LIST_STATES:
        rows = [p for p in proposals if p.shown_state == key]
        if rows:
            groups.append({"key": key, "label": label, "rows": rows})
    return render(
        request,
        "contributions/eproposals/list.html",
        {
            "process": process,
            "rules": rules,
            "groups": groups,
            "refusal_rules": RefusalRule.choices,
        },
    )


def _render_detail(request, proposal, *, status=200, note=""):
    voice = voice_of(request)
    context = {
        "process": proposal.process,
        "p": proposal,
        "voice": voice,
        "supported": services.has_supported(proposal=proposal, voice=voice),
        "note": note,
        "login_url": reverse("account_login") + "?" + urlencode({"next": _page_url(proposal)}),
        "participant_url": reverse(
            "contributions:eproposal_participant",
            kwargs={"slug": proposal.process.slug, "pk": proposal.pk},
        ),
    }
    return render(request, "contributions/eproposals/detail.html", context, status=status)


@never_cache
@permission_required("contributions.view_eproposal", _proposal)
def eproposal_detail(request, proposal, slug, pk):
    return _render_detail(request, proposal)


def _support_answer(request, proposal, text, *, supported=False, status=200):
    if request.htmx:
        response = render(
            request,
            "contributions/eproposals/includes/support.html",
            {
                "p": proposal,
                "process": proposal.process,
                "supported": supported,
                "note": text,
                "voice": voice_of(request),
            },
            status=status,
        )
        return response
    if status == 429:
        return too_many_requests(request, "contributions.eproposal_support")
    messages.info(request, text)
    return redirect(_page_url(proposal, "stod"))


@require_POST
@permission_required("contributions.support_eproposal", _proposal)
def eproposal_support(request, proposal, slug, pk):
    voice = voice_of(request)
    if not voice.is_known:
        return _support_answer(
            request,
            proposal,
            _("Log in, or confirm your e-mail address, to support the proposal."),
        )
    for group, value in (
        ("contributions.eproposal_support", None),
        ("contributions.eproposal_target", f"eproposal:{proposal.pk}"),
    ):
        if limited(request, group, value=value):
            text = _("Many supports have come in a short time. Wait a while and try again.")
            response = _support_answer(request, proposal, text, status=429)
            response["Retry-After"] = str(_split_rate(rate_for(group))[1])
            return response
    try:
        _support, new = services.eproposal_support(proposal=proposal, voice=voice)
    except ValidationError as error:
        return _support_answer(request, proposal, " ".join(error.messages))
    proposal.refresh_from_db(fields=["support_count", "state"])
    text = (
        _("Thank you for supporting the proposal.")
        if new
        else _("You already support this proposal. Each person supports it once.")
    )
    return _support_answer(request, proposal, text, supported=True)


@never_cache
@permission_required("contributions.support_eproposal", _proposal)
def eproposal_participant(request, proposal, slug, pk):
    """Support without an account: an e-mail address, confirmed by a link (the discussion's)."""
    return _participant(
        request, proposal.process, next_path=_page_url(proposal, "stod"), back=_page_url(proposal)
    )


def _participant(request, process, *, next_path, back):
    form = ParticipantForm(request.POST if request.method == "POST" else None)
    context = {"process": process, "form": form, "back": back}
    sent = "contributions/eproposals/participant_sent.html"
    if request.method == "POST":
        if limited(request, "contributions.participant"):
            return too_many_requests(request, "contributions.participant")
        if form.is_spam:
            return render(request, sent, context)
        if form.is_valid():
            email = form.cleaned_data["email"]
            if limited(request, "contributions.participant_email", value=email):
                return render(request, sent, context)
            try:
                discussion_services.participant_request(
                    email=email,
                    display_name=form.cleaned_data.get("display_name", ""),
                    next_path=next_path,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return render(request, sent, context)
    return render(request, "contributions/eproposals/participant_form.html", context)


@never_cache
@permission_required("contributions.propose_eproposal", process_by_slug)
def eproposal_new(request, process, slug):
    rules = services.rules_of(process)
    if rules is None or not rules.is_open:
        return render(
            request, "contributions/eproposals/closed.html", {"process": process}, status=200
        )
    voice = voice_of(request)
    form_url = eproposal_path("eproposal_new", process)
    context = {
        "process": process,
        "rules": rules,
        "voice": voice,
        "login_url": reverse("account_login") + "?" + urlencode({"next": form_url}),
        "participant_url": reverse(
            "contributions:eproposal_new_participant", kwargs={"slug": process.slug}
        ),
    }
    if request.method != "POST":
        context["form"] = EProposalForm(initial={"display_name": voice.default_name})
        return render(request, "contributions/eproposals/form.html", context)
    form = EProposalForm(request.POST)
    context["form"] = form
    if form.is_spam:
        return redirect(eproposal_path("eproposals", process))
    if not voice.is_known:
        form.is_valid()
        form.add_error(None, _("Log in, or confirm your e-mail address, to send a proposal."))
        return render(request, "contributions/eproposals/form.html", context)
    if limited(request, "contributions.eproposal"):
        form.is_valid()
        form.add_error(
            None, _("Many proposals have been sent in a short time. Wait a while and send again.")
        )
        response = render(request, "contributions/eproposals/form.html", context, status=429)
        response["Retry-After"] = str(_split_rate(rate_for("contributions.eproposal"))[1])
        return response
    if form.is_valid():
        try:
            proposal = services.eproposal_submit(
                process=process,
                voice=voice,
                title=form.cleaned_data["title"],
                what=form.cleaned_data["what"],
                why=form.cleaned_data["why"],
                birth_year=form.cleaned_data["birth_year"],
                resident=form.cleaned_data.get("resident", False),
                display_name=form.cleaned_data.get("display_name", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("contributions:eproposal_track", token=proposal.tracking_token)
    return render(request, "contributions/eproposals/form.html", context)


@never_cache
@permission_required("contributions.propose_eproposal", process_by_slug)
def eproposal_new_participant(request, process, slug):
    form_url = reverse("contributions:eproposal_new", kwargs={"slug": process.slug})
    return _participant(request, process, next_path=form_url, back=form_url)


@never_cache
def eproposal_track(request, token):
    """The proposer's private page: the receipt, the state, the refusal with its rule."""
    proposal = get_object_or_404(
        EProposal.objects.select_related("process", "committee", "decision__body"),
        tracking_token=token[:64],
    )
    response = render(
        request,
        "contributions/eproposals/track.html",
        {"p": proposal, "process": proposal.process},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
