from django.urls import path

from jisr.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("statistics/", views.statistics, name="statistics"),
    path("health", views.health, name="health"),
]
