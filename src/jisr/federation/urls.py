from django.urls import path

from jisr.federation import views

app_name = "federation"
urlpatterns = [
    path("", views.links, name="links"),
    path("inbox", views.inbox, name="inbox"),
    path("envelopes/<uuid:envelope_id>/retry", views.retry, name="retry"),
]
