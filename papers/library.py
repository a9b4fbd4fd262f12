"""`Library`: cited papers by id and version, from local sources, the cache or arXiv, as page-anchored passages."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papers import extract as extract_module
from papers.cache import PaperCache, sha256_of
from papers.document import Extraction
from papers.errors import CacheError, NotFound, PapersError, UnreadableSource
from papers.extraction_pool import ExtractionPool
from papers.files import read_regular_file
from papers.ids import ArxivId, parse_arxiv_id, parse_version
from papers.limits import Limits
from papers.models import Paper, PaperMetadata, PaperStatus
from papers.sources import LocalSources
from papers.textsource import extract_text_source

if TYPE_CHECKING:  # the HTTP clients (requests, arxiv) are imported when first needed: offline runs never do
    from papers.arxiv_api import MetadataClient
    from papers.download import PdfDownloader

Progress = Callable[[Paper], None]


def extractor_version() -> str:
    """The current extractor version (read at call time, so a change takes effect at once)."""
    return extract_module.EXTRACTOR_VERSION


def extract_bytes(data: bytes, kind: str, name: str, arxiv_id: str, version: str | None) -> Extraction:
    """Extract a PDF, .txt or .md source given as bytes."""
    if kind == "pdf":
        try:
            return extract_module.extract_pdf(data, arxiv_id=arxiv_id, version=version)
        except PapersError as error:
            message = str(error)
            if not message.startswith("PDF data: "):
                raise
            raise UnreadableSource(name + message.removeprefix("PDF data"), path=name) from error
        except Exception as error:  # a damaged file can make the PDF library fail in any way
            reason = f"{type(error).__name__}: {error}"[:200] if str(error) else type(error).__name__
            raise UnreadableSource(f"{name}: not a readable PDF ({reason})", path=name, reason=reason) from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PapersError(f"{name}: not UTF-8 text (byte {error.start})") from error
    return extract_text_source(text, markdown=kind == "md", arxiv_id=arxiv_id, version=version)


def extract_file(path: Path, limits: Limits | None = None, *, arxiv_id: str = "", version: str | None = None) -> Extraction:
    """Extract a PDF, .txt or .md file named by the user: read only when it is a regular file within the size
    cap (a FIFO or device is refused without blocking), and a damaged PDF is an UnreadableSource."""
    data = read_regular_file(Path(path), (limits or Limits()).max_local_bytes)
    kind = Path(path).suffix.lower().lstrip(".")
    return extract_bytes(data, kind if kind in ("txt", "md") else "pdf", str(path), arxiv_id, version)


def versions_to_keep(versions: list[str], cited: str, earlier: int) -> list[str]:
    """Other versions whose text is kept beside the cited one: the latest (when it is not the cited one), then up
    to `earlier` versions before the cited one, newest first. `versions` is in arXiv order (v1 first)."""
    if cited not in versions:
        return []
    position = versions.index(cited)
    kept = [versions[-1]] if versions[-1] != cited else []
    kept += list(reversed(versions[max(0, position - earlier):position]))
    return kept


class Library:
    """Resolves, fetches, caches and extracts cited arXiv papers. Thread-safe; use as a context manager.

    Local sources in `papers_dir` win over everything; `offline` never touches the network (a paper that is
    neither local nor cached is `unavailable`). API calls go through the `arxiv` Client, one at a time, at
    most one per `delay_seconds` across all processes sharing `cache_dir`; PDFs are downloaded with `timeout`
    and `retries`. Every other bound (response sizes, the overall deadline, Retry-After, local file size) is in
    `limits`; `delay_seconds`, `timeout` and `retries`, when given, override it. Besides the cited version,
    the text of the latest version and of up to `earlier_versions` versions before the cited one is kept in
    `Paper.other_versions`, so a number quoted from another version can be traced to it. A cited version with
    no source but a local file of another version is read from that file (`Paper.cited_version` says so).
    `on_extract` is called once, just before the first source is extracted (never when every text is cached), so
    a caller can start slow preparations, such as loading a model, while papers are extracted.
    """

    def __init__(
        self,
        cache_dir: Path,
        *,
        papers_dir: Path | None = None,
        offline: bool = False,
        api_url: str = "https://export.arxiv.org/api/query",
        delay_seconds: float | None = None,
        timeout: float | None = None,
        retries: int | None = None,
        earlier_versions: int = 1,
        progress: Progress | None = None,
        limits: Limits | None = None,
        on_extract: Callable[[], None] | None = None,
    ):
        given: dict[str, Any] = {"api_interval": delay_seconds, "timeout": timeout, "retries": retries}
        self.limits = dataclasses.replace(limits or Limits(), **{k: v for k, v in given.items() if v is not None})
        self.local = LocalSources(papers_dir, self.limits) if papers_dir is not None else None
        self.cache = PaperCache(cache_dir, self.limits)
        self.offline, self.progress, self.earlier_versions = offline, progress, max(0, earlier_versions)
        self.api_url = api_url
        self._api: MetadataClient | None = None
        self._downloader: PdfDownloader | None = None
        self._guard = threading.Lock()
        self._id_locks: dict[str, threading.Lock] = {}
        self._missing: set[str] = set()
        self._pool: ExtractionPool | None = None
        self._on_extract = on_extract

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the cache index and HTTP sessions."""
        for client in (self._api, self._downloader):
            if client is not None:
                client.close()
        self.cache.close()

    # -- public ----------------------------------------------------------------------------------------------
    def warnings(self) -> list[str]:
        """Things the user should hear about that are no paper's status: local files refused (links out of the
        folder, FIFOs, devices)."""
        return self.local.warnings() if self.local else []

    def get(self, arxiv_id: str, version: str | None = None) -> Paper:
        """The paper as cited (`version` overrides one in `arxiv_id`). Bad ids raise PapersError."""
        return self._locked_resolve(self._parse(arxiv_id, version))

    def get_many(self, items: list[tuple[str, str | None]], jobs: int = 4) -> list[Paper]:
        """Papers for (id, version) pairs, in the same order; each distinct one is fetched once."""
        refs = [self._parse(arxiv_id, version) for arxiv_id, version in items]
        unique = list(dict.fromkeys(refs))
        if jobs <= 1 or len(unique) <= 1:
            done = {ref: self._locked_resolve(ref) for ref in unique}
        else:
            workers = min(jobs, len(unique))
            processes = min(self.limits.extract_processes, workers)
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="papers") as threads, \
                    ExtractionPool(processes, extract_bytes) as pool:
                self._pool = pool if processes > 1 else None  # PDFs needing extraction go to worker processes
                try:
                    done = dict(zip(unique, threads.map(self._locked_resolve, unique)))
                finally:
                    self._pool = None
        return [done[ref] for ref in refs]

    # -- resolution ----------------------------------------------------------------------------------------------
    @staticmethod
    def _parse(arxiv_id: str, version: str | None) -> ArxivId:
        ref = parse_arxiv_id(arxiv_id)
        return ref.with_version(parse_version(version) or ref.version)

    def _locked_resolve(self, ref: ArxivId) -> Paper:
        with self._guard:
            lock = self._id_locks.setdefault(ref.id, threading.Lock())
        with lock:
            try:
                paper = self._resolve(ref)
            except (PapersError, OSError) as error:  # one paper's failure never stops the others
                paper = Paper(arxiv_id=ref.id, version=ref.version, status="unavailable", message=str(error))
        if self.progress is not None:
            self.progress(paper)
        return paper

    def _resolve(self, ref: ArxivId) -> Paper:
        found = self.local.find(ref) if self.local else None
        if found:
            return self._from_local(ref, *found)
        paper = self._from_cache_only(ref) if self.offline else self._from_arxiv(ref)
        if paper.status == "unavailable" and self.local:
            if (other := self.local.nearest(ref)) is not None:
                substitute = self._from_local(ref.with_version(other[1]), *other)
                if substitute.status == "resolved":
                    return substitute.model_copy(update={"cited_version": ref.version})
            refusal = self.local.refusal_for(ref)
            if refusal:
                paper = paper.model_copy(update={"message": f"{paper.message}; {refusal}"})
        return paper

    def _from_arxiv(self, ref: ArxivId) -> Paper:
        try:
            meta = self._metadata(ref)
        except CacheError:
            raise
        except PapersError as error:
            return Paper(arxiv_id=ref.id, version=ref.version, status="unavailable", message=str(error))
        if meta is None:
            return Paper(arxiv_id=ref.id, version=ref.version, status="not_found", message=f"arXiv has no paper {ref.id}")
        if ref.version and ref.version not in meta.versions:
            message = f"{ref.versioned} does not exist; arXiv has {', '.join(meta.versions)}"
            return self._paper(meta, ref.version, "not_found", message=message)
        cited = ref.version or meta.latest
        try:
            text = self._arxiv_text(meta, cited)
        except CacheError:
            raise
        except NotFound as error:
            return self._paper(meta, cited, "not_found", message=f"{ref.id}{cited}: arXiv has no PDF ({error})")
        except PapersError as error:
            return self._paper(meta, cited, "unavailable", message=str(error))
        others, problems = {}, []
        for version in versions_to_keep(meta.versions, cited, self.earlier_versions):
            try:
                others[version] = self._arxiv_text(meta, version).passages
            except CacheError:
                raise
            except PapersError as error:
                problems.append(f"version {version} unavailable: {error}")
        note = "; ".join(problems) or None
        return self._paper(meta, cited, "resolved", text, others, note, meta.pdf_url_for(cited))

    def _paper(self, meta: PaperMetadata, version: str, status: PaperStatus, text: Extraction | None = None,
               others: dict | None = None, message: str | None = None, source: str | None = None) -> Paper:
        return Paper(
            arxiv_id=meta.arxiv_id, version=version, status=status, title=meta.title, authors=meta.authors,
            published=meta.published, updated=meta.updated, primary_category=meta.primary_category,
            abstract=meta.abstract, versions=meta.versions, pages=text.pages if text else 0,
            passages=text.passages if text else [], other_versions=others or {}, message=message, source=source,
        )

    def _metadata(self, ref: ArxivId) -> PaperMetadata | None:
        """Cached metadata when it knows the cited version; else ask the API (and cache the answer)."""
        cached = self.cache.metadata(ref.id)
        if cached and (ref.version is None or ref.version in cached.versions):
            return cached
        if ref.id in self._missing:
            return None
        meta = self._api_client().lookup(ref)
        if meta is None:
            self._missing.add(ref.id)
            return cached
        self.cache.save_metadata(meta)
        return meta

    def _from_cache_only(self, ref: ArxivId) -> Paper:
        """Offline and no local source: what the cache holds, else `unavailable`."""
        meta = self.cache.metadata(ref.id)
        where = f" in {self.local.dir}" if self.local else ""
        if meta is None or (ref.version and ref.version not in meta.versions):
            return Paper(arxiv_id=ref.id, version=ref.version, status="unavailable",
                         message=f"offline: no local source for {ref.versioned}{where} and not in the cache")
        cited = ref.version or meta.latest
        try:
            text = self._cached_text(meta.arxiv_id, cited)
        except CacheError:
            raise
        except PapersError as error:
            return self._paper(meta, cited, "unavailable", message=str(error))
        if text is None:
            return self._paper(meta, cited, "unavailable", message=f"offline: {ref.id}{cited} is not in the cache")
        others = {}
        for version in versions_to_keep(meta.versions, cited, self.earlier_versions):
            try:
                kept = self._cached_text(meta.arxiv_id, version)
            except CacheError:
                raise
            except PapersError:
                continue
            if kept is not None:
                others[version] = kept.passages
        return self._paper(meta, cited, "resolved", text, others, source=meta.pdf_url_for(cited))

    # -- text ------------------------------------------------------------------------------------------------
    def _extract(self, data: bytes, kind: str, name: str, arxiv_id: str, version: str | None) -> Extraction:
        """`extract_bytes`, in a worker process while `get_many` extracts several PDFs at once."""
        with self._guard:
            hook, self._on_extract = self._on_extract, None
        if hook is not None:  # the first extraction of this library: the caller may prepare while it runs
            hook()
        pool = self._pool
        if pool is not None and kind not in ("txt", "md"):
            return pool.extract(data, kind, name, arxiv_id, version)
        return extract_bytes(data, kind, name, arxiv_id, version)

    def _cached_text(self, arxiv_id: str, version: str) -> Extraction | None:
        """Cached passages of a version; re-extracted from the cached file when the extractor changed."""
        sha = self.cache.version_file(arxiv_id, version)
        if sha is None:
            return None
        text = self.cache.extraction(sha, extractor_version(), arxiv_id, version)
        if text is not None:
            return text
        data = self.cache.read_file(sha)
        if data is None:  # missing, truncated or corrupt: forget it so it is fetched again
            self.cache.unlink_version(arxiv_id, version)
            return None
        text = self._extract(data, "pdf", str(self.cache.file_path(sha)), arxiv_id, version)
        self.cache.save_extraction(sha, extractor_version(), text)
        return text

    def _arxiv_text(self, meta: PaperMetadata, version: str) -> Extraction:
        """Passages of one version: from the cache, else downloaded, checked, extracted and cached."""
        text = self._cached_text(meta.arxiv_id, version)
        if text is not None:
            return text
        url = meta.pdf_url_for(version)
        data = self._pdf_downloader().fetch(url)
        text = self._extract(data, "pdf", url, meta.arxiv_id, version)
        sha = self.cache.store_file(data)
        self.cache.save_extraction(sha, extractor_version(), text)
        self.cache.link_version(meta.arxiv_id, version, sha, url)
        return text

    def _local_text(self, path: Path, arxiv_id: str, version: str | None) -> Extraction:
        """Passages of a local file, cached by content hash."""
        data = self.local.read(path) if self.local else b""
        sha = sha256_of(data)
        text = self.cache.extraction(sha, extractor_version(), arxiv_id, version)
        if text is None:
            text = self._extract(data, path.suffix.lower().lstrip("."), str(path), arxiv_id, version)
            self.cache.save_extraction(sha, extractor_version(), text)
        return text

    def _from_local(self, ref: ArxivId, path: Path, version: str | None) -> Paper:
        meta = self.cache.metadata(ref.id)
        local_versions = self.local.versions(ref) if self.local else {}
        versions = sorted(set(local_versions) | set(meta.versions if meta else []), key=lambda v: int(v[1:]))
        base: dict[str, Any] = {"arxiv_id": ref.id, "version": version, "versions": versions, "source": str(path)}
        if meta:
            base.update(title=meta.title, authors=meta.authors, published=meta.published, updated=meta.updated,
                        primary_category=meta.primary_category, abstract=meta.abstract)
        try:
            text = self._local_text(path, ref.id, version)
            others = {v: self._local_text(p, ref.id, v).passages for v, p in local_versions.items() if p != path}
        except CacheError:
            raise
        except PapersError as error:
            return Paper(status="unavailable", message=str(error), **base)
        base.setdefault("title", text.title)
        return Paper(status="resolved", pages=text.pages, passages=text.passages, other_versions=others, **base)

    # -- clients, made on first use ----------------------------------------------------------------------------
    def _api_client(self) -> MetadataClient:
        with self._guard:
            if self._api is None:
                from papers.arxiv_api import MetadataClient

                self._api = MetadataClient(self.api_url, self.limits, self.cache.dir)
            return self._api

    def _pdf_downloader(self) -> PdfDownloader:
        with self._guard:
            if self._downloader is None:
                from papers.download import PdfDownloader

                backoff = min(self.limits.api_interval, self.limits.backoff)
                self._downloader = PdfDownloader(dataclasses.replace(self.limits, backoff=backoff))
            return self._downloader
