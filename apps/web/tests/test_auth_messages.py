"""The API's validation errors, as sentences next to the field they concern."""

from __future__ import annotations

from cadenza_contracts.errors import ErrorBody, ErrorDetail
from cadenza_web.states.auth import field_errors, field_message


def test_length_and_pattern_messages_become_instructions() -> None:
    assert field_message("password", "Expected `str` of length >= 10") == (
        "Use at least 10 characters."
    )
    assert field_message("username", "Expected `str` of length <= 32") == (
        "Use at most 32 characters."
    )
    assert "letters, digits" in field_message(
        "username", "Expected `str` matching regex '^[A-Za-z0-9]'"
    )
    assert "email address" in field_message("email", "Expected `str` matching regex '@'")
    assert field_message("email", "Something else") == "Something else"


def test_first_message_per_field_wins() -> None:
    error = ErrorBody(
        status=400,
        code="validation_error",
        detail="The request is invalid",
        errors=[
            ErrorDetail(message="Expected `str` of length >= 3", field="username"),
            ErrorDetail(message="Expected `str` of length <= 32", field="username"),
            ErrorDetail(message="Expected `str` of length >= 10", field="password"),
            ErrorDetail(message="Not about a field"),
        ],
    )
    assert field_errors(error) == {
        "username": "Use at least 3 characters.",
        "password": "Use at least 10 characters.",
    }
    assert field_errors(ErrorBody(status=409, code="conflict", detail="Taken")) == {}
