"""A static host over a slow link, for live mode's benchmark (``benchmarks/live_link.py``).

It serves a folder as GitHub Pages does (what matters for speed): gzip for text,
JavaScript, JSON and WebAssembly when the browser accepts it (compressed once, before any
timing), ``Cache-Control: max-age=600`` with an ``ETag`` (a ``304`` to a matching
``If-None-Match``), ``application/wasm`` for ``.wasm``. Shaped, every response waits
``latency`` seconds (one round trip per request) and all responses share one link of
``rate`` bytes per second (a token bucket with no burst: the bytes of all responses queue
on one clock), sent in 16 kB pieces so that parallel responses interleave. It counts the
bytes it sends (headers and bodies). It speaks HTTP/1.1, so a browser opens at most 6
connections to it; GitHub Pages speaks HTTP/2, where requests do not wait for a connection.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import http.server
import mimetypes
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

GZIP_TYPES = ("text/", "application/javascript", "application/json", "application/wasm", "image/svg+xml")
MAX_AGE = 600
PIECE = 16 * 1024


def content_type(path: Path) -> str:
    if path.suffix == ".wasm":
        return "application/wasm"
    if path.suffix in {".js", ".mjs"}:
        return "application/javascript"
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class Link:
    """One shared link: ``rate`` bytes per second for everything sent through it."""

    def __init__(self, rate: float | None) -> None:
        self.rate = rate
        self.free_at = 0.0
        self.lock = threading.Lock()

    def wait_for(self, size: int) -> None:
        """Block until ``size`` more bytes have crossed the link (after those queued before them)."""
        if not self.rate:
            return
        with self.lock:
            start = max(time.perf_counter(), self.free_at)
            self.free_at = start + size / self.rate
            done = self.free_at
        time.sleep(max(0.0, done - time.perf_counter()))


class Site:
    """The folder served, its precomputed gzip bodies and ETags, the link, and the byte count."""

    def __init__(self, root: Path, rate: float | None, latency: float) -> None:
        self.root, self.link, self.latency = root, Link(rate), latency
        self.age = 0  # seconds reported in an Age header: > MAX_AGE makes every cached copy stale
        self.sent = 0
        self.requests = 0
        self.log: list[tuple[str, int, int]] = []  # (path, status, bytes sent) since the last reset
        self.count_lock = threading.Lock()
        self.files: dict[str, tuple[Path, str, bytes | None]] = {}

    def entry(self, path: Path) -> tuple[str, bytes | None]:
        """The ETag of ``path`` and its gzip body (None when not compressed), computed once."""
        key = str(path)
        stat = path.stat()
        cached = self.files.get(key)
        if cached is None or cached[0] != (stat.st_mtime_ns, stat.st_size):
            data = path.read_bytes()
            etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
            compressed = gzip.compress(data, 6, mtime=0) if content_type(path).startswith(GZIP_TYPES) else None
            self.files[key] = cached = ((stat.st_mtime_ns, stat.st_size), etag, compressed)
        return cached[1], cached[2]

    def precompress(self) -> None:
        for path in self.root.rglob("*"):
            if path.is_file():
                self.entry(path.resolve())

    def count(self, size: int) -> None:
        with self.count_lock:
            self.sent += size

    def reset(self) -> tuple[int, int, list[tuple[str, int, int]]]:
        """The bytes, requests and responses since the last reset."""
        with self.count_lock:
            counted = (self.sent, self.requests, self.log)
            self.sent = self.requests = 0
            self.log = []
        return counted


def handler_for(site: Site) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(site.root), **kwargs)

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            with site.count_lock:
                site.requests += 1
            if site.latency:
                time.sleep(site.latency)
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                return self.reply(404, {}, b"not found")
            path = path.resolve()
            etag, compressed = site.entry(path)
            headers = {"Cache-Control": f"max-age={MAX_AGE}", "ETag": etag, "Vary": "Accept-Encoding"}
            if site.age:
                headers["Age"] = str(site.age)
            if self.headers.get("If-None-Match") == etag:
                return self.reply(304, headers, b"")
            body = path.read_bytes()
            if compressed is not None and "gzip" in self.headers.get("Accept-Encoding", ""):
                body, headers["Content-Encoding"] = compressed, "gzip"
            headers["Content-Type"] = content_type(path)
            self.reply(200, headers, body)

        def reply(self, status: int, headers: dict[str, str], body: bytes) -> None:
            head = [f"{self.protocol_version} {status} {self.responses[status][0]}"]
            head += [f"{key}: {value}" for key, value in {**headers, "Content-Length": str(len(body))}.items()]
            data = ("\r\n".join(head) + "\r\n\r\n").encode() + body
            try:
                for start in range(0, len(data), PIECE):
                    piece = data[start : start + PIECE]
                    site.link.wait_for(len(piece))
                    self.wfile.write(piece)
                    site.count(len(piece))
                self.wfile.flush()
                with site.count_lock:
                    site.log.append((self.path, status, len(data)))
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

    return Handler


class Server:
    def __init__(self, site: Site, httpd: http.server.ThreadingHTTPServer) -> None:
        self.site, self.httpd = site, httpd
        self.url = f"http://127.0.0.1:{httpd.server_address[1]}"


@contextlib.contextmanager
def serve(root: Path, shaped: bool, rate_mbit: float = 25.0, latency_ms: float = 40.0) -> Iterator[Server]:
    """Serve ``root`` on 127.0.0.1 (a free port); shaped: over the link described above."""
    site = Site(root.resolve(), rate_mbit * 1e6 / 8 if shaped else None, latency_ms / 1000 if shaped else 0.0)
    site.precompress()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_for(site))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(site, httpd)
    finally:
        httpd.shutdown()
        httpd.server_close()


if __name__ == "__main__":  # serve the built book over the link by hand: python benchmarks/shaped_server.py
    with serve(Path(__file__).resolve().parent.parent / "_build" / "html", shaped=True) as server:
        print(f"{server.url} (25 Mbit/s, 40 ms per request); Ctrl+C to stop", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    os._exit(0)
