"""A small client for any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama, llama.cpp).

Structured output: every call sends a JSON schema and validates the answer against it.
Retries with exponential backoff on connection errors, 429 and 5xx; a SQLite response cache
keyed by a hash of (model, messages, schema); token accounting from the ``usage`` field.
Settings come from arguments or the environment: ``STANCEMAP_LLM_BASE_URL``,
``STANCEMAP_LLM_MODEL``, ``STANCEMAP_LLM_API_KEY`` (``OPENAI_*`` are read as fallbacks).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import LLMBadResponse, LLMUnreachable

log = logging.getLogger(__name__)


class _FormatRejected(Exception):
    """The endpoint does not take this response_format."""


@dataclass(frozen=True, slots=True)
class LLMSettings:
    base_url: str
    model: str
    api_key: str = ""
    timeout: float = 120.0
    max_retries: int = 3
    backoff: float = 1.0
    cache_path: Path | None = None
    temperature: float = 0.0
    max_tokens: int = 1024

    @classmethod
    def from_env(cls, **overrides: Any) -> LLMSettings:
        env = os.environ
        values: dict[str, Any] = {
            "base_url": env.get("STANCEMAP_LLM_BASE_URL")
            or env.get("OPENAI_BASE_URL")
            or "https://api.openai.com/v1",
            "model": env.get("STANCEMAP_LLM_MODEL") or env.get("OPENAI_MODEL") or "gpt-4o-mini",
            "api_key": env.get("STANCEMAP_LLM_API_KEY") or env.get("OPENAI_API_KEY") or "",
        }
        cache = env.get("STANCEMAP_LLM_CACHE")
        if cache:
            values["cache_path"] = Path(cache)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


@dataclass(slots=True)
class Usage:
    requests: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    retries: int = 0


@dataclass(slots=True)
class LLMClient:
    settings: LLMSettings
    usage: Usage = field(default_factory=Usage)
    _db: sqlite3.Connection | None = None
    _format: str = "json_schema"
    # the pipeline may call from two threads (a question proposed for the next batch while the
    # stance stage labels this one): the cache and the counts are shared under this lock
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        if self.settings.cache_path is not None:
            self.settings.cache_path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.settings.cache_path, check_same_thread=False)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, body TEXT NOT NULL)"
            )

    def complete_json(
        self, messages: list[dict[str, str]], schema: dict[str, Any], *, name: str
    ) -> Any:
        """The endpoint's answer to ``messages``, parsed and checked against ``schema``."""
        key = hashlib.sha256(
            json.dumps(
                [self.settings.base_url, self.settings.model, messages, schema], sort_keys=True
            ).encode()
        ).hexdigest()
        cached = self._cache_get(key)
        if cached is not None:
            self._count(cache_hits=1)
            return cached
        used = self._format  # another thread may switch it meanwhile
        try:
            body = self._post("/chat/completions", self._payload(messages, schema, name, used))
        except _FormatRejected:
            # llama-cpp-python and some others take {"type": "json_object", "schema": ...}
            # instead of OpenAI's json_schema: switch once and remember.
            if used != "json_schema":
                raise LLMBadResponse(
                    f"{self.settings.base_url} rejects structured output requests"
                ) from None
            self._format = "json_object"
            body = self._post(
                "/chat/completions", self._payload(messages, schema, name, "json_object")
            )
        try:
            content = body["choices"][0]["message"]["content"]
            value = json.loads(content)
        except (KeyError, IndexError, TypeError, json.JSONDecodeError) as exc:
            raise LLMBadResponse(
                f"{self.settings.base_url} returned no JSON answer ({type(exc).__name__}); "
                "check that the model supports structured output"
            ) from None
        problem = validate(value, schema)
        if problem:
            raise LLMBadResponse(f"{self.settings.base_url} answered outside the schema: {problem}")
        usage = body.get("usage") or {}
        self._count(
            prompt_tokens=int(usage.get("prompt_tokens", 0)),
            completion_tokens=int(usage.get("completion_tokens", 0)),
        )
        self._cache_put(key, value)
        return value

    def _payload(
        self, messages: list[dict[str, str]], schema: dict[str, Any], name: str, form: str
    ) -> dict[str, Any]:
        if form == "json_schema":
            response_format: dict[str, Any] = {
                "type": "json_schema",
                "json_schema": {"name": name, "schema": schema, "strict": True},
            }
        else:
            response_format = {"type": "json_object", "schema": schema}
        return {
            "model": self.settings.model,
            "messages": messages,
            "temperature": self.settings.temperature,
            "max_tokens": self.settings.max_tokens,
            "response_format": response_format,
        }

    def _post(self, path: str, payload: dict[str, Any]) -> Any:
        url = self.settings.base_url.rstrip("/") + path
        data = json.dumps(payload).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        if self.settings.api_key:
            headers["Authorization"] = f"Bearer {self.settings.api_key}"
        last = ""
        http_failure = False
        for attempt in range(self.settings.max_retries + 1):
            if attempt:
                self._count(retries=1)
                time.sleep(self.settings.backoff * 2 ** (attempt - 1))
            self._count(requests=1)
            request = urllib.request.Request(url, data=data, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=self.settings.timeout) as resp:
                    raw = resp.read()
            except urllib.error.HTTPError as exc:
                detail = exc.read(4096).decode("utf-8", "replace")
                exc.close()
                if "response_format" in detail:
                    raise _FormatRejected(detail) from None
                last, http_failure = f"HTTP {exc.code}", True
                if exc.code == 429 or exc.code >= 500:
                    continue
                raise LLMBadResponse(
                    f"{url} refused the request ({last}); check the model name and the API key"
                ) from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                last, http_failure = str(getattr(exc, "reason", exc)), False
                continue
            try:
                return json.loads(raw)
            except json.JSONDecodeError:
                raise LLMBadResponse(
                    f"{url} answered with something that is not JSON; is it "
                    "an OpenAI-compatible endpoint?"
                ) from None
        tries = self.settings.max_retries + 1
        if http_failure:
            raise LLMBadResponse(f"{url} kept failing ({last}) after {tries} tries")
        raise LLMUnreachable(
            f"cannot reach the LLM endpoint {url} ({last}) after {tries} tries; check "
            "STANCEMAP_LLM_BASE_URL and that the server is running"
        )

    def _count(self, **amounts: int) -> None:
        with self._lock:
            for name, amount in amounts.items():
                setattr(self.usage, name, getattr(self.usage, name) + amount)

    def _cache_get(self, key: str) -> Any:
        if self._db is None:
            return None
        with self._lock:
            row = self._db.execute("SELECT body FROM responses WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def _cache_put(self, key: str, value: Any) -> None:
        if self._db is not None:
            with self._lock, self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO responses VALUES (?, ?)", (key, json.dumps(value))
                )


