"""The cover upload form. It lives here, not in contracts: it carries an `UploadFile`."""

from __future__ import annotations

import msgspec
from litestar.datastructures import UploadFile


class CoverForm(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Multipart: `file` is a JPEG, PNG or WebP image of at most 10 MB."""

    file: UploadFile
