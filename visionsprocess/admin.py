from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import ForeignKey, Model
from django.utils.translation import gettext_lazy as _

from . import changes
from .models import (
    Body,
    Document,
    HostName,
    IdentityProvider,
    IdentityProviderGroupRole,
    Municipality,
    MunicipalityRole,
    OutboxTask,
    OutgoingEmail,
    ProcessRole,
    Stage,
    User,
    VisionProcess,
)


def record_change_of(obj: Model, depth: int = 3) -> None:
    """Record a change (``visionsprocess.changes``) of what ``obj`` belongs to: its process,
    found through its own foreign keys (an indicator's goal's process, an action plan item's
    version's plan's process) or its ``process`` property, else its municipality; a row of
    neither (a user, a global goal, a target group) may show on the pages of every
    municipality, so all of them are recorded."""
    owner = _owner(obj, depth)
    if owner:
        changes.record(**owner)
        return
    for municipality_id in Municipality.objects.values_list("pk", flat=True):
        changes.record(municipality=municipality_id)


def _owner(obj: Model, depth: int) -> dict | None:
    if isinstance(obj, VisionProcess):
        return {"process": obj}
    if isinstance(obj, Municipality):
        return {"municipality": obj}
    if getattr(obj, "process_id", None) is not None:
        return {"process": obj.process_id}
    process = getattr(type(obj), "process", None)
    if isinstance(process, property):
        found = getattr(obj, "process", None)
        if isinstance(found, VisionProcess):
            return {"process": found}
    if getattr(obj, "municipality_id", None) is not None:
        return {"municipality": obj.municipality_id}
    if depth > 0:
        for field in obj._meta.concrete_fields:
            if isinstance(field, ForeignKey) and getattr(obj, field.attname) is not None:
                owner = _owner(getattr(obj, field.name), depth - 1)
                if owner:
                    return owner
    return None


class RecordsChangesAdmin(admin.ModelAdmin):
    """A ``ModelAdmin`` whose saves (with their inlines) and deletions record a change of what
    the object belongs to, so that cached pages and counts show an operator's edit at once.
    Every admin of data a page shows or a count counts derives from it."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_change_of(obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record_change_of(form.instance)

    def delete_model(self, request, obj):
        record_change_of(obj)  # before: what it belonged to is found through it
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record_change_of(obj)
        super().delete_queryset(request, queryset)


@admin.register(User)
class UserAdmin(RecordsChangesAdmin, BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((None, {"fields": ("display_name",)}),)
    list_display = ("username", "email", "display_name", "is_staff", "is_superuser")


class HostNameInline(admin.TabularInline):
    model = HostName
    extra = 1
    fields = ("host", "is_primary")


class MunicipalityRoleInline(admin.TabularInline):
    model = MunicipalityRole
    extra = 1
    autocomplete_fields = ("user",)


class PlatformOperatorOnly:
    """Municipalities, their host names and administrators are the platform operator's (a
    superuser's) to change: a municipality's own staff never sees another tenant here."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(Municipality)
class MunicipalityAdmin(PlatformOperatorOnly, RecordsChangesAdmin):
    """A tenant: its name, code, logo, colours (contrast checked in ``Municipality.clean``),
    sender address, host names and administrators. Saving records a change of the
    municipality, which replaces the tenancy's cached host map."""

    list_display = ("name", "code", "host_list")
    search_fields = ("name", "code", "host_names__host")
    inlines = [HostNameInline, MunicipalityRoleInline]

    @admin.display(description=_("host names"))
    def host_list(self, obj):
        return ", ".join(h.host for h in obj.host_names.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("host_names")


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ("position", "name_sv", "name_en", "key", "starts_on", "ends_on", "opens")
    ordering = ("position",)


class ProcessRoleInline(admin.TabularInline):
    model = ProcessRole
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(VisionProcess)
class VisionProcessAdmin(RecordsChangesAdmin):
    list_display = ("title", "municipality", "horizon_year", "visibility", "current_stage")
    list_filter = ("visibility",)
    list_select_related = ("municipality", "current_stage")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [StageInline, ProcessRoleInline]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "current_stage" in form.base_fields:  # only the process's own stages
            form.base_fields["current_stage"].queryset = Stage.objects.filter(process=obj)
        return form


@admin.register(Body)
class BodyAdmin(RecordsChangesAdmin):
    list_display = ("short_name", "name", "kind", "municipality", "order")
    list_filter = ("kind",)


@admin.register(Document)
class DocumentAdmin(RecordsChangesAdmin):
    list_display = ("title", "kind", "status", "page_count", "created")
    list_filter = ("kind", "status")
    readonly_fields = [f.name for f in Document._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """Read-only: what was sent, what waits, what bounced (for operators)."""

    list_display = ("subject", "status", "attempts", "created", "sent_at")
    list_filter = ("status",)
    readonly_fields = [field.name for field in OutgoingEmail._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):
    list_display = ("task", "created", "not_before", "dispatched_at", "attempts", "last_error")
    readonly_fields = [field.name for field in OutboxTask._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class IdentityProviderForm(forms.ModelForm):
    """The client secret is written, never shown back: left empty, the stored one is kept."""

    client_secret = forms.CharField(
        label=_("client secret"),
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the stored secret."),
    )

    class Meta:
        model = IdentityProvider
        fields = (
            "municipality",
            "kind",
            "provider_id",
            "name",
            "server_url",
            "client_id",
            "client_secret",
            "token_auth_method",
            "trusts_email",
            "group_claim",
            "enabled",
        )

    def clean_client_secret(self):
        secret = self.cleaned_data.get("client_secret", "")
        if not secret:
            if self.instance.pk and self.instance.client_secret:
                return self.instance.client_secret
            raise forms.ValidationError(_("Enter the client secret."))
        return secret


class IdentityProviderGroupRoleInline(admin.TabularInline):
    model = IdentityProviderGroupRole
    extra = 0
    fields = ("group", "role", "process")


@admin.register(IdentityProvider)
class IdentityProviderAdmin(RecordsChangesAdmin):
    """Each municipality's e-ID broker and staff identity provider; superusers only."""

    form = IdentityProviderForm
    list_display = ("name", "kind", "municipality", "provider_id", "enabled")
    list_filter = ("kind", "enabled")
    list_select_related = ("municipality",)
    inlines = [IdentityProviderGroupRoleInline]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


# --- Personal data: the privacy notice and the retention rules (visionsprocess/retention.py) ---
from .models import PrivacyNotice, RetentionReport, RetentionRule  # noqa: E402


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(RecordsChangesAdmin):
    list_display = ("municipality", "controller", "reviewed_on")
    list_select_related = ("municipality",)


@admin.register(RetentionRule)
class RetentionRuleAdmin(RecordsChangesAdmin):
    list_display = ("plan_reference", "name", "months_after_close", "keep_public_text")
    list_filter = ("municipality",)


@admin.register(RetentionReport)
class RetentionReportAdmin(admin.ModelAdmin):
    """Reports are written by gallring only; read here, never changed."""

    list_display = ("process", "run_at", "rule_text", "total")
    list_select_related = ("process",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
