from django.urls import path

from jisr.training import views

app_name = "training"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("courses/<uuid:course_id>/", views.course_detail, name="course_detail"),
    path("sessions/<uuid:session_id>/", views.session_detail, name="session_detail"),
    path("sessions/<uuid:session_id>/attendance/", views.attendance, name="attendance"),
    path("sessions/<uuid:session_id>/status/", views.session_status, name="session_status"),
    path(
        "nominations/<uuid:nomination_id>/<slug:action>/",
        views.nomination_action,
        name="nomination_action",
    ),
    path("nominations/", views.nomination_queue, name="nomination_queue"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<str:token>.ics", views.ics_feed, name="ics_feed"),
    path("certificates/verify/", views.verify, name="verify"),
    path(
        "certificates/<str:code>/revoke/",
        views.certificate_revoke,
        name="certificate_revoke",
    ),
    path(
        "certificates/<str:code>/<str:lang>.pdf",
        views.certificate_download,
        name="certificate_pdf",
    ),
    path("assistance/", views.assistance_list, name="assistance_list"),
    path("assistance/<uuid:request_id>/", views.assistance_detail, name="assistance_detail"),
]
