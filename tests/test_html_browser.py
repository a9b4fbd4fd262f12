"""The HTML audit opened in headless Chromium, driven over the DevTools protocol (a small websocket client below):
claim rows present, the verdict filter hides and shows rows, nothing is loaded from the network, a screenshot is taken.

Chromium comes from Debian's `chromium` and `chromium-driver` packages; the test installs them with apt-get when
they are missing (as root) and skips with the reason when that is impossible.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import time
import urllib.request
from urllib.parse import urlsplit

import pytest
from sample_audits import pipe_case, tsv_case

from verifier.render import render_audits

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
    "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--window-size=1280,900",
]


def chromium_binary() -> str:
    """Path of Chromium, installing the Debian packages when missing; skips the test with the reason otherwise."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if not shutil.which("apt-get"):
        pytest.skip("Chromium is not installed and apt-get is not available to install it")
    if os.geteuid() != 0:
        pytest.skip("Chromium is not installed and installing it with apt-get needs root")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", "chromium", "chromium-driver"]):
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
        if result.returncode != 0:
            pytest.skip(f"could not install Chromium ({' '.join(command)}): {result.stderr.strip()[-300:]}")
    found = shutil.which("chromium")
    if not found:
        pytest.skip("apt-get installed chromium but no `chromium` binary is on PATH")
    return found


class DevToolsSocket:
    """A minimal RFC 6455 websocket client (text frames, masking, fragmentation, ping) for one DevTools target."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            f"GET {parts.path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
        )
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self._recv_some()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        assert head.split(b"\r\n", 1)[0].split()[1] == b"101", head
        self.next_id = 0
        self.events: list[dict] = []

    def _recv_some(self) -> bytes:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("DevTools closed the websocket")
        return chunk

    def _read(self, count: int) -> bytes:
        while len(self.buffer) < count:
            self.buffer += self._recv_some()
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        size = len(payload)
        if size < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | size)
        elif size < 1 << 16:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, size)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, size)
        masked = bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def _receive_message(self) -> str:
        pieces = []
        while True:
            first, second = self._read(2)
            size = second & 0x7F
            if size == 126:
                size = struct.unpack("!H", self._read(2))[0]
            elif size == 127:
                size = struct.unpack("!Q", self._read(8))[0]
            payload = self._read(size)
            opcode = first & 0x0F
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode == 0x8:
                raise ConnectionError("DevTools closed the websocket")
            pieces.append(payload)
            if first & 0x80:
                return b"".join(pieces).decode("utf-8")

    def call(self, method: str, **params) -> dict:
        """Send one command and return its result (events received meanwhile are kept in `events`)."""
        self.next_id += 1
        self._send_frame(0x1, json.dumps({"id": self.next_id, "method": method, "params": params}).encode())
        while True:
            message = json.loads(self._receive_message())
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message["result"]
            self.events.append(message)

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def browser(tmp_path):
    """A headless Chromium with a fresh profile; yields the DevTools port and stops it afterwards."""
    binary = chromium_binary()
    profile = tmp_path / "profile"
    process = subprocess.Popen(
        [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 60
    while not (port_file.is_file() and port_file.read_text().strip()):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"Chromium did not start (exit {process.poll()})")
        time.sleep(0.1)
    port = int(port_file.read_text().split()[0])
    try:
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def open_page(port: int, url: str) -> DevToolsSocket:
    """Open `url` in a new tab and wait until it has loaded."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
        targets = json.load(response)
    page = next(target for target in targets if target["type"] == "page")
    tab = DevToolsSocket(page["webSocketDebuggerUrl"])
    tab.call("Network.enable")
    tab.call("Page.enable")
    tab.call("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
    tab.call("Page.navigate", url=url)
    deadline = time.monotonic() + 30
    while tab.evaluate("document.readyState") != "complete" or not tab.evaluate("location.href").startswith("file:"):
        assert time.monotonic() < deadline, "page did not load"
        time.sleep(0.05)
    return tab


VISIBLE = "Array.from(document.querySelectorAll('tr.claim')).filter(r => !r.hidden && r.offsetParent !== null).length"


def test_html_report_renders_and_filters_in_chromium(browser, tmp_path):
    audits = [tsv_case()[1], pipe_case()[1]]
    page_file = tmp_path / "audit.html"
    page_file.write_text(render_audits(audits, "html"), encoding="utf-8")
    tab = open_page(browser, page_file.as_uri())
    try:
        total = sum(len(audit.claims) for audit in audits)
        assert tab.evaluate("document.querySelectorAll('tr.claim').length") == total
        assert tab.evaluate(VISIBLE) == total
        assert tab.evaluate("document.getElementById('visible-count').textContent") == f"{total} of {total} claims shown"
        assert tab.evaluate("document.querySelector('.findings li code').textContent") == "count_mismatch"
        assert tab.evaluate("document.querySelectorAll('blockquote.evidence mark').length") > 0
        # The sample quotes carry "<b>& more</b>": escaped, so no <b> element exists in the page.
        assert tab.evaluate("document.querySelectorAll('blockquote.evidence b').length") == 0

        supported = sum(1 for audit in audits for claim in audit.claims if claim.verdict == "supported")
        tab.evaluate("document.querySelector('input.verdict-filter[value=supported]').click()")
        assert tab.evaluate(VISIBLE) == total - supported
        assert tab.evaluate(
            "Array.from(document.querySelectorAll('tr.claim')).filter(r => !r.hidden)"
            ".every(r => r.dataset.verdict !== 'supported')"
        )
        tab.evaluate("document.getElementById('show-none').click()")
        assert tab.evaluate(VISIBLE) == 0
        tab.evaluate("document.querySelector('input.verdict-filter[value=contradicted]').click()")
        contradicted = sum(1 for audit in audits for claim in audit.claims if claim.verdict == "contradicted")
        assert tab.evaluate(VISIBLE) == contradicted == 2
        tab.evaluate("document.getElementById('show-all').click()")
        tab.evaluate("document.getElementById('only-disagreements').click()")
        disagreeing = sum(1 for audit in audits for claim in audit.claims if claim.agrees_with_report is False)
        assert tab.evaluate(VISIBLE) == disagreeing

        tab.evaluate("document.getElementById('only-disagreements').click()")
        shot = base64.b64decode(tab.call("Page.captureScreenshot", format="png")["data"])
        screenshot = tmp_path / "audit.png"
        screenshot.write_bytes(shot)
        assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 10_000

        requested = [e["params"]["request"]["url"] for e in tab.events if e.get("method") == "Network.requestWillBeSent"]
        assert requested and all(url.startswith("file:") for url in requested), requested
    finally:
        tab.close()


def test_verdict_filter_from_url_hash(browser, tmp_path):
    audit = tsv_case()[1]
    page_file = tmp_path / "one.html"
    page_file.write_text(render_audits([audit], "html"), encoding="utf-8")
    tab = open_page(browser, page_file.as_uri() + "#verdict=contradicted,unsupported")
    try:
        assert tab.evaluate(VISIBLE) == 2
        assert sorted(tab.evaluate(
            "Array.from(document.querySelectorAll('tr.claim')).filter(r => !r.hidden).map(r => r.dataset.verdict)"
        )) == ["contradicted", "unsupported"]
    finally:
        tab.close()
