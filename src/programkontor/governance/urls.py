from django.urls import path

from programkontor.governance.models import SyncKind
from programkontor.governance.views import cycle, decisions, feeds, mandates, meetings, overview, repository

app_name = "governance"

urlpatterns = [
    path("", overview.GovernanceView.as_view(), name="index"),
    # Decision log
    path("beslutninger/", decisions.DecisionListView.as_view(), name="decision_list"),
    path("beslutninger/ny/", decisions.DecisionFormView.as_view(), name="decision_add"),
    path("beslutninger/<int:pk>/", decisions.DecisionDetailView.as_view(), name="decision_detail"),
    path("beslutninger/<int:pk>/rediger/", decisions.DecisionFormView.as_view(), name="decision_edit"),
    path("beslutninger/<int:pk>/publicer/", decisions.DecisionPublishView.as_view(), name="decision_publish"),
    path("beslutninger/<int:pk>/fjern/", decisions.DecisionDeleteView.as_view(), name="decision_delete"),
    path("beslutninger/<int:pk>/videresend/", decisions.DecisionRouteView.as_view(), name="decision_route"),
    path(
        "beslutninger/<int:parent>/aendringer/ny/",
        decisions.DecisionLinkAddView.as_view(),
        name="decision_link_add",
    ),
    path(
        "beslutningsaendringer/<int:pk>/fjern/",
        decisions.DecisionLinkDeleteView.as_view(),
        name="decision_link_delete",
    ),
    path("beslutningslog/", decisions.PublicLogView.as_view(), name="public_log"),
    path("beslutningslog.md", decisions.PublicLogMarkdownView.as_view(), name="public_log_markdown"),
    # Meetings
    path("moeder/", meetings.MeetingListView.as_view(), name="meeting_list"),
    path("moeder/ny/", meetings.MeetingFormView.as_view(), name="meeting_add"),
    path("moeder/<int:pk>/", meetings.MeetingDetailView.as_view(), name="meeting_detail"),
    path("moeder/<int:pk>/rediger/", meetings.MeetingFormView.as_view(), name="meeting_edit"),
    path("moeder/<int:pk>/publicer/", meetings.MeetingPublishView.as_view(), name="meeting_publish"),
    path("moeder/<int:pk>/fjern/", meetings.MeetingDeleteView.as_view(), name="meeting_delete"),
    path("moeder/<int:pk>/status/", meetings.MeetingTransitionView.as_view(), name="meeting_transition"),
    path("moeder/<int:pk>/fremmoede/", meetings.AttendanceView.as_view(), name="meeting_attendance"),
    path("moeder/<int:pk>/referat/", meetings.MinutesView.as_view(), name="meeting_minutes"),
    path("moeder/<int:pk>/dagsorden/", meetings.MeetingPrintView.as_view(), name="meeting_print"),
    path("moeder/<int:pk>/dagsorden.pdf", meetings.MeetingPdfView.as_view(), name="meeting_pdf"),
    path("moeder/<int:pk>/invitation.ics", meetings.MeetingIcsView.as_view(), name="meeting_ics"),
    path("moeder/<int:parent>/punkter/ny/", meetings.AgendaItemAddView.as_view(), name="agenda_item_add"),
    path("moeder/<int:parent>/gaester/ny/", meetings.GuestAddView.as_view(), name="guest_add"),
    path("punkter/<int:pk>/rediger/", meetings.AgendaItemEditView.as_view(), name="agenda_item_edit"),
    path("punkter/<int:pk>/fjern/", meetings.AgendaItemDeleteView.as_view(), name="agenda_item_delete"),
    path(
        "punkter/<int:pk>/godkend-referat/",
        meetings.ApproveAtMeetingView.as_view(),
        name="agenda_item_approve",
    ),
    path("punkter/<int:pk>/vedroerer/ny/", meetings.ReferenceAddView.as_view(), name="reference_add"),
    path("punkter/<int:parent>/bilag/ny/", meetings.AttachmentAddView.as_view(), name="attachment_add"),
    path("bilag/<int:pk>/fjern/", meetings.AttachmentDeleteView.as_view(), name="attachment_delete"),
    path("vedroerer/<int:pk>/fjern/", meetings.ReferenceDeleteView.as_view(), name="reference_delete"),
    path("fremmoede/<int:pk>/fjern/", meetings.AttendanceDeleteView.as_view(), name="attendance_delete"),
    # Mandates
    path("mandater/", mandates.MandateListView.as_view(), name="mandate_list"),
    path("mandater/ny/", mandates.MandateFormView.as_view(), name="mandate_add"),
    path("mandater/tjek/", mandates.MandateCheckView.as_view(), name="mandate_check"),
    path("mandater/<int:pk>/", mandates.MandateDetailView.as_view(), name="mandate_detail"),
    path("mandater/<int:pk>/rediger/", mandates.MandateFormView.as_view(), name="mandate_edit"),
    path("mandater/<int:pk>/publicer/", mandates.MandatePublishView.as_view(), name="mandate_publish"),
    # Annual cycle
    path("aarshjul/", cycle.CycleView.as_view(), name="cycle"),
    path("aarshjul/ny/", cycle.CycleEventFormView.as_view(), name="cycle_event_add"),
    path("aarshjul/<int:pk>/", cycle.CycleEventDetailView.as_view(), name="cycle_event_detail"),
    path("aarshjul/<int:pk>/rediger/", cycle.CycleEventFormView.as_view(), name="cycle_event_edit"),
    path("aarshjul/<int:pk>/publicer/", cycle.CycleEventPublishView.as_view(), name="cycle_event_publish"),
    path("aarshjul/<int:pk>/fjern/", cycle.CycleEventDeleteView.as_view(), name="cycle_event_delete"),
    path(
        "aarshjul/<int:pk>/opret-moeder/", cycle.GenerateMeetingsView.as_view(), name="cycle_event_generate"
    ),
    # Calendar feeds
    path("kalender/", feeds.FeedSettingsView.as_view(), name="feeds"),
    path("kalender/offentlig.ics", feeds.PublicFeedView.as_view(), name="feed_public"),
    path(
        "kalender/offentlig/organ/<int:pk>.ics", feeds.PublicBodyFeedView.as_view(), name="feed_public_body"
    ),
    path("kalender/<str:token>/mig.ics", feeds.PersonFeedView.as_view(), name="feed_person"),
    path("kalender/<str:token>/organ/<int:pk>.ics", feeds.BodyFeedView.as_view(), name="feed_body"),
]

urlpatterns += [
    # A product's governance repository
    path(
        "produkter/<slug:parent>/repositorie/",
        repository.RepositorySettingsView.as_view(),
        name="repository_settings",
    ),
    path(
        "produkter/<slug:parent>/repositorie/hent/",
        repository.RepositoryStartView.as_view(kind=SyncKind.PREVIEW),
        name="repository_preview",
    ),
    path(
        "produkter/<slug:parent>/repositorie/skriv/",
        repository.RepositoryStartView.as_view(kind=SyncKind.EXPORT),
        name="repository_export",
    ),
    path("synkroniseringer/<int:pk>/", repository.SyncDetailView.as_view(), name="repository_sync"),
    path(
        "synkroniseringer/<int:pk>/anvend/",
        repository.SyncConfirmView.as_view(kind=SyncKind.PREVIEW),
        name="repository_apply",
    ),
    path(
        "synkroniseringer/<int:pk>/push/",
        repository.SyncConfirmView.as_view(kind=SyncKind.EXPORT),
        name="repository_push",
    ),
    path(
        "synkroniseringer/<int:pk>/aendringer.patch",
        repository.SyncPatchView.as_view(),
        name="repository_patch",
    ),
]
