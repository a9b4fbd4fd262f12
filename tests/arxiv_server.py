"""A local stand-in for arXiv on 127.0.0.1: the API's Atom feeds and PDF downloads, with scripted failures.

Use the fixture in a test module::

    from tests.arxiv_server import arxiv_server  # noqa: F401  (pytest fixture)

    def test_x(arxiv_server, tmp_path):
        arxiv_server.add_paper("2005.13013", [pdf_v1_bytes, pdf_v2_bytes], title="...")
        with Library(tmp_path, api_url=arxiv_server.api_url, delay_seconds=0, timeout=2) as lib: ...

Failure scripts: `api_statuses` (HTTP statuses for the next API calls, e.g. [503, 503]; a 429 carries
`api_retry_after` as its Retry-After), `api_stall` (seconds to wait before answering), `api_malformed` (answer
with broken XML), `api_padding` (bytes of XML comment added to every feed), `api_drip` (send feeds at
`drip_rate` bytes per second), and `pdf_behaviour[versioned id]`,
a list consumed one per download (then "ok") of: "truncate", "stall", "404", "429" or "429:SECONDS" (with
Retry-After), "drip" (the PDF at `drip_rate` bytes per second), "endless" (PDF-looking bytes with no
Content-Length, sent until the client hangs up or `endless_bytes` are sent), "gzip-bomb" (64 MiB of zeros sent gzip-encoded in 64 KiB).
`sent_bytes` counts the body bytes each PDF request got.
"""

from __future__ import annotations

import html
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

FEED_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <link href="http://arxiv.org/api/query?{query}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: {query}</title>
  <id>http://arxiv.org/api/local</id>
  <updated>2024-01-01T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{per_page}</opensearch:itemsPerPage>
"""

ENTRY = """  <entry>
    <id>http://arxiv.org/abs/{vid}</id>
    <updated>{updated}T12:00:00Z</updated>
    <published>{published}T12:00:00Z</published>
    <title>{title}</title>
    <summary>{abstract}</summary>
{authors}    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">12 pages</arxiv:comment>
    <link href="http://arxiv.org/abs/{vid}" rel="alternate" type="text/html"/>
    <link title="pdf" href="{base}/pdf/{vid}" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="{category}" scheme="http://arxiv.org/schemas/atom"/>
    <category term="{category}" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
