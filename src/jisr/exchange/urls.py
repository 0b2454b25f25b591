from django.urls import path, re_path

from jisr.exchange import views
from jisr.notices.views import legacy_redirect

app_name = "exchange"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("notifications/read/", legacy_redirect, name="notifications_read"),
    path("cases/", views.case_list, name="case_list"),
    re_path(r"^cases/export\.(?P<fmt>csv|xlsx)$", views.case_export, name="case_export"),
    path("cases/new/", views.case_open, name="case_open"),
    path("cases/<uuid:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<uuid:case_id>/thread/", views.case_thread, name="case_thread"),
    path("cases/<uuid:case_id>/messages/", views.message_compose, name="message_compose"),
    path("cases/<uuid:case_id>/status/", views.case_status, name="case_status"),
    path("messages/<uuid:message_id>/", views.message_detail, name="message_detail"),
    path("messages/<uuid:message_id>/forward/", views.message_forward, name="message_forward"),
    path("messages/<uuid:message_id>/consent/", views.message_consent, name="message_consent"),
    path("messages/<uuid:message_id>/copy/", views.message_copy, name="message_copy"),
    path("messages/<uuid:message_id>/export/", views.message_export, name="message_export"),
    path(
        "messages/<uuid:message_id>/attachments/<uuid:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("overdue/", views.overdue, name="overdue"),
    path("search/", views.search, name="search"),
]
urlpatterns += [
    path("desk/", views.desk, name="desk"),
    path("desk/releases/", views.release_queue, name="release_queue"),
    path("desk/statistics/", views.statistics, name="statistics"),
    path(
        "messages/<uuid:message_id>/desk/<slug:action>/",
        views.message_desk_action,
        name="message_desk_action",
    ),
]
