"""PDF downloads over one requests session: timeouts, an overall deadline, a size cap, retries on 5xx, on 429
(after its Retry-After) and on cut-off transfers, and a check that the file is a whole PDF."""

from __future__ import annotations

import time

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from papers.errors import NetworkError, NotFound, RateLimited
from papers.limits import Limits
from papers.transfer import check_status, read_body, wait_allowed

USER_AGENT = "claims-verifier/0.1 (paper fetcher)"

__all__ = ["NotFound", "PdfDownloader", "is_timeout", "looks_complete"]


def looks_complete(data: bytes) -> bool:
    """A PDF that starts with %PDF- and ends with %%EOF (allowing trailing whitespace/garbage)."""
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]


def is_timeout(error: BaseException | None) -> bool:
    """Whether a requests error is a timeout (requests reports one during the body as a ConnectionError)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, (requests.Timeout, TimeoutError)) or "timed out" in str(error).lower():
            return True
        wrapped = error.args[0] if error.args and isinstance(error.args[0], BaseException) else None
        error = error.__cause__ or error.__context__ or wrapped
    return False


class PdfDownloader:
    """Downloads PDFs; a transfer that is cut off or not a whole PDF is retried, then reported."""

    def __init__(self, limits: Limits | None = None):
        self.limits = limits or Limits()
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        retries = self.limits.retries
        policy = Retry(total=retries, connect=retries, read=False, status=retries, backoff_factor=self.limits.backoff,
                       status_forcelist=(500, 502, 503, 504), allowed_methods=frozenset({"GET"}),
                       raise_on_status=False, respect_retry_after_header=False)
        adapter = HTTPAdapter(max_retries=policy)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def close(self) -> None:
        self.session.close()

    def fetch(self, url: str) -> bytes:
        """The complete PDF at `url`, or PapersError saying why not (NotFound, RateLimited, NetworkError)."""
        limits = self.limits
        deadline_at = time.monotonic() + limits.request_deadline
        problem, tries = "", limits.retries + 1
        for attempt in range(tries):
            try:
                data = self.fetch_once(url, deadline_at)
            except RateLimited as error:
                wait = wait_allowed(error, deadline_at, limits)
                if wait is None or attempt == tries - 1:
                    after = f", Retry-After {error.retry_after:g} s" if error.retry_after is not None else ""
                    raise RateLimited(f"{url}: rate limited (HTTP 429, {attempt + 1} tries{after})", url=url,
                                      status=429, retry_after=error.retry_after) from error
                time.sleep(wait)
                continue
            except NetworkError as error:
                if not error.retryable:
                    raise
                problem = str(error).removeprefix(f"{url}: ")
            except requests.RequestException as error:
                if is_timeout(error):
                    raise NetworkError(f"{url}: no answer within {limits.timeout:g} s", url=url) from error
                raise NetworkError(f"{url}: download failed ({type(error).__name__})", url=url) from error
            else:
                if looks_complete(data):
                    return data
                problem = "the file is not a complete PDF (truncated or damaged)"
            if attempt == tries - 1:
                break
            if time.monotonic() + limits.backoff * (attempt + 1) > deadline_at:
                break
            time.sleep(limits.backoff * (attempt + 1))
        raise NetworkError(f"{url}: {problem}, {attempt + 1} tries", url=url)

    def fetch_once(self, url: str, deadline_at: float) -> bytes:
        with self.session.get(url, timeout=self.limits.timeout, stream=True) as response:
            check_status(response, url)
            return read_body(response, url, self.limits.max_pdf_bytes, deadline_at, self.limits)
