from django.urls import path

from jisr.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("<uuid:event_id>/", views.event_detail, name="event_detail"),
    path("<uuid:event_id>/join/", views.event_join, name="event_join"),
    path("<uuid:event_id>/risks/", views.risks, name="risks"),
    path("risks/<uuid:risk_id>/status/", views.risk_status, name="risk_status"),
    path("<uuid:event_id>/protocols/", views.protocols, name="protocols"),
    path("protocol-items/<int:item_id>/", views.protocol_item_toggle, name="protocol_item_toggle"),
    path("<uuid:event_id>/accreditation/", views.accreditation, name="accreditation"),
    path(
        "<uuid:event_id>/accreditation/progress/",
        views.accreditation_progress,
        name="accreditation_progress",
    ),
    path(
        "<uuid:event_id>/accreditation/decisions/",
        views.organiser_decisions,
        name="organiser_decisions",
    ),
    path("candidates/<int:candidate_id>/decide/", views.candidate_decide, name="candidate_decide"),
    path("<uuid:event_id>/incidents/", views.incidents, name="incidents"),
    path("incidents/<uuid:incident_id>/status/", views.incident_status, name="incident_status"),
    path("<uuid:event_id>/board/", views.board, name="board"),
    path("<uuid:event_id>/debrief/", views.debrief, name="debrief"),
    path("<uuid:event_id>/debrief/export.<str:fmt>", views.debrief_export, name="debrief_export"),
]
