"""A small fake Hugging Face Hub on 127.0.0.1 for download tests (no network needed).

It serves ``HEAD`` and ``GET`` (with ``Range``) for ``/{repo_id}/resolve/{revision}/{filename}`` with the headers
huggingface_hub's ``get_hf_file_metadata`` and ``http_get`` read:

- ``X-Repo-Commit`` (required, else FileMetadataError), ``X-Linked-Etag`` / ``ETag`` (required; the sha256, as for
  LFS files on the real Hub), ``X-Linked-Size`` and ``Content-Length`` (the size), ``Accept-Ranges: bytes``;
- a ranged GET answers 206 with ``Content-Range: bytes a-b/size``;
- errors carry ``X-Error-Code`` (``RepoNotFound``, ``EntryNotFound``, ``GatedRepo``), which ``hf_raise_for_status``
  maps to RepositoryNotFoundError, RemoteEntryNotFoundError and GatedRepoError.

No Xet headers are ever sent, so the client always takes the plain HTTP path.

Fault knobs live in ``hub.faults`` (a :class:`Faults`) and can be changed between downloads; the hub records every
request in ``hub.requests`` so tests can assert what the client actually did.
"""

from __future__ import annotations

import hashlib
import random
import re
import socket
import struct
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

DEFAULT_REPO = "fake-org/tiny-GGUF"
DEFAULT_FILENAME = "tiny-q4_k_m.gguf"
DEFAULT_REVISION = "0123456789abcdef0123456789abcdef01234567"


def make_gguf(size: int = 2 * 1024 * 1024, *, seed: int = 1234) -> bytes:
    """A fake GGUF file: magic ``GGUF``, version 3, then deterministic random bytes (passes gguf.check_header)."""
    head = b"GGUF" + struct.pack("<I", 3)
    return head + random.Random(seed).randbytes(size - len(head))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Faults:
    """What the fake hub does wrong. All off by default."""

    #: Cut the GET body at this absolute byte offset (the response still announces the full length).
    drop_at: int | None = None
    #: How many GET responses are cut at ``drop_at``; None = every one.
    drop_times: int | None = 1
    #: Cut with a TCP reset (SO_LINGER 0) instead of a clean close.
    drop_with_reset: bool = False
    #: Serve different bytes of the same size (GGUF header kept, so only a checksum catches it).
    wrong_bytes: bool = False
    #: Answer every GET with 200 and the whole file, ignoring ``Range``.
    ignore_range: bool = False
    #: Answer HEAD and GET with this status: 404 (RepoNotFound), 401/403 (GatedRepo), 500/503 (plain error).
    status: int | None = None
    #: Send the body in ``trickle_chunk`` pieces with this many seconds between them.
    trickle_delay: float = 0.0
    trickle_chunk: int = 16 * 1024
    #: After ``stall_at`` bytes (absolute offset), send nothing more until the client gives up.
    stall_at: int | None = None


@dataclass
class Request:
    method: str
    path: str
    range: str | None
    status: int
    sent: int = 0  # body bytes written
    dropped: bool = False


@dataclass
class _File:
    content: bytes
    revision: str


class FakeHub:
    """Threaded fake hub. Use as a context manager; ``endpoint`` is ``http://127.0.0.1:<port>``."""

    def __init__(self) -> None:
        self.files: dict[tuple[str, str], _File] = {}
        self.faults = Faults()
        self.requests: list[Request] = []
        self._drops_done = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- content -----------------------------------------------------------------------------------------------
    def add_file(
        self,
        content: bytes,
        *,
        repo_id: str = DEFAULT_REPO,
        filename: str = DEFAULT_FILENAME,
        revision: str = DEFAULT_REVISION,
    ) -> None:
        self.files[(repo_id, filename)] = _File(content, revision)

    def reset(self, faults: Faults | None = None) -> None:
        with self._lock:
            self.faults = faults or Faults()
            self.requests.clear()
            self._drops_done = 0

    def gets(self) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.method == "GET"]

    # -- lifecycle ---------------------------------------------------------------------------------------------
    @property
    def endpoint(self) -> str:
        assert self._server is not None, "FakeHub is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakeHub":
        hub = self

        class Handler(_Handler):
            fake = hub

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.block_on_close = False  # never wait for a trickling handler on stop
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> "FakeHub":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- used by the handler -------------------------------------------------------------------------------------
    def _take_drop(self) -> bool:
        with self._lock:
            f = self.faults
            if f.drop_at is None:
                return False
            if f.drop_times is not None and self._drops_done >= f.drop_times:
                return False
            self._drops_done += 1
            return True

    def _record(self, req: Request) -> Request:
        with self._lock:
            self.requests.append(req)
        return req


_RESOLVE = re.compile(r"^/(?P<repo>[^/]+/[^/]+)/resolve/(?P<rev>[^/]+)/(?P<file>.+)$")
_RANGE = re.compile(r"^bytes=(\d+)-(\d*)$")


