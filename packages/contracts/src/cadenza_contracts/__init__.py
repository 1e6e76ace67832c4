"""Cadenza's shared contracts: msgspec types for every body, and a typed async client."""

from cadenza_contracts.client import ApiError, CadenzaClient
from cadenza_contracts.errors import ErrorBody, ErrorDetail
from cadenza_contracts.pagination import Page

__all__ = ["ApiError", "CadenzaClient", "ErrorBody", "ErrorDetail", "Page"]
