from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import (
    Body,
    Document,
    Municipality,
    OutboxTask,
    OutgoingEmail,
    ProcessRole,
    Stage,
    User,
    VisionProcess,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((None, {"fields": ("display_name",)}),)
    list_display = ("username", "email", "display_name", "is_staff", "is_superuser")


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "code")


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
class VisionProcessAdmin(admin.ModelAdmin):
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
class BodyAdmin(admin.ModelAdmin):
    list_display = ("short_name", "name", "kind", "municipality", "order")
    list_filter = ("kind",)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
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
