"""Typed errors and the handlers that turn every failure into the one error body."""

from __future__ import annotations

import logging
from typing import Any

from advanced_alchemy.exceptions import (
    DuplicateKeyError,
    ForeignKeyError,
    IntegrityError,
    NotFoundError,
)
from litestar import MediaType, Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_429_TOO_MANY_REQUESTS,
    HTTP_500_INTERNAL_SERVER_ERROR,
)
from litestar.types import ExceptionHandlersMap

from cadenza_contracts.errors import ErrorBody, ErrorDetail

logger = logging.getLogger("cadenza.api")

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    416: "range_not_satisfiable",
    422: "unprocessable",
    429: "rate_limited",
    500: "internal_error",
    503: "service_unavailable",
}


class CadenzaError(Exception):
    """A failure the client can act on; carries its HTTP status and machine code."""

    status_code: int = HTTP_400_BAD_REQUEST
    code: str = "bad_request"

    def __init__(
        self,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        errors: list[ErrorDetail] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}
        self.errors = errors


class NotFound(CadenzaError):
    status_code = HTTP_404_NOT_FOUND
    code = "not_found"


class Conflict(CadenzaError):
    status_code = HTTP_409_CONFLICT
    code = "conflict"


class Forbidden(CadenzaError):
    status_code = HTTP_403_FORBIDDEN
    code = "forbidden"


class Unauthorized(CadenzaError):
    status_code = HTTP_401_UNAUTHORIZED
    code = "unauthorized"

    def __init__(self, detail: str = "Authentication required.") -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="cadenza"'})


class InvalidInput(CadenzaError):
    status_code = HTTP_400_BAD_REQUEST
    code = "invalid_input"


class TooManyRequests(CadenzaError):
    status_code = HTTP_429_TOO_MANY_REQUESTS
    code = "rate_limited"

    def __init__(self, detail: str, retry_after_seconds: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after_seconds))})


def error_response(
    status: int,
    detail: str,
    *,
    code: str | None = None,
    errors: list[ErrorDetail] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[ErrorBody]:
    body = ErrorBody(status=status, code=code or _CODES.get(status, "error"), detail=detail)
    if errors:
        body.errors = errors
    return Response(body, status_code=status, headers=headers, media_type=MediaType.JSON)


_FRIENDLIER_MESSAGES = {
    "Expected `str` matching regex '\\S'": "Must not be blank.",
    "Input data was truncated": "The JSON body is truncated.",
}


def _friendly(message: str) -> str:
    for raw, friendly in _FRIENDLIER_MESSAGES.items():
        if message.startswith(raw):
            return friendly + message[len(raw) :]
    return message


def _validation_errors(extra: Any) -> list[ErrorDetail]:
    if not isinstance(extra, list):
        return []
    details = []
    for item in extra:
        if isinstance(item, dict):
            details.append(
                ErrorDetail(
                    message=_friendly(str(item.get("message", "Invalid value."))),
                    field=item.get("key"),
                    source=item.get("source"),
                )
            )
    return details


def _handle_cadenza_error(_: Request[Any, Any, Any], exc: CadenzaError) -> Response[ErrorBody]:
    return error_response(
        exc.status_code, exc.detail, code=exc.code, errors=exc.errors, headers=exc.headers
    )


def _handle_validation(_: Request[Any, Any, Any], exc: ValidationException) -> Response[ErrorBody]:
    errors = _validation_errors(exc.extra)
    detail = _friendly(exc.detail)
    if errors and detail.startswith("Validation failed"):
        detail = "The request is invalid: " + "; ".join(
            f"{e.field}: {e.message}" if e.field else e.message for e in errors
        )
    return error_response(HTTP_400_BAD_REQUEST, detail, code="validation_error", errors=errors)


def _handle_http(_: Request[Any, Any, Any], exc: HTTPException) -> Response[ErrorBody]:
    status = exc.status_code
    detail = exc.detail
    if status == HTTP_401_UNAUTHORIZED and detail == "Unauthorized":
        detail = "Authentication required."
    headers = dict(exc.headers or {})
    return error_response(status, detail, errors=_validation_errors(exc.extra), headers=headers)


def _handle_not_found(_: Request[Any, Any, Any], exc: NotFoundError) -> Response[ErrorBody]:
    return error_response(HTTP_404_NOT_FOUND, "The requested resource does not exist.")


def _handle_integrity(_: Request[Any, Any, Any], exc: IntegrityError) -> Response[ErrorBody]:
    if isinstance(exc, DuplicateKeyError):
        return error_response(HTTP_409_CONFLICT, "A resource with these values already exists.")
    if isinstance(exc, ForeignKeyError):
        return error_response(HTTP_409_CONFLICT, "A referenced resource does not exist.")
    return error_response(HTTP_409_CONFLICT, "The change conflicts with existing data.")


def _handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[ErrorBody]:
    logger.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(HTTP_500_INTERNAL_SERVER_ERROR, "An unexpected error occurred.")


exception_handlers: ExceptionHandlersMap = {
    CadenzaError: _handle_cadenza_error,
    ValidationException: _handle_validation,
    NotAuthorizedException: _handle_http,
    PermissionDeniedException: _handle_http,
    HTTPException: _handle_http,
    NotFoundError: _handle_not_found,
    IntegrityError: _handle_integrity,
    Exception: _handle_unexpected,
}
