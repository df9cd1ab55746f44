"""The platform API client: one requests Session per workspace, timeouts on every call, retries
with backoff for idempotent calls (and for ``POST /v1/ops``, idempotent by op_id), TLS always
verified, every answer validated against the wire schema.

Failures are :class:`HubError` subclasses with a sentence for the user; nothing here raises a
requests or pydantic exception to its caller.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any, TypeVar

import requests
import requests.certs
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.poolmanager import PoolManager
from urllib3.util.retry import Retry

from studio.contract import wire

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 60.0
#: What a bearer token may hold (RFC 6750's b64token); anything else is never put in a header.
TOKEN_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~+/]+=*")


class HubError(Exception):
    """Talking to the Hub failed; ``str()`` is a sentence for the user."""

    code = "hub_error"


class Unreachable(HubError):
    code = "unreachable"


class AuthenticationNeeded(HubError):
    """The token is missing, expired or revoked: the user must sign in again."""

    code = "sign_in"


class Refused(HubError):
    """The Hub answered with an error it meant (4xx other than 401)."""

    def __init__(self, status: int, code: str, message: str, details: dict[str, Any]) -> None:
        self.status = status
        self.code = code
        self.details = details
        super().__init__(message)


class BadResponse(HubError):
    """The Hub answered something that is not the contract: nothing of it is used."""

    code = "bad_response"


class _QuietHTTPConnection(HTTPConnection):
    # http.client's wire dump (HTTPConnection.debuglevel, a common way to debug requests) prints
    # every request's headers and body, so the bearer token and the password: never for ours.
    debuglevel = 0


class _QuietHTTPSConnection(HTTPSConnection):
    debuglevel = 0


class _QuietHTTPPool(HTTPConnectionPool):
    ConnectionCls = _QuietHTTPConnection


class _QuietHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _QuietHTTPSConnection


class _Adapter(HTTPAdapter):
    """An HTTPAdapter whose connections never dump the wire (urllib3's DEBUG log stays: method,
    URL and status, no header or body)."""

    pools = {"http": _QuietHTTPPool, "https": _QuietHTTPSPool}

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = self.pools

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> PoolManager:
        manager: PoolManager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = self.pools
        return manager


def trusted_cas(ca_bundle: str | bool | None) -> str:
    """The CA bundle TLS verifies against: the configured one, else the one requests ships.

    Always a path, never True or False: given True, requests would take $REQUESTS_CA_BUNDLE or
    $CURL_CA_BUNDLE from the environment instead, and False would turn verification off.
    """
    return ca_bundle if isinstance(ca_bundle, str) and ca_bundle else requests.certs.where()


def make_session(ca_bundle: str | None = None, retries: int = 4) -> requests.Session:
    """A Session that retries connection failures, 429, 502, 503 and 504 with backoff and
    jitter, honouring Retry-After, for GET and for POST (the only POSTs are idempotent)."""
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        other=0,  # e.g. a certificate not trusted: retrying cannot help, so it is said at once
        backoff_factor=0.3,
        backoff_jitter=0.3,
        backoff_max=10,
        status_forcelist=(429, 502, 503, 504),
        allowed_methods=frozenset({"GET", "PUT", "POST"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    session = requests.Session()
    adapter = _Adapter(max_retries=retry, pool_maxsize=4)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    # Verification is never turned off: a custom CA bundle is how to trust a private certificate.
    session.verify = trusted_cas(ca_bundle)
    return session


class HubClient:
    """Calls to one Hub for one account. ``token`` is read when each call is made."""

    def __init__(
        self,
        base_url: str,
        token: Callable[[], str | None] | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = token or (lambda: None)
        self.session = session or make_session()

    def close(self) -> None:
        self.session.close()

    # -- the API -------------------------------------------------------------------------------

    def sign_in(self, username: str, password: str) -> wire.TokenResponse:
        return self._call(
            "POST",
            "/v1/auth/token",
            wire.TokenResponse,
            json={"username": username, "password": password},
            auth=False,
        )

    def me(self) -> wire.Me:
        return self._call("GET", "/v1/me", wire.Me)

    def changes(self, since: str, limit: int = 1000) -> wire.ChangesPage:
        return self._call(
            "GET", "/v1/changes", wire.ChangesPage, params={"since": since, "limit": limit}
        )

    def push(self, ops: list[dict[str, Any]]) -> wire.OpsResponse:
        answer = self._call("POST", "/v1/ops", wire.OpsResponse, json={"ops": ops})
        if [r.op_id for r in answer.results] != [op["op_id"] for op in ops]:
            raise BadResponse("The Hub answered for other changes than those sent.")
        return answer

    def stats(self) -> wire.Stats:
        return self._call("GET", "/v1/stats", wire.Stats)

    def archive(self, since: int, limit: int = 1000) -> wire.ArchivePage:
        return self._call(
            "GET", "/v1/archive", wire.ArchivePage, params={"since": since, "limit": limit}
        )

    def archive_head(self) -> wire.ArchiveHead:
        return self._call("GET", "/v1/archive/head", wire.ArchiveHead)

    def health(self) -> wire.Health:
        return self._call("GET", "/v1/health", wire.Health, auth=False)

    # -- plumbing ------------------------------------------------------------------------------

    def put_attachment(self, sha256: str, media_type: str, data: bytes) -> None:
        """Upload a content-addressed file (idempotent: the same bytes under the same hash)."""
        self._send(
            "PUT", f"/v1/attachments/{sha256}", data=data, headers={"Content-Type": media_type}
        )

    def _call(
        self, method: str, path: str, model: type[M], *, auth: bool = True, **kwargs: Any
    ) -> M:
        response = self._send(method, path, auth=auth, **kwargs)
        try:
            # Parsed and validated in one pass over the bytes (a feed page is ~0.5 MB): not
            # JSON at all fails here too.
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            # Where and what, never the values: an answer may hold a token (or echo ours).
            problems = [f"{'.'.join(map(str, e['loc']))}: {e['type']}" for e in exc.errors()]
            log.warning("bad response to %s %s: %s", method, path, "; ".join(problems))
            raise BadResponse(
                f"The Hub's answer to {path} is not what the API promises; nothing of it was used."
            ) from None

    def _send(
        self,
        method: str,
        path: str,
        *,
        auth: bool = True,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        """One request, its failure turned into a HubError; the answer as it came."""
        headers = {"Accept": "application/json", **(headers or {})}
        if auth:
            token = self._token()
            if not token:
                raise AuthenticationNeeded("Sign in to the Hub to sync.")
            if not TOKEN_CHARACTERS.fullmatch(token):
                # requests would refuse the header with the token in its message (and so in the
                # log and the workspace's last error): say so without it.
                raise AuthenticationNeeded("The kept sign-in token is damaged: sign in again.")
            headers["Authorization"] = f"Bearer {token}"
        try:
            # verify is passed on each call, and as a path: requests lets $REQUESTS_CA_BUNDLE
            # override the session's own setting (psf/requests#3829) unless it is a path.
            response = self.session.request(
                method,
                self.base_url + path,
                headers=headers,
                verify=trusted_cas(self.session.verify),
                timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
                **kwargs,
            )
        except requests.exceptions.SSLError as exc:
            raise Unreachable(f"The Hub's certificate is not trusted ({_reason(exc)}).") from exc
        except requests.exceptions.RequestException as exc:
            raise Unreachable(
                f"The Hub at {self.base_url} cannot be reached ({_reason(exc)})."
            ) from exc
        if response.status_code >= 400:
            try:
                body = response.json()
            except ValueError:
                body = None
            raise _error(response.status_code, body, headers.get("Authorization", ""))
        return response


def _error(status: int, body: Any, authorization: str = "") -> HubError:
    try:
        error = wire.ErrorBody.model_validate(body).error
        code, message, details = error.code, error.message, error.details
    except ValidationError:
        code, message, details = "http_error", f"The Hub answered with status {status}.", {}
    token = authorization.removeprefix("Bearer ")
    if token and token in message:  # a Hub (or a proxy) that echoes the request
        message = message.replace(token, "[token]")
    if status == 401:
        return AuthenticationNeeded(message)
    if status >= 500:
        return Unreachable(f"The Hub failed ({status}): {message}")
    return Refused(status, code, message, details)


def _reason(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) < 200 else text[:197] + "…"
