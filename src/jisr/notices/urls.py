from django.urls import path

from jisr.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("badge/", views.badge, name="badge"),
    path("read-all/", views.read_all, name="read_all"),
    path("<uuid:notice_id>/read/", views.notice_read, name="read"),
]
