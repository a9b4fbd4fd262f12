"""The one error type of the `papers` package, and the subclasses callers act on (all are `PapersError`)."""

from __future__ import annotations


class PapersError(Exception):
    """A paper could not be resolved, fetched, cached or extracted. Messages are written for users.

    Errors pickle with their message and fields (`url`, `status`, `path`, ...), so one raised in an extraction
    worker process reaches the caller as the same subclass."""

    def __reduce__(self):
        return _rebuild, (type(self), str(self), dict(vars(self)))


def _rebuild(kind: type[PapersError], message: str, fields: dict) -> PapersError:
    error = kind.__new__(kind)
    Exception.__init__(error, message)
    error.__dict__.update(fields)
    return error


class NetworkError(PapersError):
    """An HTTP request failed. `retryable`: whether trying again may help (a cut-off transfer, a 5xx)."""

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None,
                 retry_after: float | None = None, retryable: bool = False):
        super().__init__(message)
        self.url, self.status, self.retry_after, self.retryable = url, status, retry_after, retryable


class NotFound(NetworkError):
    """The server says the file does not exist (HTTP 404/410)."""


class RateLimited(NetworkError):
    """The server asked us to slow down (HTTP 429); `retry_after` is its Retry-After in seconds, when given."""


class UnreadableSource(PapersError):
    """A file that cannot be used as a paper's text: damaged PDF, not a regular file, too large, outside its folder."""

    def __init__(self, message: str, *, path: str | None = None, reason: str | None = None):
        super().__init__(message)
        self.path, self.reason = path, reason


class CacheError(PapersError):
    """The cache folder cannot be used (disk full, corrupt index, no permission); the message names a remedy."""
