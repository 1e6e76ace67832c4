"""Query parameters shared by list routes: `limit`, `offset` and `sort`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from litestar.di import Provide
from litestar.params import Parameter
from sqlalchemy import ColumnElement, Select

from cadenza_api.errors import InvalidInput
from cadenza_contracts.pagination import Page

T = TypeVar("T")
SelectT = TypeVar("SelectT", bound="Select[*tuple[Any, ...]]")
R = TypeVar("R")

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass(frozen=True)
class PageParams:
    limit: int
    offset: int

    def apply(self, statement: SelectT) -> SelectT:
        return statement.limit(self.limit).offset(self.offset)

    def page(self, items: Sequence[T], total: int, present: Callable[[T], R]) -> Page[R]:
        return Page(
            items=[present(item) for item in items],
            total=total,
            limit=self.limit,
            offset=self.offset,
        )


def provide_page_params(
    limit: Annotated[
        int, Parameter(ge=1, le=MAX_LIMIT, description="Items per page (1–100).")
    ] = DEFAULT_LIMIT,
    offset: Annotated[int, Parameter(ge=0, description="Items to skip.")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


page_params = Provide(provide_page_params, sync_to_thread=False)


def order_by(
    sort: str | None,
    columns: Mapping[str, ColumnElement[Any]],
    default: str,
) -> list[ColumnElement[Any]]:
    """`sort=name` or `sort=-createdAt` (descending) → ORDER BY clauses; unknown keys are a 400."""
    key = sort or default
    descending = key.startswith("-")
    name = key.removeprefix("-")
    if name not in columns:
        allowed = ", ".join(sorted(columns))
        raise InvalidInput(
            f"Cannot sort by {name!r}; use one of: {allowed} (prefix '-' to reverse)."
        )
    column = columns[name]
    return [column.desc() if descending else column.asc()]
