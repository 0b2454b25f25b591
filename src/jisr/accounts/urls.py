from django.urls import path

from jisr.accounts import admin_views, login_steps, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("me/", views.my_settings, name="me"),
    path("users/", views.user_list, name="user_list"),
    path("users/<int:user_id>/", views.user_detail, name="user_detail"),
    path("users/<int:user_id>/active/", views.user_set_active, name="user_set_active"),
    path("tokens/", views.my_tokens, name="my_tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("users/new/", admin_views.user_create, name="user_create"),
    path("users/<int:user_id>/roles/", admin_views.user_roles, name="user_roles"),
    path("users/<int:user_id>/unlock/", admin_views.user_unlock, name="user_unlock"),
    path("users/<int:user_id>/password/", admin_views.user_password_reset, name="user_password"),
    path("users/<int:user_id>/totp/", admin_views.user_totp_reset, name="user_totp"),
    path("node-settings/", admin_views.node_settings, name="node_settings"),
    path("login/authenticator/", login_steps.totp_enrol, name="totp_enrol"),
    path("login/new-password/", login_steps.password_change, name="password_change"),
    path(
        "reset/<str:uidb64>/<str:token>/",
        login_steps.password_reset_confirm,
        name="password_reset_confirm",
    ),
]
