"""Writing results: atomically to a regular file (temp file + rename, with the mode a plain `open` would give),
in place to a device, FIFO or terminal (`/dev/stdout`, a named pipe), or to stdout for `-`."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from verifier.errors import VerifierError

STDOUT = "-"


def is_stdout(path: Path | str | None) -> bool:
    """True for the conventional `-o -` (write to standard output)."""
    return path is not None and str(path) == STDOUT


def current_umask() -> int:
    """The process umask (read by setting and restoring it; the CLI is single-threaded when it writes)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _special_target(path: Path) -> bool:
    """True when `path` (following symlinks) exists and is not a regular file or folder: a character device,
    FIFO or socket, written in place rather than replaced."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the whole new one, never half of it (temporary
    file in the same folder, fsync, rename). A new file gets the mode the umask allows (0666 & ~umask), an existing
    file keeps its mode; a device or FIFO (e.g. `/dev/stdout`, also through a symlink) is written in place."""
    path = Path(path)
    if is_stdout(path):
        sys.stdout.flush()
        if hasattr(sys.stdout, "buffer"):
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
        return
    if _special_target(path):
        with open(path, "wb") as handle:
            handle.write(data)
        return
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise VerifierError(f"{path}: cannot write output, folder {directory} does not exist")
    if path.is_dir():
        raise VerifierError(f"{path}: cannot write output, it is a folder (give a file name)")
    from papers.files import write_file_atomic

    target = path.resolve() if path.is_symlink() else path  # replace the link's target, keep the link
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~current_umask()
    write_file_atomic(target, data, mode)


def write_atomic(path: Path, text: str) -> None:
    """`write_bytes_atomic` for UTF-8 text (line endings kept as given)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def emit(text: str, output: Path | None) -> None:
    """Write `text` (with a final newline) to `output` atomically when given, else (or for `-`) to stdout."""
    text = text if text.endswith("\n") else text + "\n"
    if output is None or is_stdout(output):
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(output, text)
