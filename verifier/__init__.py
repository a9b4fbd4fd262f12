"""Check every claim of a synthesis report against its cited sources."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("claims-verifier")  # the one place the version is written is pyproject.toml
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
