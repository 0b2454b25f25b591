from django.urls import path, re_path

from jisr.notices.views import legacy_redirect
from jisr.wanted import views

app_name = "wanted"
urlpatterns = [
    path("", views.alert_list, name="alert_list"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.alert_export, name="alert_export"),
    re_path(
        r"^hits/(?P<direction>incoming|outgoing)/export\.(?P<fmt>csv|xlsx)$",
        views.hit_export,
        name="hit_export",
    ),
    path("alerts/new/", views.alert_create, name="alert_create"),
    path("alerts/duplicates/", views.alert_duplicates, name="alert_duplicates"),
    path("alerts/<uuid:alert_id>/", views.alert_detail, name="alert_detail"),
    path("alerts/<uuid:alert_id>/edit/", views.alert_edit, name="alert_edit"),
    path("alerts/<uuid:alert_id>/photo/", views.alert_photo, name="alert_photo"),
    path("alerts/<uuid:alert_id>/delete/", views.alert_delete, name="alert_delete"),
    path("alerts/<uuid:alert_id>/submit/", views.alert_submit, name="alert_submit"),
    path("alerts/<uuid:alert_id>/withdraw/", views.alert_withdraw, name="alert_withdraw"),
    path("alerts/<uuid:alert_id>/rejustify/", views.alert_rejustify, name="alert_rejustify"),
    path("alerts/<uuid:alert_id>/review/", views.alert_review, name="alert_review"),
    path("review/", views.review_queue, name="review_queue"),
    path("screening/", views.screen, name="screen"),
    path("screening/batch/", views.screen_batch, name="screen_batch"),
    path("screening/<uuid:screening_id>/", views.screening_detail, name="screening_detail"),
    path(
        "screening/<uuid:screening_id>/results.csv",
        views.screening_download,
        name="screening_download",
    ),
    path("screening/<uuid:screening_id>/reject/", views.candidate_reject, name="candidate_reject"),
    path("screening/<uuid:screening_id>/confirm/", views.hit_confirm, name="hit_confirm"),
    path("hits/", views.hits_incoming, name="hits_incoming"),
    path("hits/outgoing/", views.hits_outgoing, name="hits_outgoing"),
    path("hits/<uuid:hit_id>/", views.hit_detail, name="hit_detail"),
    path("hits/<uuid:hit_id>/respond/", views.hit_respond, name="hit_respond"),
    path("hits/<uuid:hit_id>/outcome/", views.hit_outcome, name="hit_outcome"),
    path(
        "notifications/<int:notification_id>/read/",
        legacy_redirect,
        name="notification_read",
    ),
]
