from django.urls import path

from jisr.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_log, name="log"),
    path("witnesses/check/", views.witness_check, name="witness_check"),
]
