"""Files the browser sent to this server (covers), on their way to the API."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import reflex as rx


@dataclass(frozen=True)
class UploadedFile:
    name: str
    content_type: str
    data: bytes


async def read_upload(file: rx.UploadFile) -> UploadedFile:
    return UploadedFile(
        name=Path(file.name or "upload").name,
        content_type=file.content_type or "application/octet-stream",
        data=await file.read(),
    )
