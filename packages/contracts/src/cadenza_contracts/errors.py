"""The one error body every route answers with."""

import msgspec

from cadenza_contracts.base import Model


class ErrorDetail(Model):
    """One problem with the request, e.g. a field that failed validation."""

    message: str
    field: str | None = None
    source: str | None = None


class ErrorBody(Model):
    """Error response: HTTP status, a stable machine code and a sentence for humans."""

    status: int
    code: str
    detail: str
    errors: list[ErrorDetail] | msgspec.UnsetType = msgspec.UNSET
