"""The JSON API under /api/v1 (django-ninja), with bearer tokens from ``jisr token create``."""

from __future__ import annotations

import importlib
import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.parser import Parser
from ninja.security import HttpBearer

from jisr.accounts.models import ApiToken
from jisr.core.uploads import loads_bounded


class BearerToken(HttpBearer):
    """Authorization: Bearer <token>. Sets ``request.user`` to the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = ApiToken.objects.authenticate(token)
        if api_token is None:
            return None
        if not api_token.allows(request.method or "GET", request.path):
            raise PermissionDenied(_("This token's scope does not cover this request."))
        request.user = api_token.user
        return api_token.user


ERROR_SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "FieldErrors": {
        "type": "object",
        "properties": {
            "detail": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "loc": {"type": "array", "items": {}},
                        "msg": {"type": "string"},
                        "type": {"type": "string"},
                    },
                    "required": ["loc", "msg"],
                },
            }
        },
        "required": ["detail"],
    },
}
ERROR_RESPONSES: dict[str, tuple[str, str]] = {
    "400": ("The request body cannot be parsed (not JSON, or not a form).", "Error"),
    "401": ("A valid API token is required.", "Error"),
    "403": ("A wrong role, another agency's object, or outside the token's scope.", "Error"),
    "404": ("No such object.", "Error"),
    "422": ("The body or a parameter is invalid; one entry per field.", "FieldErrors"),
}


class JisrAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document declares the error answers every operation can give."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_SCHEMAS)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                for status, (description, name) in ERROR_RESPONSES.items():
                    if status == "401" and not operation.get("security"):
                        continue
                    if status == "400" and "requestBody" not in operation:
                        continue
                    operation["responses"].setdefault(
                        status,
                        {
                            "description": description,
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": f"#/components/schemas/{name}"}
                                }
                            },
                        },
                    )
        return schema


#: How deep a request body may nest: far more than any operation's schema needs.
API_MAX_JSON_DEPTH = 32


class JsonBodyParser(Parser):
    """JSON bodies in UTF-8, nesting at most :data:`API_MAX_JSON_DEPTH` levels, with text
    that is valid Unicode; anything else is a 400 that says why."""

    def parse_body(self, request: HttpRequest) -> Any:
        return loads_bounded(request.body.decode("utf-8"), max_depth=API_MAX_JSON_DEPTH)


api = JisrAPI(
    title="Jisr API",
    parser=JsonBodyParser(),
    version="1",
    urls_namespace="api",
    auth=BearerToken(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _field_errors(exc: ValidationError) -> list[dict[str, Any]]:
    if hasattr(exc, "error_dict"):
        return [
            {"loc": ["body", field], "msg": str(message), "type": "value_error"}
            for field, errors in exc.message_dict.items()
            for message in errors
        ]
    return [{"loc": ["body"], "msg": str(m), "type": "value_error"} for m in exc.messages]


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(exc) or _("You may not do this.")}, status=403
    )


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": _field_errors(exc)}, status=422)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own refusals; an unparseable body says why, in the user's language."""
    detail = str(exc)
    if exc.status_code == 400 and detail.startswith("Cannot parse request body"):
        cause = exc.__cause__
        reason = str(cause) if isinstance(cause, ValueError) and cause.args else ""
        if isinstance(cause, UnicodeDecodeError | json.JSONDecodeError) or not reason:
            reason = str(_("it is not JSON text in UTF-8."))
        detail = str(_("The request body cannot be read: %(reason)s")) % {"reason": reason}
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("A valid API token is required.")}, status=401)


@csrf_exempt  # a POST to an unknown API path is a 404, not a CSRF page: the API uses tokens
def api_not_found(request: HttpRequest) -> HttpResponse:
    """404 in the API's error shape for a path that matches no operation."""
    return HttpResponse(
        json.dumps({"detail": str(_("Not found."))}),
        status=404,
        content_type="application/json",
    )


class MeOut(Schema):
    username: str
    agency: str | None
    roles: list[str]


@api.get("/me", response=MeOut, tags=["accounts"])
def me(request: HttpRequest) -> dict[str, Any]:
    """The token's user, agency and roles."""
    user: Any = request.user
    return {
        "username": user.username,
        "agency": user.agency.code if user.agency else None,
        "roles": user.role_names,
    }


# Each app that offers an API has ``api.py`` with a ``router``; mount them here.
for _app, _prefix in [
    ("federation", "/federation"),
    ("notices", ""),
    ("wanted", ""),
    ("exchange", ""),
    ("events", ""),
    ("groups", ""),
    ("risks", ""),
    ("training", ""),
    ("privacy", ""),
    ("plan", ""),
]:
    try:
        _module = importlib.import_module(f"jisr.{_app}.api")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"jisr.{_app}.api":
            raise
        continue
    _router: Router | None = getattr(_module, "router", None)
    if _router is not None:
        api.add_router(_prefix, _router)
