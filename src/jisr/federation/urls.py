from django.urls import path

from jisr.federation import admin_views, views

app_name = "federation"
urlpatterns = [
    path("", views.links, name="links"),
    path("inbox", views.inbox, name="inbox"),
    path("envelopes/<uuid:envelope_id>/retry", views.retry, name="retry"),
    path("partners/", admin_views.partners, name="partners"),
    path("partners/add", admin_views.partner_add, name="partner_add"),
    path("keys/rotate", admin_views.key_rotate, name="key_rotate"),
]
