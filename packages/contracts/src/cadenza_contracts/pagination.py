"""The pagination envelope of every list route."""

from typing import Generic, TypeVar

from cadenza_contracts.base import Model

T = TypeVar("T")


class Page(Model, Generic[T]):
    """One page of a list: `items` starting at `offset`, out of `total`."""

    items: list[T]
    total: int
    limit: int
    offset: int
