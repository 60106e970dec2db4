"""HTTP to an OpenAI-compatible model server, for ``openai_server.ServerBackend``: one client, what the server
tells about itself (context length, token counts; each server has its own endpoints), and every failure in Danish.

- No proxy or .netrc from the environment (``trust_env=False``) and no redirects followed: a request goes to the
  host the user chose and nowhere else. The API key only travels in the Authorization header; it is never logged
  and never part of a message.
- A connection that fails (refused, timed out) makes the calls of the next few seconds fail at once with the same
  message, so the pipeline's retries do not wait for a dead server three times.
"""

from __future__ import annotations

import json
import re
import time

import httpx

from coach.backend.base import Message
from coach.errors import CoachError, InputTooLong, ModelError
from coach.models.registry import API_KEY_ENV, Server

DEFAULT_CONTEXT = 4096
OLLAMA_DEFAULT_CONTEXT = 4096  # Ollama's window unless its operator configured another (it does not say)
CHARS_PER_TOKEN = 2.0  # Danish prose is 3-4 characters per token on common tokenizers: 2 errs on the safe side
MESSAGE_OVERHEAD = 8  # role markup per message, generously
CONNECT_TIMEOUT = 5.0
PROBE_TIMEOUT = 10.0
DOWN_FOR_S = 5.0
_OVERFLOW = re.compile(r"maximum context length is (\d+) tokens.*?\((\d+) in the messages, (\d+) in the completion",
                       re.DOTALL)
_CHECK_ADDRESS = "Tjek adressen: den slutter normalt på /v1."


