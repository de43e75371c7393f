"""Views of the process core: public pages, the staff area, health."""

import json
import mimetypes

import requests
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.providers.openid_connect import views as openid_connect_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import outbox, page_cache, registry, selectors, services
from .files import serve_file
from .forms import (
    ProcessCreateForm,
    ProcessForm,
    RoleGrantForm,
    StageDatesForm,
    StageDatesFormSet,
    StageForm,
    add_service_errors,
)
from .models import ProcessRole, Stage
from .permissions import permission_required, process_by_slug
from .predicates import has_role_anywhere
from .promises import late_feedback_stages
from .tenancy import request_municipality


def home(request):
    """The municipality page: every process with its current stage, what is open now in any of
    them, and the sections the apps add (the visions above the processes, the meetings
    calendar, the association register)."""
    from .open_now import open_now

    try:
        municipality = request_municipality(request)
    except Http404:
        # A new installation without a municipality yet: the page, empty (not an error).
        context = {"processes": [], "open_now": []}
        body = render_to_string(BODY, {**context, **_home_lists(request, context)}, request)
        return render(request, "visionsprocess/home.html", {"body": body})
    processes = selectors.municipality_processes(municipality=municipality, user=request.user)
    # An anonymous visitor's page is kept until a change of the municipality or of any of its
    # processes is recorded (at most a minute: what is open changes by the clock too).
    key = page_cache.municipality_page_key(request, municipality, processes)
    body = cache.get(key) if key else None
    if body is None:
        for process in processes:
            process.municipality = municipality
        public = [process for process in processes if process.is_public]
        context = {
            "processes": processes,
            "open_now": open_now.items(municipality=municipality, processes=public),
            "sections": page_cache.render_sections(
                registry.municipality_sections, request, municipality
            ),
        }
        context.update(_home_lists(request, context, municipality))
        body = render_to_string(BODY, context, request)
        if key:
            cache.set(key, body, page_cache.MUNICIPALITY_PAGE_TIMEOUT)
    return render(request, "visionsprocess/home.html", {"body": SafeString(body)})


BODY = "visionsprocess/includes/home_body.html"


def _home_lists(request, context, municipality=None) -> dict:
    """The municipality page's two long lists, "Öppet nu" and the processes, each rendered once
    for what it shows (``page_cache.render_shown``): made anew after a change of one process,
    the page renders them again only if that change altered what they show."""
    processes, items = context["processes"], context["open_now"]
    return {
        "open_now_html": page_cache.render_shown(
            "visionsprocess/includes/home_open_now.html",
            {"open_now": items, "municipality": municipality},
            request,
            page_cache.shown_open_now(items, municipality) if municipality else (),
        ),
        "processes_html": page_cache.render_shown(
            "visionsprocess/includes/home_processes.html",
            {"processes": processes},
            request,
            page_cache.shown_processes(processes),
        ),
    }


@permission_required("visionsprocess.view_process", process_by_slug)
def process_detail(request, process, slug):
    process = selectors.process_with_stages(process)
    timeline = selectors.process_timeline(process=process)
    context = {
        "process": process,
        "timeline": timeline,
        "feedback_dates": [stage for stage in timeline if stage.feedback_due],
        "late_stages": late_feedback_stages(process, stages=timeline),
        "sections": page_cache.render_sections(registry.process_sections, request, process),
    }
    return render(request, "visionsprocess/process_detail.html", context)


@permission_required("visionsprocess.view_outcome", process_by_slug)
def process_outcome(request, process, slug):
    """ "Ni sa – vi gjorde": what came of the dialogue, theme by theme (sections of the apps)."""
    context = {
        "process": process,
        "sections": page_cache.render_sections(registry.outcome_sections, request, process),
    }
    return render(request, "visionsprocess/process_outcome.html", context)


def accessibility_statement(request):
    return render(request, "visionsprocess/accessibility.html")


def theme_css(request):
    """The municipality's colours as CSS custom properties (no inline styles under the CSP)."""
    municipality = getattr(request, "municipality", None)
    primary = municipality.primary_colour if municipality else "#00558c"
    accent = municipality.accent_colour if municipality else "#b37d00"
    css = f":root {{ --vp-primary: {primary}; --vp-accent: {accent}; }}\n"
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


def municipality_logo(request):
    """The municipality's logo, shown on every page: public, but served by a view like every
    upload (never from /media/)."""
    municipality = request_municipality(request)
    if not municipality.logo:
        raise Http404
    name = municipality.logo.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0]
    if content_type not in ("image/png", "image/jpeg", "image/webp", "image/gif"):
        raise Http404  # an SVG or anything else that could carry script is not served
    return serve_file(
        request,
        municipality.logo,
        filename=name,
        content_type=content_type,
        cache="public, max-age=3600",
    )


