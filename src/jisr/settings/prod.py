"""Production settings: behind a TLS-terminating reverse proxy, on PostgreSQL."""

from jisr.settings import env
from jisr.settings.base import *  # noqa: F403

DEBUG = False
# Only the proxies in JISR_TRUSTED_PROXIES can set this header (jisr.core.proxy removes it
# from everyone else), so trusting it cannot be abused by a client.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The browser's origin is https://<public host>: derived from the allowed hosts unless given.
CSRF_TRUSTED_ORIGINS = env.csrf_trusted_origins() or [
    f"https://*{host}" if host.startswith(".") else f"https://{host}"
    for host in ALLOWED_HOSTS  # noqa: F405
    if host != "*"
]
SECURE_SSL_REDIRECT = env.flag("JISR_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