"""


@dataclass
class FakePaper:
    """A paper the server knows: one PDF per version (v1 first)."""

    arxiv_id: str
    pdfs: list[bytes]
    title: str = "A Test Paper"
    authors: list[str] = field(default_factory=lambda: ["Ada Lovelace", "Alan Turing"])
    abstract: str = "We test things."
    category: str = "cs.CL"
    published: str = "2020-05-26"
    updated: str = "2020-10-06"


class FakeArxiv:
    """The server's state and scripts; `requests` records every path asked for, `api_times` when."""

    def __init__(self):
        self.papers: dict[str, FakePaper] = {}
        self.requests: list[str] = []
        self.api_times: list[float] = []  # time.time() of each API request (comparable across processes)
        self.request_times: list[float] = []  # time.time() of every request, parallel to `requests`
        self.api_statuses: list[int] = []
        self.api_retry_after: str | None = None
        self.api_stall = 0.0
        self.api_malformed = False
        self.api_padding = 0
        self.api_drip = False
        self.endless_bytes = 2**30
        self.drip_rate = 64
        self.sent_bytes: list[int] = []
        self.pdf_behaviour: dict[str, list[str]] = {}
        self.stop_event = threading.Event()
        self.server: ThreadingHTTPServer | None = None
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/query"

    def add_paper(self, arxiv_id: str, pdfs: list[bytes], **meta) -> FakePaper:
        paper = FakePaper(arxiv_id, pdfs, **meta)
        self.papers[arxiv_id] = paper
        return paper

    def api_calls(self) -> int:
        return sum(1 for path in self.requests if path.startswith("/api/"))

    def pdf_calls(self, versioned: str | None = None) -> int:
        return sum(1 for path in self.requests if path.startswith("/pdf/") and (versioned is None or path == f"/pdf/{versioned}"))

    # -- responses -----------------------------------------------------------------------------------------------
    def feed(self, query: str, id_list: list[str]) -> bytes:
        entries = []
        for wanted in id_list:
            bare, version = split_version(wanted)
            paper = self.papers.get(bare)
            if paper is None or (version and version > len(paper.pdfs)):
                continue
            vid = f"{bare}v{version or len(paper.pdfs)}"
            authors = "".join(f"    <author>\n      <name>{html.escape(a)}</name>\n    </author>\n" for a in paper.authors)
            entries.append(ENTRY.format(vid=vid, updated=paper.updated, published=paper.published,
                                        title=html.escape(paper.title), abstract=html.escape(paper.abstract),
                                        authors=authors, base=self.base, category=paper.category))
        head = FEED_HEAD.format(query=html.escape(query), total=len(entries), per_page=len(entries))
        return (head + "".join(entries) + "</feed>\n").encode()

    def start(self) -> FakeArxiv:
        state = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                with state.lock:
                    state.requests.append(self.path.split("?")[0])
                    state.request_times.append(time.time())
                    if self.path.startswith("/api/"):
                        state.api_times.append(time.time())
                parsed = urlparse(self.path)
                if parsed.path == "/api/query":
                    state.answer_api(self, parsed.query)
                elif parsed.path.startswith("/pdf/"):
                    state.answer_pdf(self, parsed.path[len("/pdf/"):])
                else:
                    send(self, 404, b"not here", "text/plain")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop serving (idempotent); stalled handlers are released."""
        if self.stop_event.is_set():
            return
        self.stop_event.set()
        self.server.shutdown()
        self.server.server_close()

    def stall(self, seconds: float) -> None:
        self.stop_event.wait(seconds)

    def answer_api(self, handler: BaseHTTPRequestHandler, query: str) -> None:
        with self.lock:
            status = self.api_statuses.pop(0) if self.api_statuses else 200
        if self.api_stall:
            self.stall(self.api_stall)
        if status == 429:
            headers = {"Retry-After": self.api_retry_after} if self.api_retry_after is not None else {}
            send(handler, 429, b"Rate exceeded.", "text/plain", headers)
        elif status != 200:
            send(handler, status, b"Service Unavailable", "text/plain")
        elif self.api_malformed:
            send(handler, 200, b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv', "application/atom+xml")
        else:
            ids = [i for i in parse_qs(query).get("id_list", [""])[0].split(",") if i]
            feed = self.feed(query, ids)
            if self.api_padding:
                feed = feed.replace(b"</feed>", b"<!--" + b"x" * self.api_padding + b"--></feed>")
            if self.api_drip:
                self.drip(handler, feed, "application/atom+xml")
            else:
                send(handler, 200, feed, "application/atom+xml")

    def answer_pdf(self, handler: BaseHTTPRequestHandler, vid: str) -> None:
        bare, version = split_version(vid)
        paper = self.papers.get(bare)
        if paper is None or not version or version > len(paper.pdfs):
            send(handler, 404, b"no such paper", "text/plain")
            return
        with self.lock:
            script = self.pdf_behaviour.get(vid, [])
            behaviour = script.pop(0) if script else "ok"
        data = paper.pdfs[version - 1]
        if behaviour == "404":
            send(handler, 404, b"gone", "text/plain")
        elif behaviour.startswith("429"):
            _, _, seconds = behaviour.partition(":")
            send(handler, 429, b"slow down", "text/plain", {"Retry-After": seconds} if seconds else {})
        elif behaviour == "drip":
            self.drip(handler, data)
        elif behaviour == "endless":
            self.endless(handler)
        elif behaviour == "gzip-bomb":
            send(handler, 200, gzip_of_zeros(64 * 2**20), "application/pdf", {"Content-Encoding": "gzip"})
        elif behaviour == "stall":
            self.stall(30)
        elif behaviour == "truncate":
            handler.send_response(200)
            handler.send_header("Content-Type", "application/pdf")
            handler.send_header("Content-Length", str(len(data)))
            handler.send_header("Connection", "close")
            handler.end_headers()
            handler.wfile.write(data[: len(data) // 2])
            handler.wfile.flush()
            handler.close_connection = True
        else:
            send(handler, 200, data, "application/pdf")


    def drip(self, handler: BaseHTTPRequestHandler, data: bytes, content_type: str = "application/pdf") -> None:
        """`data` at `drip_rate` bytes per second, in 8 pieces a second, until done or the client hangs up."""
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        piece, sent = max(1, self.drip_rate // 8), 0
        try:
            while sent < len(data) and not self.stop_event.is_set():
                handler.wfile.write(data[sent:sent + piece])
                handler.wfile.flush()
                sent += piece
                self.stall(1 / 8)
        except OSError:
            pass
        finally:
            with self.lock:
                self.sent_bytes.append(sent)
        handler.close_connection = True

    def endless(self, handler: BaseHTTPRequestHandler) -> None:
        """A body that never ends (no Content-Length; at most `endless_bytes`), as fast as the client takes it."""
        handler.send_response(200)
        handler.send_header("Content-Type", "application/pdf")
        handler.send_header("Connection", "close")
        handler.end_headers()
        block, sent = b"%PDF-1.4\n" + b"0" * (65536 - 9), 0
        try:
            while sent < self.endless_bytes and not self.stop_event.is_set():
                handler.wfile.write(block)
                sent += len(block)
        except OSError:
            pass
        finally:
            with self.lock:
                self.sent_bytes.append(sent)
        handler.close_connection = True


def gzip_of_zeros(size: int) -> bytes:
    """`size` zero bytes, gzip-compressed (about a thousandth of the size)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(2**20)
    return b"".join(packer.compress(block) for _ in range(size // len(block))) + packer.flush()


def split_version(vid: str) -> tuple[str, int | None]:
    """("2005.13013", 2) from "2005.13013v2"; version None when absent."""
    head, sep, tail = vid.rpartition("v")
    if sep and tail.isdigit() and head and head[-1].isdigit():
        return head, int(tail)
    return vid, None


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str,
         headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


@pytest.fixture
def arxiv_server():
    """A running FakeArxiv on 127.0.0.1 (a fresh one per test)."""
    server = FakeArxiv().start()
    try:
        yield server
    finally:
        server.stop()

