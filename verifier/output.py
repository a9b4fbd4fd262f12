"""Writing results: atomically to a file (temp file + rename), or to stdout."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from verifier.errors import VerifierError


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the whole new one, never half of it
    (temporary file in the same folder, fsync, rename; an existing file keeps its permissions)."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise VerifierError(f"{path}: cannot write output, folder {directory} does not exist")
    if path.is_dir():
        raise VerifierError(f"{path}: cannot write output, it is a folder (give a file name)")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, text: str) -> None:
    """`write_bytes_atomic` for UTF-8 text (line endings kept as given)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def emit(text: str, output: Path | None) -> None:
    """Write to `output` atomically when given, else to stdout."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        write_atomic(output, text if text.endswith("\n") else text + "\n")