@never_cache
@require_GET
def health(request):
    """The state of each part, for the load balancer and for an operator.

    The answer is 503 only when this web node cannot serve: its database is unreachable. A
    cache or broker outage is reported (``"status": "degraded"``) but answered 200, since the
    site goes on without them (the cache fails open, the outbox keeps work for the broker), and
    taking every web node out of the load balancer would turn a degraded site into no site. The
    outbox backlog and the age of its oldest row show whether workers and the relay keep up.
    """
    checks = {"database": _database_state(), "cache": _cache_state(), "broker": _broker_state()}
    database_ok = checks["database"] == "ok"
    degraded = any(value not in ("ok", "eager", "local") for value in checks.values())
    body = {
        "status": "error" if not database_ok else "degraded" if degraded else "ok",
        "checks": checks,
    }
    if database_ok:
        # Work waiting to be handed to the broker or e-mail waiting to be sent: informative (an
        # outage delays it), not a reason to take this web node out of the load balancer.
        body["outbox"] = outbox.backlog()
        body["migrations"] = _migrations_state()
    return JsonResponse(body, status=200 if database_ok else 503)


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _cache_state() -> str:
    from django.core.cache import cache

    ping = getattr(cache, "ping", None)
    if ping is None:
        return "local"  # a cache in this process (development): always there
    return "ok" if ping() else "error: unreachable"


_MIGRATIONS_APPLIED = False


def _migrations_state() -> str:
    """ "ok" once every migration of the code is applied (then remembered for the process)."""
    global _MIGRATIONS_APPLIED
    if _MIGRATIONS_APPLIED:
        return "ok"
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        return f"pending: {len(pending)}"
    _MIGRATIONS_APPLIED = True
    return "ok"


def _broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    import redis

    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}"


# --- Staff area -------------------------------------------------------------------------------


