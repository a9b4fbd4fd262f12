"""Check every claim of a synthesis report against its cited sources."""

from __future__ import annotations

import functools


@functools.cache
def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("claims-verifier")  # the one place the version is written is pyproject.toml
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> str:
    # `__version__` is looked up on first use: importlib.metadata costs ~60 ms of every command's start-up
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module 'verifier' has no attribute {name!r}")
