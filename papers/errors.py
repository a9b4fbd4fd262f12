"""The one error type of the `papers` package."""


class PapersError(Exception):
    """A paper could not be resolved, fetched, cached or extracted. Messages are written for users."""
