"""Atomic file writing: a temporary file in the target folder, then a rename.

A failed export leaves no partial file, and an existing file at the target is only
replaced once the new one is complete (``os.replace`` is atomic on one filesystem).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from typing import BinaryIO

from reader.core.errors import ExportError

_UMASK = os.umask(0o022)  # read the process umask once (set it back at once)
os.umask(_UMASK)
DEFAULT_MODE = 0o666 & ~_UMASK


def check_folder(out: str) -> str:
    """The folder ``out`` will be written in, or an ExportError naming what is wrong."""
    out = os.fspath(out)
    folder = os.path.dirname(os.path.abspath(out))
    if os.path.isdir(out):
        raise ExportError(out, "is a directory, not a file")
    if not os.path.exists(folder):
        raise ExportError(out, f"the folder {folder} does not exist")
    if not os.path.isdir(folder):
        raise ExportError(out, f"{folder} is not a folder")
    return folder


def _error(out: str, folder: str, exc: OSError) -> ExportError:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ExportError(out, f"cannot write in the folder {folder} (permission denied)")
    if exc.errno == errno.ENOSPC:
        return ExportError(out, "no space left on the device")
    return ExportError(out, exc.strerror or str(exc))


@contextlib.contextmanager
def atomic_path(out: str, mode: int = DEFAULT_MODE) -> Iterator[str]:
    """Yield a temporary path beside ``out``; when the block ends without error the temporary
    file replaces ``out``, otherwise it is removed and ``out`` is left as it was.

    For writers that want a file name (QPdfWriter); they must have closed the file when the
    block ends.
    """
    out = os.fspath(out)
    folder = check_folder(out)
    base = os.path.basename(out)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{base}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise _error(out, folder, exc) from None
    os.close(fd)
    try:
        yield tmp
        with open(tmp, "rb+") as f:  # make the bytes durable before the rename
            os.fsync(f.fileno())
        # mkstemp creates 0600; give the export the usual permissions (or the replaced file's)
        try:
            os.chmod(tmp, os.stat(out).st_mode & 0o7777 if os.path.exists(out) else mode)
        except OSError:
            pass
        os.replace(tmp, out)
    except OSError as exc:
        _remove(tmp)
        raise _error(out, folder, exc) from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)


def write_atomic(out: str, writer: Callable[[BinaryIO], None]) -> None:
    """Call ``writer(file)`` on a temporary binary file, then move it onto ``out``."""
    with atomic_path(out) as tmp, open(tmp, "wb") as f:
        writer(f)
        f.flush()
        os.fsync(f.fileno())


def write_bytes_atomic(out: str, data: bytes) -> None:
    def write(f: BinaryIO) -> None:
        f.write(data)

    write_atomic(out, write)
