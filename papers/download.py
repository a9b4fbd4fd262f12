"""PDF downloads over one requests session: timeouts, retries on 5xx and on cut-off transfers, PDF checks."""

from __future__ import annotations

import time

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from papers.errors import PapersError

USER_AGENT = "claims-verifier/0.1 (paper fetcher)"


class NotFound(PapersError):
    """The server says the file does not exist (HTTP 404/410)."""


def looks_complete(data: bytes) -> bool:
    """A PDF that starts with %PDF- and ends with %%EOF (allowing trailing whitespace/garbage)."""
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]


def is_timeout(error: BaseException) -> bool:
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

    def __init__(self, timeout: float = 30.0, retries: int = 3, backoff: float = 0.5):
        self.timeout, self.retries = timeout, retries
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        policy = Retry(total=retries, connect=retries, read=False, status=retries, backoff_factor=backoff,
                       status_forcelist=(429, 500, 502, 503, 504), allowed_methods=frozenset({"GET"}),
                       raise_on_status=False, respect_retry_after_header=False)
        adapter = HTTPAdapter(max_retries=policy)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.backoff = backoff

    def close(self) -> None:
        self.session.close()

    def fetch(self, url: str) -> bytes:
        """The complete PDF at `url`, or PapersError saying why not."""
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * attempt)
            try:
                data = self.fetch_once(url)
            except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError) as error:
                problem = f"the transfer was cut off ({type(error).__name__})"
                continue
            except requests.RequestException as error:
                if is_timeout(error):
                    raise PapersError(f"{url}: no answer within {self.timeout:g} s") from error
                raise PapersError(f"{url}: download failed ({type(error).__name__})") from error
            if looks_complete(data):
                return data
            problem = "the file is not a complete PDF (truncated or damaged)"
        raise PapersError(f"{url}: {problem}, {self.retries + 1} tries")

    def fetch_once(self, url: str) -> bytes:
        started = time.monotonic()
        with self.session.get(url, timeout=self.timeout, stream=True) as response:
            if response.status_code in (404, 410):
                raise NotFound(f"{url}: no such file (HTTP {response.status_code})")
            if response.status_code != 200:
                raise PapersError(f"{url}: HTTP {response.status_code}")
            chunks = []
            for chunk in response.iter_content(chunk_size=65536):
                chunks.append(chunk)
                if time.monotonic() - started > 10 * self.timeout:
                    raise PapersError(f"{url}: download took longer than {10 * self.timeout:g} s")
            data = b"".join(chunks)
            expected = response.headers.get("Content-Length")
            if expected and expected.isdigit() and int(expected) != len(data):
                raise requests.exceptions.ChunkedEncodingError(f"got {len(data)} of {expected} bytes")
            return data
