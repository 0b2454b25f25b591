from django.urls import path

from jisr.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.home, name="home"),
    path("person/", views.person, name="person"),
    path("records/<str:kind>/<str:record_id>/", views.record, name="record"),
    path("retention/<str:kind>/", views.retention_set, name="retention_set"),
    path("reviews/<int:review_id>/extend/", views.review_extend, name="review_extend"),
    path("reviews/<int:review_id>/release/", views.review_release, name="review_release"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<str:request_id>/", views.request_detail, name="request"),
    path("requests/<str:request_id>/extend/", views.request_extend, name="request_extend"),
    path("requests/<str:request_id>/forward/", views.request_forward, name="request_forward"),
    path("requests/<str:request_id>/decision/", views.request_decision, name="request_decision"),
    path(
        "requests/<str:request_id>/lift/<int:action_id>/",
        views.request_lift,
        name="request_lift",
    ),
    path(
        "requests/<str:request_id>/export-<str:lang>.pdf",
        views.request_export,
        name="request_export",
    ),
]