def staff_home(request):
    """The staff area's start. A signed-in person without a role (a citizen who came here from
    a link, or right after logging in) is taken to "Mina sidor" instead of a 403. A person whose
    roles are all in other municipalities gets a 403 here: the staff area is per municipality
    (``view_staff_area``), and theirs is at their municipality's host."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    municipality = getattr(request, "municipality", None)
    if not request.user.has_perm("visionsprocess.view_staff_area", municipality):
        if has_role_anywhere(request.user):
            raise PermissionDenied
        messages.info(request, _("The staff area is for people with a role in a process."))
        return redirect("my_pages")
    context = {
        "memberships": selectors.process_list_for_staff(
            user=request.user, municipality=municipality
        )
    }
    return render(request, "visionsprocess/staff/home.html", context)


@permission_required("visionsprocess.view_process_staff", process_by_slug)
def staff_process(request, process, slug):
    context = {
        "process": process,
        "timeline": selectors.process_timeline(process=selectors.process_with_stages(process)),
        "late_stages": late_feedback_stages(process),
        "sections": page_cache.render_sections(registry.staff_sections, request, process),
    }
    return render(request, "visionsprocess/staff/process_overview.html", context)


@permission_required("visionsprocess.change_process", process_by_slug)
def staff_process_edit(request, process, slug):
    process = selectors.process_with_stages(process)
    stages = Stage.objects.filter(process=process).order_by("position")
    form = ProcessForm(request.POST or None, instance=process)
    formset = StageDatesFormSet(request.POST or None, queryset=stages, prefix="stage")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.process_update(
                process=process,
                data={name: form.cleaned_data[name] for name in form.Meta.fields},
                stages={
                    stage_form.instance: {
                        name: stage_form.cleaned_data[name] for name in StageDatesForm.Meta.fields
                    }
                    for stage_form in formset.forms
                    if stage_form.instance.pk
                },
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The process was saved."))
            return redirect("staff:process", slug=process.slug)
    context = {
        "process": process,
        "form": form,
        "formset": formset,
        "can_manage_stages": request.user.has_perm("visionsprocess.manage_stages", process),
    }
    return render(request, "visionsprocess/staff/process_edit.html", context)


@permission_required("visionsprocess.add_process", request_municipality)
def staff_process_create(request, municipality):
    form = ProcessCreateForm(request.POST or None, user=request.user, municipality=municipality)
    form.fields["source"].queryset = form.fields["source"].queryset.filter(
        municipality=municipality
    )
    if request.method == "POST" and form.is_valid():
        try:
            process = services.process_create(
                municipality=municipality, creator=request.user, **form.service_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The process was created as a draft: only its staff see it. Check its "
                    "stages, plan their dates and state its promise, then publish it."
                ),
            )
            return redirect("staff:process_stages", slug=process.slug)
    return render(request, "visionsprocess/staff/process_create.html", {"form": form})


@require_POST
@permission_required("visionsprocess.publish_process", process_by_slug)
def staff_process_publish(request, process, slug):
    was_draft = process.is_draft
    services.process_publish(process=process, by=request.user)
    if was_draft:
        messages.success(request, _("The process is published."))
    else:
        messages.info(request, _("The process was already published."))
    return redirect("staff:process", slug=process.slug)


# --- Stages (process administrators) ----------------------------------------------------------


def stage_by_pk(request, slug, pk, **kwargs):
    """A stage of the process at ``slug``; 404 for a stage of another process."""
    return get_object_or_404(
        Stage.objects.select_related("process", "process__municipality"),
        pk=pk,
        process__slug=slug,
    )


def _stage_list(request, process, *, status=200):
    context = {"process": process, "rows": selectors.stages_for_admin(process=process)}
    template = (
        "visionsprocess/staff/includes/stage_list.html"
        if request.htmx
        else "visionsprocess/staff/stages.html"
    )
    return render(request, template, context, status=status)


@permission_required("visionsprocess.manage_stages", process_by_slug)
def staff_process_stages(request, process, slug):
    return _stage_list(request, process)


@permission_required("visionsprocess.manage_stages", process_by_slug)
def staff_stage_create(request, process, slug):
    form = StageForm(request.POST or None, instance=Stage(process=process))
    if request.method == "POST" and form.is_valid():
        try:
            stage = services.stage_create(process=process, data=form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The stage “%(name)s” was added.") % {"name": stage.name})
            return redirect("staff:process_stages", slug=process.slug)
    context = {"process": process, "form": form, "stage": None}
    return render(request, "visionsprocess/staff/stage_form.html", context)


@permission_required("visionsprocess.manage_stages", stage_by_pk)
def staff_stage_edit(request, stage, slug, pk):
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        try:
            stage = services.stage_update(stage=stage, data=form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The stage “%(name)s” was saved.") % {"name": stage.name})
            return redirect("staff:process_stages", slug=stage.process.slug)
    context = {"process": stage.process, "form": form, "stage": stage}
    return render(request, "visionsprocess/staff/stage_form.html", context)


@require_POST
@permission_required("visionsprocess.manage_stages", stage_by_pk)
def staff_stage_move(request, stage, slug, pk):
    direction = request.POST.get("direction", "")
    try:
        moved = services.stage_move(stage=stage, direction=direction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("“%(name)s” is now stage %(position)d.")
            % {"name": moved.name, "position": moved.position},
        )
    if request.htmx:
        response = _stage_list(request, stage.process)
        response["HX-Trigger-After-Settle"] = json.dumps(
            {"vp-focus": f"#stage-{stage.pk}-{direction if direction in ('up', 'down') else 'up'}"}
        )
        return response
    return redirect(
        f"{reverse('staff:process_stages', args=[stage.process.slug])}#stage-{stage.pk}"
    )


@require_POST
@permission_required("visionsprocess.manage_stages", stage_by_pk)
def staff_stage_delete(request, stage, slug, pk):
    name = stage.name
    try:
        services.stage_delete(stage=stage)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The stage “%(name)s” was removed.") % {"name": name})
    return redirect("staff:process_stages", slug=stage.process.slug)


@permission_required("visionsprocess.manage_roles", process_by_slug)
def staff_process_members(request, process, slug):
    form = RoleGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_grant(process=process, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The role was given."))
            return redirect("staff:process_members", slug=process.slug)
    context = {
        "process": process,
        "members": selectors.process_members(process=process),
        "form": form,
    }
    return render(request, "visionsprocess/staff/process_members.html", context)


@require_POST
@permission_required("visionsprocess.manage_roles", process_by_slug)
def staff_process_member_remove(request, process, slug, pk):
    process_role = get_object_or_404(ProcessRole, pk=pk, process=process)
    try:
        services.role_revoke(process_role=process_role, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The role was removed."))
    return redirect("staff:process_members", slug=process.slug)


def oidc_login(request, provider_id):
    """allauth's OpenID Connect login, with a clear answer when the provider cannot be reached
    (allauth reads its configuration before redirecting and would fail with a 500)."""
    return _unless_unreachable(openid_connect_views.login, request, provider_id)


def oidc_callback(request, provider_id):
    """allauth's OpenID Connect callback, likewise (it reads the configuration again)."""
    return _unless_unreachable(openid_connect_views.callback, request, provider_id)


def _unless_unreachable(view, request, provider_id):
    try:
        return view(request, provider_id)
    except requests.RequestException:
        from .identity import UNREACHABLE, failure_response

        apps = get_social_adapter(request).list_apps(request, provider=provider_id)
        return failure_response(request, UNREACHABLE, apps[0].name if apps else provider_id)
