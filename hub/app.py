"""The Hub's HTTP API (FastAPI): routes, auth, and the error shape of API.md for every failure.

Every error — a bad token, a malformed body, a body too large, an unexpected failure — is
``{"error": {"code", "message", "details"}}`` with a fitting status, never a stack trace.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub import __version__, auth, store
from hub.db import sessions
from hub.models import ArchiveRow, Attachment, RecordRow, User
from studio.contract import wire
from studio.domain.roles import a_or_an, may_read

log = logging.getLogger(__name__)

CURSOR = re.compile(r"[0-9]{1,18}")  # a seq this Hub can have given out (within a bigint)
MAX_SEQ = 2**63 - 1
MAX_BODY = 10 * 1024 * 1024  # 10 MiB: the largest request the Hub reads
TOO_LARGE = f"The request body is over {MAX_BODY // (1024 * 1024)} MiB."
RECORD_PATHS = {
    "articles": "article",
    "webinars": "webinar",
    "posts": "post",
    "members": "member",
    "polls": "poll",
    "threads": "thread",
}


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}
        self.headers = headers
        super().__init__(message)


def error_response(
    status: int,
    code: str,
    message: str,
    details: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "details": details or {}}}
    return JSONResponse(body, status_code=status, headers=headers)


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI: these statuses answer with the error shape."""
    return {s: {"model": wire.ErrorBody} for s in statuses}


