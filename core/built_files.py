"""Big exports kept as files: built whole by a task, served from disk without being drawn.

A file lives in EXPORTS_ROOT under its name. It is written to a temporary file in the same
directory and moved over the old one with os.replace, which is atomic on one filesystem: a
reader opens either the whole old file or the whole new one, never a half-written one, and a
reader that opened the old file goes on reading it after the replace (its inode lives on).

A change to a row a file shows marks the file stale: `mark_stale` touches `<name>.stale` once
the transaction commits. The sweep (`rebuild_stale`, every few minutes from the beat) claims a
marker by removing it, then builds the file: removing before reading means a change committed
after the claim marks the file again and the next sweep takes it, and only the worker whose
remove succeeded builds it. A file built on an earlier day is rebuilt too, for exports whose
content depends on today's date. No cache and no table is involved: the files and their
markers are on the disk the web and the workers share anyway, so nothing can lose a mark.

A request for a file that does not exist yet builds it there and then, once (a lock file keeps
a second request waiting for the first's build instead of building it again), then serves it.
With EXPORTS_REBUILT_ON_REQUEST (the default when no broker is configured, as then no beat runs)
a request for a stale file rebuilds it first, as the sweep would.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import FileResponse
from django.utils import timezone
from django.utils.http import http_date

Chunks = Iterable[str | bytes]


def root() -> Path:
    """The directory the built files live in, made if it is missing."""
    path = Path(settings.EXPORTS_ROOT)
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_for(name: str) -> Path:
    """Where the file called `name` is kept."""
    return root() / name


def _marker(name: str) -> Path:
    return root() / f"{name}.stale"


def write_atomically(name: str, chunks: Chunks) -> Path:
    """Write the whole file beside the old one, then put it in the old one's place at once."""
    target = path_for(name)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                out.write(chunk.encode() if isinstance(chunk, str) else chunk)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it 0600; the web may run as another user
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def mark_stale(*names: str) -> None:
    """Once the current transaction commits, say these files show something that changed."""

    def touch() -> None:
        for name in names:
            _marker(name).touch()

    transaction.on_commit(touch)


def mark_stale_now(name: str) -> None:
    """Mark this file stale now (the caller runs once its transaction has committed)."""
    _marker(name).touch()


def mark_every_file_stale() -> None:
    """Mark every built file stale now, after a change no signal told of (a bulk load)."""
    for path in root().iterdir():
        if path.is_file() and not path.name.startswith(".") and path.suffix != ".stale":
            _marker(path.name).touch()


def is_stale(name: str) -> bool:
    """Whether the file is marked, missing, or was built on an earlier day."""
    if _marker(name).exists():
        return True
    try:
        built = os.stat(path_for(name)).st_mtime
    except FileNotFoundError:
        return True
    built_on = timezone.localtime(datetime.fromtimestamp(built, tz=UTC)).date()
    return built_on < timezone.localdate()


def rebuild_if_stale(name: str, build: Callable[[], Chunks]) -> bool:
    """Build the file if it is stale, unless another worker is building it; True if built."""
    if not is_stale(name):
        return False
    try:
        _marker(name).unlink()  # the claim: only one worker's unlink succeeds
    except FileNotFoundError:
        return _build_once(name, build)  # missing or from an earlier day: checked under lock
    return _build_once(name, build, claimed=True)


def _build_once(name: str, build: Callable[[], Chunks], *, claimed: bool = False) -> bool:
    """Build the file, one process at a time; unless this caller claimed its marker, only if it
    is still stale once the lock is held. True if built."""
    with open(root() / f".{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not claimed:
            if not is_stale(name):
                return False  # another request or worker built it while this one waited
            _marker(name).unlink(missing_ok=True)
        write_atomically(name, build())
        return True


def serve(name: str, build: Callable[[], Chunks], *, content_type: str) -> FileResponse:
    """The file as a response, read from disk; built here first only if it does not exist (or,
    with EXPORTS_REBUILT_ON_REQUEST, is stale)."""
    if settings.EXPORTS_REBUILT_ON_REQUEST:
        rebuild_if_stale(name, build)  # no broker, so no beat: the request does its work
    target = path_for(name)
    try:
        handle = open(target, "rb")  # noqa: SIM115 - FileResponse closes it when sent
    except FileNotFoundError:
        _build_once(name, build)
        handle = open(target, "rb")  # noqa: SIM115
    response = FileResponse(handle, content_type=content_type)
    del response["Content-Disposition"]  # as before: the URL names the file
    response["Last-Modified"] = http_date(os.fstat(handle.fileno()).st_mtime)
    return response
