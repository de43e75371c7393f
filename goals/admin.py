from django.contrib import admin

from visionsprocess.admin import RecordsChangesAdmin

from .models import (
    SDG,
    ActionPlan,
    ActionPlanItem,
    ActionPlanVersion,
    BudgetFrame,
    CommitteeGoal,
    CouncilGoal,
    CouncilGoalSDG,
    GoverningDocument,
    Indicator,
    Measurement,
    Vision,
    VisionBasis,
)
from .services import record_vision_change


@admin.register(SDG)
class SDGAdmin(RecordsChangesAdmin):
    list_display = ["number", "name_sv", "name_en", "colour"]


class VisionBasisInline(admin.TabularInline):
    model = VisionBasis
    extra = 0


@admin.register(Vision)
class VisionAdmin(RecordsChangesAdmin):
    """A vision and the processes that rest on it; every one of them, and the municipality
    page, shows a change."""

    list_display = ["statement", "name", "municipality", "valid_from", "valid_until"]
    inlines = [VisionBasisInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record_vision_change(form.instance)

    def delete_model(self, request, obj):
        record_vision_change(obj)
        super().delete_model(request, obj)


class CouncilGoalSDGInline(admin.TabularInline):
    model = CouncilGoalSDG
    extra = 0


@admin.register(CouncilGoal)
class CouncilGoalAdmin(RecordsChangesAdmin):
    list_display = ["title", "process", "term_start", "term_end", "order"]
    list_filter = ["process"]
    inlines = [CouncilGoalSDGInline]


@admin.register(CommitteeGoal)
class CommitteeGoalAdmin(RecordsChangesAdmin):
    list_display = ["title", "body", "process"]
    list_filter = ["process", "body"]
    filter_horizontal = ["council_goals"]


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(RecordsChangesAdmin):
    list_display = ["name", "goal", "unit", "source", "kolada_kpi"]
    list_filter = ["source", "unit"]
    inlines = [MeasurementInline]


@admin.register(BudgetFrame)
class BudgetFrameAdmin(RecordsChangesAdmin):
    list_display = ["body", "year", "amount_ksek", "process"]
    list_filter = ["year", "process"]


@admin.register(GoverningDocument)
class GoverningDocumentAdmin(RecordsChangesAdmin):
    list_display = ["name", "doc_type", "dnr", "valid_until", "process"]
    list_filter = ["doc_type", "process"]


@admin.register(ActionPlan)
class ActionPlanAdmin(RecordsChangesAdmin):
    list_display = ["title", "process"]


class ActionPlanItemInline(admin.TabularInline):
    model = ActionPlanItem
    extra = 0
    fk_name = "version"
    fields = ["activity", "goal", "responsible", "when", "status"]

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.superseded_at is None

    def has_add_permission(self, request, obj=None):
        return obj is None or obj.superseded_at is None

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.superseded_at is None


@admin.register(ActionPlanVersion)
class ActionPlanVersionAdmin(RecordsChangesAdmin):
    list_display = ["plan", "year", "revision", "published", "superseded_at"]
    inlines = [ActionPlanItemInline]

    def has_change_permission(self, request, obj=None):
        """A superseded version is history: read only, here as everywhere."""
        return super().has_change_permission(request, obj) and (
            obj is None or obj.superseded_at is None
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or obj.superseded_at is None
        )