def validate(value: Any, schema: dict[str, Any], where: str = "$") -> str | None:
    """The first way ``value`` breaks ``schema`` (the JSON Schema subset we send), or None."""
    kind = schema.get("type")
    checks = {"object": dict, "array": list, "string": str, "boolean": bool}
    if kind in checks and not isinstance(value, checks[kind]):
        return f"{where} should be {kind}"
    if kind in ("number", "integer") and (
        isinstance(value, bool) or not isinstance(value, (int, float))
    ):
        return f"{where} should be a number"
    if "enum" in schema and value not in schema["enum"]:
        return f"{where} should be one of {schema['enum']}"
    if kind in ("number", "integer"):
        if "minimum" in schema and value < schema["minimum"]:
            return f"{where} is below {schema['minimum']}"
        if "maximum" in schema and value > schema["maximum"]:
            return f"{where} is above {schema['maximum']}"
    if kind == "object":
        for req in schema.get("required", []):
            if req not in value:
                return f"{where}.{req} is missing"
        for prop, sub in schema.get("properties", {}).items():
            if prop in value:
                problem = validate(value[prop], sub, f"{where}.{prop}")
                if problem:
                    return problem
    if kind == "array":
        for i, item in enumerate(value):
            problem = validate(item, schema.get("items", {}), f"{where}[{i}]")
            if problem:
                return problem
    return None
