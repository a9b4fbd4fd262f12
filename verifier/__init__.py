"""Check every claim of a synthesis report against its cited sources."""

__version__ = "0.1.0"