class _Handler(BaseHTTPRequestHandler):
    fake: FakeHub
    protocol_version = "HTTP/1.1"
    timeout = 30  # socket timeout so a stuck client never pins a server thread forever

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    # -- helpers ---------------------------------------------------------------------------------------------
    def _error(self, status: int, code: str | None, message: str, commit: str | None = None) -> None:
        body = message.encode()
        self.send_response(status)
        if code:
            self.send_header("X-Error-Code", code)
        self.send_header("X-Error-Message", message)
        if commit:
            self.send_header("X-Repo-Commit", commit)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.close_connection = True

    def _lookup(self) -> tuple[_File, bytes] | None:
        """Resolve the path and apply status faults; answer errors itself and return None."""
        match = _RESOLVE.match(unquote(urlsplit(self.path).path))
        faults = self.fake.faults
        if faults.status is not None:
            status = faults.status
            if status == 404:
                self._error(404, "RepoNotFound", "Repository not found")
            elif status in (401, 403):
                self._error(status, "GatedRepo", "Access to this model is restricted. You must accept the conditions.")
            else:
                self._error(status, None, "Internal Error - We're working hard to fix this as soon as possible!")
            return None
        if match is None:
            self._error(404, None, "Not found")
            return None
        repo, rev, name = match["repo"], match["rev"], match["file"]
        if not any(r == repo for r, _ in self.fake.files):
            self._error(404, "RepoNotFound", "Repository not found")
            return None
        entry = self.fake.files.get((repo, name))
        if entry is None:
            commit = next(f.revision for (r, _), f in self.fake.files.items() if r == repo)
            self._error(404, "EntryNotFound", "Entry not found", commit=commit)
            return None
        if rev not in (entry.revision, "main"):
            self._error(404, "RevisionNotFound", "Invalid rev id")
            return None
        content = entry.content
        if faults.wrong_bytes:
            flipped = bytes(b ^ 0x5A for b in content[8:])
            content = content[:8] + flipped
        return entry, content

    def _metadata_headers(self, entry: _File) -> None:
        etag = sha256(entry.content)  # the real sha, even when the bytes served are wrong (as a broken CDN would)
        self.send_header("X-Repo-Commit", entry.revision)
        self.send_header("ETag", f'"{etag}"')
        self.send_header("X-Linked-Etag", f'"{etag}"')
        self.send_header("X-Linked-Size", str(len(entry.content)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Type", "application/octet-stream")

    # -- verbs -----------------------------------------------------------------------------------------------
    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        req = self.fake._record(Request("HEAD", self.path, self.headers.get("Range"), 0))
        found = self._lookup()
        if found is None:
            req.status = -1
            return
        entry, _ = found
        req.status = 200
        self.send_response(200)
        self._metadata_headers(entry)
        self.send_header("Content-Length", str(len(entry.content)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        req = self.fake._record(Request("GET", self.path, self.headers.get("Range"), 0))
        found = self._lookup()
        if found is None:
            req.status = -1
            return
        entry, content = found
        faults = self.fake.faults
        size = len(content)
        start = 0
        match = _RANGE.match(req.range or "")
        if match and not faults.ignore_range:
            start = int(match[1])
            end = int(match[2]) if match[2] else size - 1
            if start >= size:
                self._error(416, None, "Range Not Satisfiable")
                return
            end = min(end, size - 1)
            req.status = 206
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            body = content[start : end + 1]
        else:
            req.status = 200
            self.send_response(200)
            body = content
        self._metadata_headers(entry)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

        limit = len(body)
        dropping = False
        if faults.drop_at is not None and start + len(body) > faults.drop_at:
            dropping = self.fake._take_drop()
            if dropping:
                limit = max(0, faults.drop_at - start)
        stalling = faults.stall_at is not None and start + len(body) > faults.stall_at
        if stalling:
            limit = min(limit, max(0, faults.stall_at - start))

        try:
            self._send(body[:limit], faults, req)
            if stalling and not dropping:
                # Keep the connection open and silent until the client times out and hangs up (or we stop).
                self.connection.settimeout(0.1)
                while not self.fake._stopping.is_set():
                    try:
                        if self.connection.recv(1) == b"":
                            break
                    except socket.timeout:
                        continue
                    except OSError:
                        break
                return
            if dropping:
                req.dropped = True
                self.wfile.flush()
                if faults.drop_with_reset:
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                else:
                    self.connection.shutdown(socket.SHUT_RDWR)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, OSError):
            pass  # the client went away (cancel, timeout): nothing to do

    def _send(self, data: bytes, faults: Faults, req: Request) -> None:
        if faults.trickle_delay <= 0:
            self.wfile.write(data)
            req.sent += len(data)
            return
        step = max(1, faults.trickle_chunk)
        for i in range(0, len(data), step):
            if self.fake._stopping.is_set():
                return
            piece = data[i : i + step]
            self.wfile.write(piece)
            self.wfile.flush()
            req.sent += len(piece)
            time.sleep(faults.trickle_delay)


__all__ = [
    "DEFAULT_FILENAME",
    "DEFAULT_REPO",
    "DEFAULT_REVISION",
    "FakeHub",
    "Faults",
    "Request",
    "make_gguf",
    "sha256",
]
