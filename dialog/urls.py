from django.urls import path

from . import calendar_views, views

app_name = "dialog"

P = "process/<slug:slug>/"
S = "staff/processer/<slug:slug>/"

urlpatterns = [
    # Public: the whole municipality
    path("kalender/", calendar_views.municipality_calendar, name="calendar"),
    path("kalender.ics", calendar_views.municipality_feed, name="calendar_feed"),
    path("foreningar/", views.associations, name="associations"),
    # Public
    path(f"{P}moten/", views.meeting_list, name="meeting_list"),
    path(f"{P}moten/kalender.ics", views.meeting_feed, name="meeting_feed"),
    path(f"{P}moten/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path(f"{P}moten/<int:pk>/kalender.ics", views.meeting_ics, name="meeting_ics"),
    path("anmalan/bekrafta/<str:token>/", views.registration_confirm, name="registration_confirm"),
    path("anmalan/<str:token>/", views.registration_status, name="registration_status"),
    path("anmalan/<str:token>/avboka/", views.registration_cancel, name="registration_cancel"),
    path("anmalan/<str:token>/kalender.ics", views.registration_ics, name="registration_ics"),
    path("inbjudan/<str:token>/avsluta/", views.unsubscribe, name="unsubscribe"),
    path(
        "remissinbjudan/<str:token>/avsluta/",
        views.consultation_unsubscribe,
        name="consultation_unsubscribe",
    ),
    path(f"{P}samtalsmaterial/<slug:kit>/", views.kit_detail, name="kit_detail"),
    path(f"{P}samtalsmaterial/<slug:kit>/utskrift.pdf", views.kit_download, name="kit_download"),
    # Staff: meetings
    path(f"{S}moten/", views.staff_meeting_list, name="staff_meetings"),
    path(f"{S}moten/nytt/", views.staff_meeting_create, name="staff_meeting_create"),
    path(f"{S}moten/<int:pk>/", views.staff_meeting_detail, name="staff_meeting"),
    path(f"{S}moten/<int:pk>/redigera/", views.staff_meeting_edit, name="staff_meeting_edit"),
    path(f"{S}moten/<int:pk>/stall-in/", views.staff_meeting_cancel, name="staff_meeting_cancel"),
    path(f"{S}moten/<int:pk>/kopiera/", views.staff_meeting_copy, name="staff_meeting_copy"),
    path(
        f"{S}moten/<int:pk>/anmalningar.csv",
        views.staff_registrations_csv,
        name="staff_registrations_csv",
    ),
    path(f"{S}moten/<int:pk>/narvaro/", views.staff_attendance, name="staff_attendance"),
    path(
        f"{S}moten/<int:pk>/anteckningar/", views.staff_meeting_record, name="staff_meeting_record"
    ),
    path(
        f"{S}moten/<int:pk>/inbjudningar/", views.staff_meeting_invite, name="staff_meeting_invite"
    ),
    # Staff: consultation bodies from the association register
    path(
        f"{S}remiss/<int:pk>/remissinstanser/",
        views.staff_consultation_bodies,
        name="staff_consultation_bodies",
    ),
    path(
        f"{S}remiss/<int:pk>/paminn/",
        views.staff_consultation_remind,
        name="staff_consultation_remind",
    ),
    # Staff: conversation kits
    path(f"{S}samtalsmaterial/", views.staff_kit_list, name="staff_kits"),
    path(f"{S}samtalsmaterial/nytt/", views.staff_kit_create, name="staff_kit_create"),
    path(f"{S}samtalsmaterial/<slug:kit>/redigera/", views.staff_kit_edit, name="staff_kit_edit"),
    # Staff: the association register
    path("staff/foreningsregister/", views.register_list, name="register"),
    path("staff/foreningsregister/ny/", views.register_create, name="register_create"),
    path("staff/foreningsregister/<int:pk>/", views.register_edit, name="register_edit"),
    path("staff/foreningsregister/import/", views.register_import, name="register_import"),
    path(
        "staff/foreningsregister/import/bekrafta/",
        views.register_import_confirm,
        name="register_import_confirm",
    ),
    path("staff/foreningsregister/export/", views.register_export, name="register_export"),
]
