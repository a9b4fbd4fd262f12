"""Metadata from the arXiv API through the `arxiv` package's Client (its feed parsing and retries on 5xx).

The Client has no timeout and no public way to change its endpoint or HTTP session; `MetadataClient` sets the
query URL (so tests can point it at 127.0.0.1) and gives it an `ApiSession`: every call waits its turn at the
cross-process politeness gate, is read within the size cap and the deadline, honours 429 + Retry-After, and
keeps the body, so a malformed feed can be told apart from an empty one.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from xml.etree import ElementTree

import arxiv
import requests

from papers.errors import NetworkError, PapersError, RateLimited
from papers.ids import ArxivId, parse_arxiv_id
from papers.limits import Limits
from papers.models import PaperMetadata
from papers.politeness import LOCK_NAME, PolitenessGate
from papers.transfer import check_status, read_body, wait_allowed

ATOM = "{http://www.w3.org/2005/Atom}"


class ApiSession(requests.Session):
    """The Client's HTTP session: bounded, polite, rate-limit aware; remembers the last response body."""

    def __init__(self, limits: Limits, gate: PolitenessGate):
        super().__init__()
        self.limits, self.gate = limits, gate
        self.last_body: bytes | None = None

    def request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", self.limits.timeout)
        kwargs["stream"] = True
        deadline_at = time.monotonic() + self.limits.request_deadline
        tries = self.limits.retries + 1
        for attempt in range(tries):
            with self.gate.turn():
                response = super().request(method, url, **kwargs)
                try:
                    if response.status_code == 429:
                        check_status(response, url)
                    body = read_body(response, url, self.limits.max_feed_bytes, deadline_at, self.limits)
                except RateLimited as error:
                    limited = error
                else:
                    response._content, response._content_consumed = body, True
                    self.last_body = body
                    return response
                finally:
                    response.close()
            wait = wait_allowed(limited, deadline_at, self.limits)
            if wait is None or attempt == tries - 1:
                after = f", Retry-After {limited.retry_after:g} s" if limited.retry_after is not None else ""
                raise RateLimited(f"rate limited by the arXiv API (HTTP 429, {attempt + 1} tries{after})", url=url,
                                  status=429, retry_after=limited.retry_after)
            time.sleep(wait)
        raise AssertionError("unreachable")


def is_atom_feed(body: bytes | None) -> bool:
    """Whether a response body is a well-formed Atom feed (parsed strictly; entity declarations refused)."""
    if not body:
        return False
    if b"<!ENTITY" in body:
        return False  # arXiv feeds never declare entities; refuse to expand any
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return False
    return root.tag == f"{ATOM}feed"


def metadata_from(result: arxiv.Result, wanted: ArxivId) -> PaperMetadata | None:
    """Our record of one API result; None when the entry is an API error or another paper."""
    try:
        found = parse_arxiv_id(result.entry_id)
    except PapersError:
        return None  # e.g. http://arxiv.org/api/errors#... entries
    if found.id != wanted.id:
        return None
    return PaperMetadata(
        arxiv_id=found.id,
        title=" ".join(result.title.split()),
        authors=[a.name for a in result.authors],
        published=result.published.date().isoformat() if result.published else None,
        updated=result.updated.date().isoformat() if result.updated else None,
        primary_category=result.primary_category or None,
        abstract=" ".join(result.summary.split()) or None,
        latest=found.version or "v1",
        pdf_url=result.pdf_url,
    )


class MetadataClient:
    """Looks papers up one at a time (calls are serialised; the gate keeps the interval across processes)."""

    def __init__(self, api_url: str, limits: Limits, cache_dir: Path):
        self.api_url, self.limits = api_url, limits
        self.client = arxiv.Client(page_size=1, delay_seconds=0, num_retries=limits.retries)
        self.client.query_url_format = api_url.rstrip("?") + "?{}"
        self.session = ApiSession(limits, PolitenessGate(Path(cache_dir) / LOCK_NAME, limits.api_interval))
        self.client._session = self.session  # the Client's only HTTP session; arxiv 4 offers no public hook
        self.lock = threading.Lock()

    def close(self) -> None:
        self.session.close()

    def lookup(self, paper: ArxivId) -> PaperMetadata | None:
        """Metadata of the latest version, or None when arXiv has no such paper. Network trouble: PapersError."""
        search = arxiv.Search(id_list=[paper.id], max_results=1)
        retries = self.limits.retries
        with self.lock:
            self.session.last_body = None
            try:
                results = list(self.client.results(search))
            except arxiv.HTTPError as error:
                raise NetworkError(f"arXiv API answered HTTP {error.status} for {paper.id} ({retries} retries)",
                                   url=error.url, status=error.status) from error
            except arxiv.UnexpectedEmptyPageError as error:
                raise PapersError(f"arXiv API kept returning empty pages for {paper.id}") from error
            except RateLimited as error:
                raise RateLimited(f"{error} for {paper.id}", url=error.url, status=error.status,
                                  retry_after=error.retry_after) from error
            except NetworkError as error:
                raise NetworkError(f"arXiv API for {paper.id}: {error}", url=error.url, status=error.status) from error
            except requests.Timeout as error:
                raise NetworkError(f"arXiv API did not answer within {self.limits.timeout:g} s for {paper.id} "
                                   f"({self.api_url})", url=self.api_url) from error
            except requests.RequestException as error:
                raise NetworkError(f"cannot reach the arXiv API at {self.api_url} for {paper.id} "
                                   f"({type(error).__name__})", url=self.api_url) from error
            body = self.session.last_body
        if not results:
            if not is_atom_feed(body):
                raise PapersError(f"arXiv API returned a malformed feed for {paper.id} ({self.api_url})")
            return None
        for result in results:
            meta = metadata_from(result, paper)
            if meta is not None:
                return meta
        return None
