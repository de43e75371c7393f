from django.contrib import admin

from visionsprocess.admin import RecordsChangesAdmin

from .models import (
    ConversationKit,
    Invitation,
    Meeting,
    MeetingAgeCount,
    Organisation,
    Registration,
    TargetGroup,
)


@admin.register(TargetGroup)
class TargetGroupAdmin(RecordsChangesAdmin):
    list_display = ["name", "municipality", "order"]


class AgeCountInline(admin.TabularInline):
    model = MeetingAgeCount
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(RecordsChangesAdmin):
    list_display = ["title", "process", "kind", "format", "status", "starts_at"]
    list_filter = ["kind", "format", "status", "process"]
    search_fields = ["title"]
    inlines = [AgeCountInline]


@admin.register(Registration)
class RegistrationAdmin(RecordsChangesAdmin):
    list_display = ["name", "meeting", "status", "position", "attended"]
    list_filter = ["status"]
    search_fields = ["name"]
    readonly_fields = ["token", "reminder_sent_at"]


@admin.register(Organisation)
class OrganisationAdmin(RecordsChangesAdmin):
    list_display = ["name", "category", "district", "wants_invitations"]
    list_filter = ["category", "wants_invitations"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        obj.clean()
        super().save_model(request, obj, form, change)


@admin.register(Invitation)
class InvitationAdmin(RecordsChangesAdmin):
    list_display = ["organisation", "meeting", "sent_at"]
    readonly_fields = ["token"]


@admin.register(ConversationKit)
class ConversationKitAdmin(RecordsChangesAdmin):
    list_display = ["title", "process", "is_published"]
