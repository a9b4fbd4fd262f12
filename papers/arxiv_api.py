"""Metadata from the arXiv API through the `arxiv` package's Client (its rate limit and retries).

The Client has no timeout and no public way to change its endpoint or HTTP session; `MetadataClient` sets the
query URL (so tests can point it at 127.0.0.1) and gives it a session with a default timeout that also keeps
the last response body, so a malformed feed can be told apart from an empty one.
"""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ElementTree

import arxiv
import requests
from papers.errors import PapersError
from papers.ids import ArxivId, parse_arxiv_id
from papers.models import PaperMetadata

ATOM = "{http://www.w3.org/2005/Atom}"


class TimeoutSession(requests.Session):
    """A requests session whose requests time out by default and that remembers the last response body."""

    def __init__(self, timeout: float):
        super().__init__()
        self.timeout = timeout
        self.last_body: bytes | None = None

    def request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        response = super().request(method, url, **kwargs)
        self.last_body = response.content
        return response


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
    """Looks papers up one at a time (calls are serialised, so the Client's delay holds across threads)."""

    def __init__(self, api_url: str, delay_seconds: float, retries: int, timeout: float):
        self.api_url, self.timeout, self.retries = api_url, timeout, retries
        self.client = arxiv.Client(page_size=1, delay_seconds=delay_seconds, num_retries=retries)
        self.client.query_url_format = api_url.rstrip("?") + "?{}"
        self.session = TimeoutSession(timeout)
        self.client._session = self.session  # the Client's only HTTP session; arxiv 4 offers no public hook
        self.lock = threading.Lock()

    def close(self) -> None:
        self.session.close()

    def lookup(self, paper: ArxivId) -> PaperMetadata | None:
        """Metadata of the latest version, or None when arXiv has no such paper. Network trouble: PapersError."""
        search = arxiv.Search(id_list=[paper.id], max_results=1)
        with self.lock:
            self.session.last_body = None
            try:
                results = list(self.client.results(search))
            except arxiv.HTTPError as error:
                raise PapersError(f"arXiv API answered HTTP {error.status} for {paper.id} ({self.retries} retries)") from error
            except arxiv.UnexpectedEmptyPageError as error:
                raise PapersError(f"arXiv API kept returning empty pages for {paper.id}") from error
            except requests.Timeout as error:
                raise PapersError(f"arXiv API did not answer within {self.timeout:g} s for {paper.id} ({self.api_url})") from error
            except requests.RequestException as error:
                raise PapersError(f"cannot reach the arXiv API at {self.api_url} for {paper.id} ({type(error).__name__})") from error
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
