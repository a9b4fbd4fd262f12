"""Reading HTTP responses within bounds: a size cap counted while streaming, an overall deadline, Retry-After."""

from __future__ import annotations

import email.utils
import time

import requests
from urllib3.exceptions import DecodeError, HTTPError, ProtocolError, ReadTimeoutError

from papers.errors import NetworkError, NotFound, RateLimited
from papers.limits import Limits, size_text

CHUNK = 65536


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value[:9])
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def check_status(response: requests.Response, url: str) -> None:
    """Raise the error an unusable status means: NotFound (404/410), RateLimited (429), NetworkError (others)."""
    status = response.status_code
    if status == 200:
        return
    if status in (404, 410):
        raise NotFound(f"{url}: no such file (HTTP {status})", url=url, status=status)
    if status == 429:
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        raise RateLimited(f"{url}: rate limited (HTTP 429)", url=url, status=status, retry_after=wait)
    raise NetworkError(f"{url}: HTTP {status}", url=url, status=status)  # 5xx: already retried by the adapter


def read_body(response: requests.Response, url: str, limit: int, deadline_at: float, limits: Limits) -> bytes:
    """The whole (decoded) body of a streamed response, at most `limit` bytes, read before `deadline_at`
    (time.monotonic()). Reads return as soon as any data has arrived, so a slow trickle stops at the deadline."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise NetworkError(f"{url}: the response is too large ({size_text(int(declared))}; the limit is "
                           f"{size_text(limit)})", url=url, status=response.status_code)
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline_at:
            raise NetworkError(f"{url}: no complete answer within {limits.request_deadline:g} s (overall deadline; "
                               f"{size_text(size)} received)", url=url)
        try:
            chunk = response.raw.read1(CHUNK, decode_content=True)
        except ReadTimeoutError as error:
            raise NetworkError(f"{url}: no answer within {limits.timeout:g} s", url=url) from error
        except (ProtocolError, DecodeError) as error:
            raise NetworkError(f"{url}: the transfer was cut off ({type(error).__name__})", url=url,
                               retryable=True) from error
        except (HTTPError, OSError) as error:
            raise NetworkError(f"{url}: download failed ({type(error).__name__})", url=url) from error
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise NetworkError(f"{url}: the response is too large (over {size_text(limit)}, the limit)", url=url,
                               status=response.status_code)
        chunks.append(chunk)
    data = b"".join(chunks)
    if declared.isdigit() and int(declared) != len(data) and not response.headers.get("Content-Encoding"):
        raise NetworkError(f"{url}: the transfer was cut off (got {len(data)} of {declared} bytes)", url=url,
                           retryable=True)
    return data


def wait_allowed(error: RateLimited, deadline_at: float, limits: Limits) -> float | None:
    """How long to wait before retrying after a 429 (its Retry-After, else the backoff), or None when that is
    longer than allowed: past `max_retry_after` or past the deadline."""
    wait = error.retry_after if error.retry_after is not None else limits.backoff
    if wait > limits.max_retry_after or time.monotonic() + wait > deadline_at:
        return None
    return wait
