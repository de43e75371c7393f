from django.contrib import admin

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
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "order"]


class AgeCountInline(admin.TabularInline):
    model = MeetingAgeCount
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "kind", "format", "status", "starts_at"]
    list_filter = ["kind", "format", "status", "process"]
    search_fields = ["title"]
    inlines = [AgeCountInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "meeting", "status", "position", "attended"]
    list_filter = ["status"]
    search_fields = ["name"]
    readonly_fields = ["token", "reminder_sent_at"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "district", "wants_invitations"]
    list_filter = ["category", "wants_invitations"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        obj.clean()
        super().save_model(request, obj, form, change)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "meeting", "sent_at"]
    readonly_fields = ["token"]


@admin.register(ConversationKit)
class ConversationKitAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "is_published"]