class ServerHTTP:
    def __init__(self, server: Server, *, api_key: str | None, timeout: float) -> None:
        self.server = server
        self.timeout = timeout
        self._api_key = api_key
        self._client: httpx.Client | None = None
        self._down: tuple[float, ModelError] | None = None
        self.counter = ""  # how tokens are counted: "vllm", "llama-server", "extras" or "skøn"
        self._skip: set[str] = set()

    def __repr__(self) -> str:  # never the key
        return f"ServerHTTP({self.server.base_url!r})"

    @property
    def root(self) -> str:
        """The server's own root, for the endpoints outside the OpenAI API (the base URL without a final /v1)."""
        return re.sub(r"/v1$", "", self.server.base_url)

    def client(self) -> httpx.Client:
        if self._client is None:
            if self._api_key and not (self._api_key.isascii() and self._api_key.isprintable()):
                raise ModelError("API-nøglen kan ikke bruges: den må kun bestå af almindelige tegn (a–z, 0–9 og tegn "
                                 "som - og _).", hint=f"Tjek {API_KEY_ENV} eller den nøgle, der er gemt under «Model».")
            headers = {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}
            self._client = httpx.Client(
                timeout=httpx.Timeout(self.timeout, connect=min(CONNECT_TIMEOUT, self.timeout)),
                headers=headers, trust_env=False, follow_redirects=False,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- requests --------------------------------------------------------------------------------------------------
    def check_down(self) -> None:
        if self._down is not None and time.monotonic() - self._down[0] < DOWN_FOR_S:
            raise self._down[1]
        self._down = None

    def failure(self, exc: Exception) -> ModelError:
        """The Danish error for a connection that failed (and remember it for a few seconds)."""
        where = self.server.address
        if isinstance(exc, httpx.TimeoutException) and not isinstance(exc, httpx.ConnectTimeout):
            seconds = f"{self.timeout:g}".replace(".", ",")
            err = ModelError(f"Modelserveren på {where} svarede ikke inden for {seconds} sekunder. Den er "
                             "måske optaget eller for langsom til modellen.",
                             hint="Prøv igen om lidt, eller skift til en anden model under «Model».")
        else:
            err = ModelError(f"Der er ingen forbindelse til modelserveren på {where}. Kører den?",
                             hint="Start serveren, eller skift tilbage til den indbyggede model under «Model».")
        self._down = (time.monotonic(), err)
        return err

    def request(self, method: str, url: str, *, optional: bool = False, **kwargs) -> httpx.Response | None:
        """One request; a connection that fails is a Danish ModelError. ``optional``: a vendor endpoint whose
        handler breaks the connection gives None (the server lives, it just does not offer this)."""
        self.check_down()
        for attempt in range(2):
            try:
                return self.client().request(method, url, **kwargs)
            except (httpx.ReadError, httpx.RemoteProtocolError) as exc:
                if attempt:  # once more on a fresh connection: a kept-alive one may have been closed by the server
                    if optional:
                        return None
                    raise self.failure(exc) from None
            except httpx.HTTPError as exc:
                raise self.failure(exc) from None
        raise AssertionError("unreachable")

    def json_or_none(self, method: str, url: str, **kwargs) -> dict | None:
        """A vendor endpoint that may not exist here: its JSON object, or None (an error only for a dead server)."""
        response = self.request(method, url, optional=True, timeout=min(PROBE_TIMEOUT, self.timeout), **kwargs)
        if response is None or response.status_code != 200:
            return None
        try:
            data = response.json()
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    # -- what the server has -----------------------------------------------------------------------------------------
    def models(self) -> dict[str, dict]:
        """``GET {base}/models``: the server's models by id."""
        response = self.request("GET", f"{self.server.base_url}/models")
        if response.status_code != 200:
            raise self.status_error(response.status_code, response.text[:4000], None)
        try:
            listed = response.json().get("data")
        except (ValueError, AttributeError):
            listed = None
        if not isinstance(listed, list):
            raise ModelError(f"Adressen {self.server.base_url} svarer, men ikke som en OpenAI-kompatibel modelserver.",
                             hint=_CHECK_ADDRESS)
        return {e["id"]: e for e in listed if isinstance(e, dict) and isinstance(e.get("id"), str)}

    def find_context(self, model: str, entry: dict, configured: int | None) -> tuple[int, str]:
        """The context length and where it came from (Danish): the server's word where it gives it."""
        meta = entry.get("meta") if isinstance(entry.get("meta"), dict) else {}
        for value in (meta.get("n_ctx"), entry.get("max_model_len"), entry.get("context_length"),
                      entry.get("loaded_context_length"), entry.get("max_context_length")):
            if isinstance(value, int) and value > 0:
                return value, "oplyst af serveren (/v1/models)"
        props = self.json_or_none("GET", f"{self.root}/props")  # llama-server
        if props:
            n_ctx = (props.get("default_generation_settings") or {}).get("n_ctx") or props.get("n_ctx")
            if isinstance(n_ctx, int) and n_ctx > 0:
                return n_ctx, "oplyst af serveren (/props)"
        lmstudio = self.json_or_none("GET", f"{self.root}/api/v1/models")
        for item in (lmstudio or {}).get("models") or []:
            if not isinstance(item, dict):
                continue
            instances = [i for i in item.get("loaded_instances") or [] if isinstance(i, dict)]
            if item.get("key") == model or any(i.get("id") == model for i in instances):
                for i in instances:
                    n = (i.get("config") or {}).get("context_length")
                    if isinstance(n, int) and n > 0:
                        return n, "oplyst af LM Studio"
                if isinstance(item.get("max_context_length"), int):
                    return item["max_context_length"], "oplyst af LM Studio"
        ps = self.json_or_none("GET", f"{self.root}/api/ps")  # Ollama: the loaded models
        for item in (ps or {}).get("models") or []:
            if not isinstance(item, dict):
                continue
            n = item.get("context_length")
            if model in (item.get("name"), item.get("model")) and isinstance(n, int) and n > 0:
                return n, "oplyst af Ollama"
        if ps is not None:
            show = self.json_or_none("POST", f"{self.root}/api/show", json={"model": model})
            info = (show or {}).get("model_info") or {}
            limit = info.get(f"{info.get('general.architecture')}.context_length")
            if isinstance(limit, int) and limit > 0:
                return min(limit, OLLAMA_DEFAULT_CONTEXT), "oplyst af Ollama"
        if configured:
            return int(configured), "fra indstillingen"
        return DEFAULT_CONTEXT, "antaget, for serveren oplyser den ikke"

    # -- counting tokens ---------------------------------------------------------------------------------------------
    def count(self, messages: list[Message], model: str) -> int:
        """Tokens of the chat as the server will see it; counted by the server where it can, else estimated."""
        overhead = MESSAGE_OVERHEAD * (len(messages) + 1)
        for name, method in (("vllm", self._count_vllm), ("llama-server", self._count_llama_server),
                             ("extras", self._count_extras)):
            if name in self._skip or (self.counter and self.counter != name):
                continue
            n = method(messages, model)
            if n is None:
                self._skip.add(name)
                continue
            self.counter = name
            return n + (overhead if name == "extras" else 0)
        self.counter = "skøn"
        return int(sum(len(m["content"]) for m in messages) / CHARS_PER_TOKEN) + overhead

    def _count_vllm(self, messages: list[Message], model: str) -> int | None:
        data = self.json_or_none("POST", f"{self.root}/tokenize",
                                 json={"model": model, "messages": messages, "add_generation_prompt": True})
        return data["count"] if data and isinstance(data.get("count"), int) else None

    def _count_llama_server(self, messages: list[Message], model: str) -> int | None:
        rendered = self.json_or_none("POST", f"{self.root}/apply-template", json={"messages": messages})
        if not rendered or not isinstance(rendered.get("prompt"), str):
            return None
        data = self.json_or_none("POST", f"{self.root}/tokenize", json={"content": rendered["prompt"],
                                                                       "add_special": True})
        return len(data["tokens"]) if data and isinstance(data.get("tokens"), list) else None

    def _count_extras(self, messages: list[Message], model: str) -> int | None:
        text = "\n".join(m["content"] for m in messages)
        data = self.json_or_none("POST", f"{self.root}/extras/tokenize/count", json={"model": model, "input": text})
        return data["count"] if data and isinstance(data.get("count"), int) else None

    # -- errors in Danish --------------------------------------------------------------------------------------------
    def unreadable(self) -> ModelError:
        return ModelError(f"Modelserveren på {self.server.address} sendte et svar, appen ikke kan læse.",
                          hint="Tjek, at adressen er en OpenAI-kompatibel server (den slutter normalt på /v1).")

    def cut_off(self) -> ModelError:
        return ModelError(f"Forbindelsen til modelserveren på {self.server.address} blev afbrudt midt i svaret.",
                          hint="Prøv igen. Bliver det ved, så skift til en anden model under «Model».")

    def status_error(self, code: int, text: str, model: str | None) -> CoachError:
        """The Danish error for an HTTP error answer; a context overflow becomes InputTooLong with the numbers."""
        message: object = text
        error: dict = {}
        try:
            data = json.loads(text)
            error = data.get("error") if isinstance(data.get("error"), dict) else {}
            message = error.get("message") or data.get("error") or data.get("detail") or data.get("message") or text
        except (ValueError, AttributeError):
            pass
        message = " ".join(str(message).split())
        where = self.server.address
        if (m := _OVERFLOW.search(message)) is not None:  # OpenAI's wording: vLLM, llama-cpp-python
            context, prompt_tokens, max_tokens = (int(g) for g in m.groups())
            return InputTooLong(prompt_tokens=prompt_tokens, max_tokens=max_tokens, context=context)
        if error.get("type") == "exceed_context_size_error" and isinstance(error.get("n_ctx"), int):  # llama-server
            return InputTooLong(prompt_tokens=int(error.get("n_prompt_tokens") or error["n_ctx"]), max_tokens=0,
                                context=error["n_ctx"])
        if "context" in message.lower() and re.search(r"exceed|too long|maximum|overflow", message, re.IGNORECASE):
            return ModelError("Teksten er for lang til modellen på serveren.", hint="Forkort teksten, eller del den op.")
        snippet = message[:160]
        if code in (401, 403):
            return ModelError(f"Modelserveren på {where} afviste adgang (HTTP {code}).",
                              hint=f"Tjek API-nøglen: miljøvariablen {API_KEY_ENV} eller den, der er gemt under «Model».")
        if code == 404:
            if model and "model" in message.lower():
                return ModelError(f"Serveren på {where} kender ikke modellen '{model}'.", hint=snippet)
            return ModelError(f"Adressen {self.server.base_url} findes ikke på serveren (HTTP 404).",
                              hint=_CHECK_ADDRESS)
        if code in (408, 504):
            return ModelError(f"Modelserveren på {where} nåede ikke at svare (HTTP {code}).",
                              hint="Prøv igen om lidt, eller vælg en anden model.")
        if code in (429, 503):
            return ModelError(f"Modelserveren på {where} er optaget eller ved at indlæse modellen (HTTP {code}).",
                              hint="Vent lidt, og prøv igen.")
        if 300 <= code < 400:
            return ModelError(f"Serveren på {where} henviser til en anden adresse (HTTP {code}), og appen følger "
                              "ikke henvisninger.", hint="Skriv serverens endelige adresse.")
        if code >= 500:
            return ModelError(f"Modelserveren på {where} fik en fejl (HTTP {code}).",
                              hint="Prøv igen, eller skift til en anden model under «Model».")
        return ModelError(f"Modelserveren på {where} afviste forespørgslen (HTTP {code}): {snippet}")
