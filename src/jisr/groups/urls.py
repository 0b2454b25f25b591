from __future__ import annotations

from django.urls import path

from jisr.groups import views

app_name = "groups"
urlpatterns = [
    path("", views.group_list, name="group_list"),
    path("targets/<str:target_id>/", views.target_detail, name="target_detail"),
    path("leads/<str:lead_id>/files/<str:file_id>/", views.lead_file, name="lead_file"),
    path("operations/<str:operation_id>/", views.operation_detail, name="operation_detail"),
    path(
        "operations/<str:operation_id>/approve/", views.operation_approve, name="operation_approve"
    ),
    path("operations/<str:operation_id>/log/", views.operation_log, name="operation_log"),
    path(
        "operations/<str:operation_id>/debrief.<str:fmt>",
        views.operation_debrief,
        name="operation_debrief",
    ),
    path("<str:group_id>/", views.group_detail, name="group_detail"),
    path("<str:group_id>/answer/", views.group_answer, name="group_answer"),
    path("<str:group_id>/members/", views.members_change, name="members_change"),
    path("<str:group_id>/targets/", views.target_new, name="target_new"),
    path("<str:group_id>/leads/", views.lead_new, name="lead_new"),
    path("<str:group_id>/cases/", views.case_new, name="case_new"),
    path("<str:group_id>/tasks/", views.task_new, name="task_new"),
    path("<str:group_id>/tasks/<str:task_id>/status/", views.task_status, name="task_status"),
    path("<str:group_id>/meetings/", views.meeting_new, name="meeting_new"),
    path("<str:group_id>/operations/", views.operation_new, name="operation_new"),
    path("<str:group_id>/timeline/", views.timeline_partial, name="timeline"),
]
