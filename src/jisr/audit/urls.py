from django.urls import path, re_path

from jisr.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_log, name="log"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.audit_export, name="export"),
    path("witnesses/check/", views.witness_check, name="witness_check"),
]
