"""Zip containers (EPUB, DOCX) opened defensively.

Before any member is decompressed, the central directory is checked: number of members,
total unpacked size and each large member's compression ratio (see the limits in
:mod:`reader.core.loaders`). A bomb is therefore refused from its directory alone, in
milliseconds. Members are then read in small pieces with a cap, so a member whose header
lies about its size cannot grow past the limits either.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from reader.core.errors import ArchiveTooLargeError, CorruptArchiveError, UnsupportedFormatError

_CHUNK = 1 << 20


class SafeZip:
    def __init__(self, data: bytes, path: str, *, kind: str) -> None:
        from reader.core import loaders as limits

        self.path = path
        self.kind = kind
        self._limits = limits
        self._read_total = 0
        if not data.startswith(b"PK"):
            hint = "; it looks like plain text" if _is_texty(data) else ""
            raise CorruptArchiveError(path, f"not a zip archive, which a {kind} file must be{hint}")
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zf.infolist()
        except Exception as exc:  # zipfile raises several types on damaged directories
            raise CorruptArchiveError(path, _reason(exc)) from None
        if len(infos) > limits.MAX_ZIP_MEMBERS:
            raise ArchiveTooLargeError(path, f"{len(infos)} members (limit {limits.MAX_ZIP_MEMBERS})")
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > limits.RATIO_CHECK_MIN_BYTES:
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > limits.MAX_COMPRESSION_RATIO:
                    raise ArchiveTooLargeError(
                        path,
                        f"member {info.filename!r} would unpack to {info.file_size:,} bytes, "
                        f"{ratio:,.0f} times its packed size (limit {limits.MAX_COMPRESSION_RATIO}:1)",
                    )
        if total > limits.MAX_UNPACKED_BYTES:
            raise ArchiveTooLargeError(
                path, f"{total:,} bytes unpacked (limit {limits.MAX_UNPACKED_BYTES:,})"
            )
        self.names = [i.filename for i in infos]
        self._exact = set(self.names)
        self._lower = {n.lower(): n for n in self.names}

    def find(self, name: str) -> str | None:
        """The member called ``name`` (exactly, else ignoring case), or None."""
        if name in self._exact:
            return name
        return self._lower.get(name.lower())

    def read(self, name: str) -> bytes:
        """A member's bytes, read in pieces and capped by its declared size and the limits."""
        try:
            info = self.zf.getinfo(name)
        except KeyError:
            raise CorruptArchiveError(self.path, f"member {name!r} is missing") from None
        cap = min(info.file_size, self._limits.MAX_UNPACKED_BYTES - self._read_total)
        out = bytearray()
        try:
            with self.zf.open(info) as f:
                while True:
                    piece = f.read(_CHUNK)
                    if not piece:
                        break
                    out += piece
                    if len(out) > cap:
                        raise ArchiveTooLargeError(
                            self.path, f"member {name!r} unpacks larger than its header says"
                        )
        except RuntimeError as exc:  # encrypted member
            raise UnsupportedFormatError(self.path, f"encrypted {self.kind} ({exc})") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
            raise CorruptArchiveError(self.path, f"member {name!r}: {_reason(exc)}") from None
        self._read_total += len(out)
        return bytes(out)

    def close(self) -> None:
        self.zf.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if text == "File is not a zip file":
        return "the zip directory is missing (truncated or not a zip file)"
    return text


def _is_texty(data: bytes) -> bool:
    sample = data[:4096]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:
            return False
    return b"\x00" not in sample
