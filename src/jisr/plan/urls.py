from django.urls import path

from jisr.plan import views

app_name = "plan"
urlpatterns = [
    path("", views.steering, name="steering"),
    path("new/", views.plan_new, name="plan_new"),
    path("<uuid:plan_id>/", views.plan_detail, name="plan_detail"),
    path("<uuid:plan_id>/reports/", views.report_list, name="report_list"),
    path("<uuid:plan_id>/mechanisms/", views.mechanisms, name="mechanisms"),
    path("actions/<uuid:action_id>/", views.action_detail, name="action_detail"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator_detail"),
    path("reports/<uuid:report_id>/progress/", views.report_progress, name="report_progress"),
    path("reports/<uuid:report_id>/download/", views.report_download, name="report_download"),
    path(
        "recommendations/<uuid:recommendation_id>/action/",
        views.recommendation_action,
        name="recommendation_action",
    ),
]
