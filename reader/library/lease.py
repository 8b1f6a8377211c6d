"""One indexer at a time per library: the writer's lease.

Two ``reader index`` runs on one database would both analyse every file (correct in the end, but
twice the work, and the second's writes wait on the first's). The run takes an exclusive,
non-blocking ``flock`` on a small file beside the database (``library.sqlite3.lock``; for Parquet
output, ``DIR.parquet.lock`` beside the folder) and keeps it until it ends; the kernel lets it go
when the process dies, however it dies, so a killed run leaves no stale lease. The file holds the
holder's process id and start time, which the refusal names. Readers (the window, ``reader
quotes``) take no lease: SQLite lets them read while one process writes.

Where ``fcntl`` is missing (Windows) no lease is taken and concurrent runs are possible, as before.
"""

from __future__ import annotations

import errno
import os
import time
from types import TracebackType

from reader.core.errors import LibraryLeasedError


def lease_path(target: str | os.PathLike[str]) -> str:
    """The lease's file: beside the database or the Parquet folder, never inside the folder."""
    return os.path.abspath(os.fspath(target)).rstrip(os.sep) + ".lock"


class Lease:
    """``with Lease(db_path):`` the run's exclusive right to write (see the module text)."""

    def __init__(self, target: str | os.PathLike[str]) -> None:
        self.target = os.fspath(target)
        self.path = lease_path(self.target)
        self._fd: int | None = None

    def acquire(self) -> Lease:
        try:
            import fcntl
        except ImportError:  # no flock here: no lease
            return self
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)  # (a first run: the library's too)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return self  # a read-only folder: the library's own open says so, with its code
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            busy = exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN)
            holder = _holder(fd) if busy else None
            os.close(fd)
            if not busy:
                return self  # a file system without flock (some network ones): no lease there
            who = f"{holder}; " if holder else ""
            raise LibraryLeasedError(self.target, f"{who}nothing was done: run again when it ends") from None
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()} {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode())
        except OSError:
            pass  # (a full disk: the lease holds all the same, without its holder's name)
        self._fd = fd
        return self

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # (closing lets the lock go; the file stays, empty of meaning)

    def __enter__(self) -> Lease:
        return self.acquire()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


def _holder(fd: int) -> str | None:
    """Who holds the lease, as its file says ("process 4242, since 2026-12-07 10:15:00")."""
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").split()
    except OSError:
        return None
    if len(text) >= 3 and text[0].isdigit():
        return f"process {text[0]}, since {text[1]} {text[2]}"
    return None