class BodyLimit:
    """Refuses a request body over MAX_BODY with 413, whether or not it declares its length."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
            await _too_large(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > MAX_BODY:
                    # An HTTPException, as FastAPI turns any other error met while reading a
                    # body into "400 error parsing the body".
                    raise HTTPException(413, TOO_LARGE)
            return message

        await self.app(scope, limited, send)


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    response = error_response(
        413, "body_too_large", f"The request body is over {MAX_BODY // (1024 * 1024)} MiB."
    )
    await response(scope, receive, send)


def db(request: Request) -> Iterator[Session]:
    """A session for one request (FastAPI dependency)."""
    with request.app.state.sessions() as session:
        yield session


DB = Annotated[Session, Depends(db)]


def current_user(request: Request, session: DB) -> User:
    """The signed-in account of this request, or a 401 in the error shape."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401,
            "unauthenticated",
            "Sign in first: send Authorization: Bearer.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    user = auth.user_for_token(session, token.strip())
    if user is None:
        raise ApiError(
            401,
            "invalid_token",
            "The token is unknown, expired or revoked: sign in again.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def _allow(request: Request) -> dict[str, str]:
    """The Allow header of a 405: the methods of the path the request matched (the first route
    whose pattern matches, as routing goes, and every route declared with that same path)."""
    routes = [r for r in request.app.routes if isinstance(r, APIRoute)]
    path = next((r.path for r in routes if r.path_regex.match(request.url.path)), None)
    methods = {m for r in routes if r.path == path for m in (r.methods or ())}
    return {"Allow": ", ".join(sorted(methods))}


def need(user: User, what: str) -> None:
    """403 in the error shape unless the user's role may read ``what``."""
    if not may_read(user.role, what):
        raise ApiError(403, "forbidden", f"{a_or_an(user.role)} may not read {what}.")


def _record_route(app: FastAPI, path: str, record_type: str) -> None:
    def record(
        record_id: Annotated[str, Path(max_length=64)], user: CurrentUser, session: DB
    ) -> dict[str, Any]:
        need(user, "records")
        row = session.get(RecordRow, (record_type, record_id))
        if row is None or row.deleted:
            raise ApiError(404, "not_found", f"No {record_type} with id {record_id}.")
        return store.wire(row)

    app.get(
        f"/v1/{path}/{{record_id}}",
        response_model=wire.Record,
        tags=["records"],
        responses=errors(401, 403, 404),
        name=f"get_{record_type}",
        summary=f"One {record_type}",
    )(record)


def create_app(engine: Engine) -> FastAPI:
    """The Hub's ASGI app on ``engine`` (already migrated)."""
    make_session: sessionmaker[Session] = sessions(engine)
    app = FastAPI(
        title="Studio Hub",
        version=__version__,
        description="The platform API that Studio syncs with (the project's API.md).",
        responses=errors(422, 500),
    )
    app.add_middleware(BodyLimit)
    app.state.sessions = make_session

    # -- error shape everywhere ----------------------------------------------------------------

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = store.validation_problems(exc.errors())
        return error_response(
            422,
            "invalid_request",
            "The request is not valid: "
            + "; ".join(f"{p['field']}: {p['problem']}" for p in problems[:5]),
            {"problems": problems},
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {
            404: "not_found",
            405: "method_not_allowed",
            400: "bad_request",
            413: "body_too_large",
        }
        return error_response(
            exc.status_code,
            codes.get(exc.status_code, "http_error"),
            str(exc.detail),
            headers=_allow(request) if exc.status_code == 405 else dict(exc.headers or {}),
        )

    @app.exception_handler(OperationalError)
    async def _busy(_request: Request, exc: OperationalError) -> JSONResponse:
        log.warning("database busy: %s", exc)
        return error_response(
            503, "busy", "The Hub is busy; try again shortly.", headers={"Retry-After": "1"}
        )

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return error_response(
            500, "internal_error", "The Hub failed to do this; nothing was changed."
        )

    # -- routes --------------------------------------------------------------------------------

    @app.get("/v1/health", response_model=wire.Health, tags=["meta"])
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.post(
        "/v1/auth/token",
        response_model=wire.TokenResponse,
        tags=["auth"],
        responses=errors(400, 401, 429),
    )
    def token(body: wire.TokenRequest, session: DB) -> dict[str, Any]:
        try:
            signed = auth.sign_in(session, body.username, body.password)
        except auth.TooManyFailures as exc:
            raise ApiError(
                429,
                "too_many_attempts",
                "Too many failed sign-ins for this name; wait and try again.",
                {"retry_after": exc.retry_after},
                headers={"Retry-After": str(exc.retry_after)},
            ) from None
        session.commit()
        if signed is None:
            raise ApiError(401, "bad_credentials", "Wrong user name or password.")
        user, access, expires = signed
        return {
            "access_token": access,
            "token_type": "bearer",
            "role": user.role,
            "expires_at": expires,
        }

    @app.get("/v1/me", response_model=wire.Me, tags=["auth"], responses=errors(401))
    def me(user: CurrentUser) -> dict[str, str]:
        return {"username": user.username, "display_name": user.display_name, "role": user.role}

    @app.get(
        "/v1/changes",
        response_model=wire.ChangesPage,
        tags=["sync"],
        responses=errors(400, 401, 403),
    )
    def changes(
        user: CurrentUser,
        session: DB,
        since: Annotated[str, Query(max_length=20)] = "",
        limit: Annotated[int, Query(ge=1, le=1000)] = 500,
    ) -> dict[str, Any]:
        need(user, "changes")
        if since and not CURSOR.fullmatch(since):
            raise ApiError(400, "bad_cursor", "The cursor is not one this Hub gave out.")
        page, cursor, more = store.changes_page(session, int(since or 0), limit)
        return {"changes": page, "cursor": str(cursor), "more": more}

    @app.post(
        "/v1/ops", response_model=wire.OpsResponse, tags=["sync"], responses=errors(400, 401, 413)
    )
    def ops(body: wire.OpsRequest, user: CurrentUser, session: DB) -> dict[str, Any]:
        return {"results": store.settle_batch(session, user, body.ops)}

    @app.get(
        "/v1/archive",
        response_model=wire.ArchivePage,
        tags=["compliance"],
        responses=errors(401, 403),
    )
    def archive(
        user: CurrentUser,
        session: DB,
        since: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 500,
    ) -> dict[str, Any]:
        need(user, "archive")
        rows = session.scalars(
            select(ArchiveRow)
            .where(ArchiveRow.seq > since)
            .order_by(ArchiveRow.seq)
            .limit(limit + 1)
        ).all()
        entries = [r.entry() for r in rows[:limit]]
        return {"entries": entries, "more": len(rows) > limit}

    @app.get(
        "/v1/archive/head",
        response_model=wire.ArchiveHead,
        tags=["compliance"],
        responses=errors(401, 403),
    )
    def archive_head(user: CurrentUser, session: DB) -> dict[str, Any]:
        need(user, "archive")
        head = session.scalars(select(ArchiveRow).order_by(ArchiveRow.seq.desc()).limit(1)).first()
        return {"seq": head.seq if head else 0, "hash": head.hash if head else "0" * 64}

    @app.get("/v1/stats", response_model=wire.Stats, tags=["meta"], responses=errors(401, 403))
    def stats(user: CurrentUser, session: DB) -> dict[str, int]:
        need(user, "stats")
        return store.stats(session)

    @app.put(
        "/v1/attachments/{sha256}",
        status_code=201,
        tags=["attachments"],
        responses=errors(400, 401, 413),
        response_class=Response,
    )
    async def put_attachment(
        sha256: Annotated[str, Path(pattern="^[0-9a-f]{64}$")],
        request: Request,
        user: CurrentUser,
        session: DB,
    ) -> Response:
        body = await request.body()
        if hashlib.sha256(body).hexdigest() != sha256:
            raise ApiError(
                400, "hash_mismatch", "The bytes sent do not have the SHA-256 named in the path."
            )
        if session.get(Attachment, sha256) is None:
            session.add(
                Attachment(
                    sha256=sha256,
                    size=len(body),
                    data=body,
                    media_type=request.headers.get("content-type", "application/octet-stream")[
                        :100
                    ],
                    created_at=datetime.now(UTC),
                )
            )
            session.commit()
        return Response(status_code=201)

    @app.get(
        "/v1/attachments/{sha256}",
        tags=["attachments"],
        responses=errors(401, 404),
        response_class=Response,
    )
    def get_attachment(
        sha256: Annotated[str, Path(pattern="^[0-9a-f]{64}$")], user: CurrentUser, session: DB
    ) -> Response:
        row = session.get(Attachment, sha256)
        if row is None:
            raise ApiError(404, "not_found", "No attachment with that hash.")
        return Response(
            row.data,
            media_type=row.media_type,
            headers={"Cache-Control": "public, max-age=31536000, immutable"},
        )

    # One route per kind: an unknown kind is a 404, a GET of a POST-only path a 405.
    for path, record_type in RECORD_PATHS.items():
        _record_route(app, path, record_type)

    return app
