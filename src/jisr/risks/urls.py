from __future__ import annotations

from django.urls import path

from jisr.risks import views

app_name = "risks"

urlpatterns = [
    path("", views.risk_list, name="risk_list"),
    path("<uuid:risk_id>/", views.risk_detail, name="risk_detail"),
    path("<uuid:risk_id>/review/", views.risk_review, name="risk_review"),
    path("bulletins/", views.bulletin_list, name="bulletin_list"),
    path("bulletins/new/", views.bulletin_new, name="bulletin_new"),
    path("bulletins/import/", views.bulletin_import, name="bulletin_import"),
    path("bulletins/<uuid:bulletin_id>/", views.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<uuid:bulletin_id>/edit/", views.bulletin_edit, name="bulletin_edit"),
    path("bulletins/<uuid:bulletin_id>/approve/", views.bulletin_approve, name="bulletin_approve"),
    path("bulletins/<uuid:bulletin_id>/submit/", views.bulletin_submit, name="bulletin_submit"),
    path(
        "bulletins/<uuid:bulletin_id>/acknowledge/",
        views.bulletin_acknowledge,
        name="bulletin_acknowledge",
    ),
    path(
        "bulletins/<uuid:bulletin_id>/withdraw/", views.bulletin_withdraw, name="bulletin_withdraw"
    ),
    path("bulletins/<uuid:bulletin_id>/trigger/", views.bulletin_trigger, name="bulletin_trigger"),
    path("bulletins/<uuid:bulletin_id>/misp/", views.bulletin_misp, name="bulletin_misp"),
    path("tasks/<uuid:task_id>/status/", views.task_status, name="task_status"),
    path("playbooks/", views.playbook_list, name="playbook_list"),
    path("playbooks/<uuid:playbook_id>/", views.playbook_detail, name="playbook_detail"),
]
