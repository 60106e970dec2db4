"""A small fake OpenAI-compatible model server on 127.0.0.1 for the server backend's tests (no model needed).

It answers ``GET /v1/models`` and ``POST /v1/chat/completions`` (streamed as ``data:`` lines with chunked transfer
encoding and ``data: [DONE]``, or as one JSON answer), and, when asked to, the vendor endpoints the backend reads:
llama-server's ``/props``, ``/apply-template`` and ``/tokenize``, vLLM's ``/tokenize``, llama-cpp-python's
``/extras/tokenize/count``, Ollama's ``/api/ps`` and ``/api/show``, LM Studio's ``/api/v1/models``.

What it does wrong is set on ``server.faults`` (a :class:`Faults`) between requests. Every request is recorded in
``server.requests``; ``server.disconnected`` is set when a client closes a stream before its end. Every loop is
bounded: a stream has at most ``len(reply words)`` pieces, a stall lasts at most ``stall_s`` seconds.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_REPLY = "Situation: Kunderne ventede 14 dage.\nOpgave: Jeg skulle korte ventetiden.\nHandling: Jeg lavede en " \
                "ny vagtplan.\nResultat: Nu venter de 9 dage."


@dataclass
class Faults:
    #: answer /v1/chat/completions with this status and ``error_body``
    status: int | None = None
    error_body: dict = field(default_factory=lambda: {"error": {"message": "boom", "type": "server_error"}})
    #: status for GET /v1/models
    models_status: int | None = None
    #: send this line instead of a JSON chunk (after ``malformed_after`` good pieces)
    malformed: str | None = None
    malformed_after: int = 1
    #: close the connection after this many pieces, without [DONE] (chunked body left unfinished)
    cut_after: int | None = None
    #: seconds before the first byte of the answer, and between pieces
    first_delay: float = 0.0
    delay: float = 0.0
    #: stop sending after this many pieces for up to ``stall_s`` seconds, then close
    stall_after: int | None = None
    stall_s: float = 0.0
    #: answer with one JSON object, ignoring stream=true
    json_answer: bool = False
    #: reject requests that carry fields beyond the standard OpenAI ones (400, naming the field)
    strict: bool = False
    #: answer with a redirect to this URL
    redirect: str | None = None
    #: an error object inside the stream after the first piece
    error_in_stream: dict | None = None


@dataclass
class Request:
    method: str
    path: str
    headers: dict
    body: object


STANDARD = {"model", "messages", "stream", "max_tokens", "temperature", "top_p", "stop", "seed", "n", "user"}


class FakeOpenAI:
    def __init__(self, *, models: list[dict] | None = None, reply: str = DEFAULT_REPLY, api_key: str | None = None,
                 props: dict | None = None, tokenize: str | None = None, context: int | None = None,
                 ollama_ps: list[dict] | None = None, ollama_show: dict | None = None,
                 lmstudio: list[dict] | None = None) -> None:
        self.models = models if models is not None else [{"id": "fake-model", "object": "model"}]
        self.reply = reply
        self.api_key = api_key
        self.props = props
        self.tokenize = tokenize  # "vllm", "llama-server", "extras" or None
        self.context = context  # overflow check on the server side (OpenAI's wording in the 400)
        self.ollama_ps = ollama_ps
        self.ollama_show = ollama_show
        self.lmstudio = lmstudio
        self.faults = Faults()
        self.requests: list[Request] = []
        self.disconnected = threading.Event()
        self.pieces_sent = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def chats(self) -> list[Request]:
        return [r for r in self.requests if r.path == "/v1/chat/completions"]

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @staticmethod
    def words(text: str) -> int:
        return len(text.split())

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def _send_json(self, status: int, obj: object, headers: dict | None = None) -> None:
                data = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Connection", "close")
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)
                self.close_connection = True

            def _body(self) -> object:
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n) if n else b""
                try:
                    return json.loads(raw) if raw else None
                except ValueError:
                    return raw.decode("utf-8", "replace")

            def _authorised(self) -> bool:
                if fake.api_key and self.headers.get("Authorization") != f"Bearer {fake.api_key}":
                    self._send_json(401, {"error": {"message": "Invalid API key", "type": "auth"}})
                    return False
                return True

            def do_GET(self) -> None:
                fake.requests.append(Request("GET", self.path, dict(self.headers), None))
                if not self._authorised():
                    return
                if self.path == "/v1/models":
                    if fake.faults.models_status:
                        self._send_json(fake.faults.models_status, {"error": {"message": "nope"}})
                    else:
                        self._send_json(200, {"object": "list", "data": fake.models})
                elif self.path == "/props" and fake.props is not None:
                    self._send_json(200, fake.props)
                elif self.path == "/api/ps" and fake.ollama_ps is not None:
                    self._send_json(200, {"models": fake.ollama_ps})
                elif self.path == "/api/v1/models" and fake.lmstudio is not None:
                    self._send_json(200, {"models": fake.lmstudio})
                else:
                    self._send_json(404, {"detail": "Not Found"})

            def do_POST(self) -> None:
                body = self._body()
                fake.requests.append(Request("POST", self.path, dict(self.headers), body))
                if not self._authorised():
                    return
                kind = fake.tokenize
                if self.path == "/v1/chat/completions":
                    return self._chat(body if isinstance(body, dict) else {})
                if self.path == "/tokenize" and kind == "vllm" and "messages" in body:
                    n = sum(fake.words(m["content"]) + 4 for m in body["messages"]) + 3
                    return self._send_json(200, {"count": n, "max_model_len": fake.context or 8192, "tokens": []})
                if self.path == "/apply-template" and kind == "llama-server":
                    prompt = "".join(f"<|{m['role']}|>{m['content']}" for m in body["messages"]) + "<|assistant|>"
                    return self._send_json(200, {"prompt": prompt})
                if self.path == "/tokenize" and kind == "llama-server":  # like llama-server: no content, no tokens
                    n = fake.words(body.get("content", "").replace("<|", " <|").replace("|>", "|> "))
                    return self._send_json(200, {"tokens": list(range(n))})
                if self.path == "/extras/tokenize/count" and kind == "extras":
                    return self._send_json(200, {"count": fake.words(body["input"])})
                if self.path == "/api/show" and fake.ollama_show is not None:
                    return self._send_json(200, fake.ollama_show)
                self._send_json(404, {"detail": "Not Found"})

            def _chat(self, body: dict) -> None:
                f = fake.faults
                if f.redirect:
                    return self._send_json(307, {}, headers={"Location": f.redirect})
                if f.status:
                    return self._send_json(f.status, f.error_body)
                if f.strict and (extra := sorted(set(body) - STANDARD)):
                    return self._send_json(400, {"error": {"message": f"Unrecognized request argument: {extra[0]}"}})
                if fake.context:
                    used = sum(fake.words(m["content"]) for m in body.get("messages", []))
                    want = int(body.get("max_tokens") or 0)
                    if used + want > fake.context:
                        message = (f"This model's maximum context length is {fake.context} tokens. However, you "
                                   f"requested {used + want} tokens ({used} in the messages, {want} in the completion).")
                        return self._send_json(400, {"error": {"message": message, "code": "context_length_exceeded"}})
                if f.first_delay:
                    time.sleep(f.first_delay)
                reply = fake.reply
                if not body.get("stream") or f.json_answer:
                    return self._send_json(200, {"choices": [{"index": 0, "finish_reason": "stop",
                                                              "message": {"role": "assistant", "content": reply}}]})
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                words = reply.split(" ")
                try:
                    self._event({"choices": [{"index": 0, "delta": {"role": "assistant"}, "finish_reason": None}]})
                    for i, word in enumerate(words[: int(body.get("max_tokens") or len(words))]):
                        if f.cut_after is not None and i >= f.cut_after:
                            return  # no terminating chunk: the body is cut off
                        if f.malformed is not None and i >= f.malformed_after:
                            self._chunk((f.malformed + "\n\n").encode())
                            return self._chunk(b"")
                        if f.error_in_stream is not None and i >= 1:
                            self._event(f.error_in_stream)
                            return self._chunk(b"")
                        if f.stall_after is not None and i >= f.stall_after:
                            time.sleep(min(f.stall_s, 10.0))
                            return
                        if f.delay:
                            time.sleep(f.delay)
                        self._event({"choices": [{"index": 0, "delta": {"content": word if i == 0 else " " + word},
                                                  "finish_reason": None}]})
                        fake.pieces_sent += 1
                    self._event({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
                    self._event({"choices": [], "usage": {"prompt_tokens": 42, "completion_tokens": len(words)}})
                    self._chunk(b"data: [DONE]\n\n")
                    self._chunk(b"")
                except (BrokenPipeError, ConnectionResetError):
                    fake.disconnected.set()

            def _event(self, obj: dict) -> None:
                self._chunk(b"data: " + json.dumps(obj).encode() + b"\n\n")

            def _chunk(self, data: bytes) -> None:
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

        return Handler
