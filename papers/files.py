"""Reading and writing the files papers come from: regular files only, bounded, never through a link; writes
atomic (a temp file renamed into place)."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from papers.errors import UnreadableSource
from papers.limits import size_text


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. A link, FIFO, device or folder is refused without
    blocking (opened with O_NOFOLLOW | O_NONBLOCK, then checked with fstat); so is a larger file, unread."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        reason = "a symbolic link" if error.errno == errno.ELOOP else (error.strerror or str(error))
        raise UnreadableSource(f"{path}: cannot read ({reason})", path=str(path), reason=reason) from error
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableSource(f"{path}: not a regular file, not read", path=str(path), reason="not a regular file")
        if info.st_size > limit:
            reason = f"{size_text(info.st_size)}, larger than the {size_text(limit)} limit"
            raise UnreadableSource(f"{path}: too large to read ({reason})", path=str(path), reason=reason)
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            reason = error.strerror or str(error)
            raise UnreadableSource(f"{path}: cannot read ({reason})", path=str(path), reason=reason) from error
    if len(data) > limit:  # grew while being read
        reason = f"larger than the {size_text(limit)} limit"
        raise UnreadableSource(f"{path}: too large to read ({reason})", path=str(path), reason=reason)
    return data


def is_inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every link resolved, lies inside the resolved folder `root`."""
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a link loop
        return False


def write_file_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write bytes so that readers see no file or the whole file, never part of it (temporary file in the same
    folder, fsync, rename); `mode` sets the new file's permissions (default: the temporary file's 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
