"""The platform API's wire schemas (API.md), used by the Hub to validate and document, and by
Studio to validate what the Hub answers.

Requests forbid unknown fields (a typo is an error, not silently ignored); responses allow them
(a newer Hub may add fields an older Studio doesn't know).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]


def _not_a_boolean(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("a number is expected, not true or false")
    return value


#: An integer; 7.0 is 7 (JSON doesn't tell them apart), but true is not 1.
WholeNumber = Annotated[int, BeforeValidator(_not_a_boolean)]
RecordTypeName = Literal[
    "member",
    "speaker",
    "article",
    "webinar",
    "thread",
    "post",
    "report",
    "poll",
    "lexicon_term",
    "review_comment",
    "kit_item",
    "archive_hold",  # ops only: a legal hold placed or lifted (hub/holds.py)
]
OpStatus = Literal["applied", "duplicate", "conflict", "rejected"]


def _unstorable(value: Any) -> str | None:
    """The first string inside ``value`` that no database can hold as text, if any."""
    if isinstance(value, str):
        if "\x00" in value:
            return "a NUL character"
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            return "a lone UTF-16 surrogate (not valid Unicode text)"
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _unstorable(key) or _unstorable(item)
            if found:
                return found
    if isinstance(value, list):
        for item in value:
            found = _unstorable(item)
            if found:
                return found
    return None


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _text_only(cls, data: Any) -> Any:
        # Valid JSON can still carry text no database stores the same way (PostgreSQL refuses
        # NUL; nothing encodes a lone surrogate): refused here, on every backend alike.
        problem = _unstorable(data)
        if problem:
            raise ValueError(f"the request holds {problem}")
        return data


class Response(BaseModel):
    model_config = ConfigDict(extra="allow")


# -- errors ------------------------------------------------------------------------------------


class ErrorDetail(Response):
    code: str = Field(description="snake_case, stable: what went wrong, for programs")
    message: str = Field(description="a sentence for a person")
    details: dict[str, Any] = Field(default_factory=dict)


class ErrorBody(Response):
    error: ErrorDetail


# -- auth --------------------------------------------------------------------------------------


class TokenRequest(Request):
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1000)


class TokenResponse(Response):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    role: str
    expires_at: datetime


class Me(Response):
    username: str
    display_name: str
    role: str


# -- records -----------------------------------------------------------------------------------


class Record(Response):
    """Any record as the Hub holds it: its id, type-specific fields, and the Hub's version."""

    id: str
    version: int = Field(ge=0)


class Change(Response):
    seq: int = Field(ge=1)
    type: RecordTypeName
    id: str
    version: int = Field(ge=0)
    deleted: bool = False
    data: dict[str, Any] | None = None


class ChangesPage(Response):
    changes: list[Change]
    cursor: str = Field(description="pass as ?since= to continue after the last change")
    more: bool


# -- ops ---------------------------------------------------------------------------------------


class Op(Request):
    op_id: Id
    type: RecordTypeName
    id: Id
    action: str = Field(min_length=1, max_length=32, pattern=r"^[a-z_]+$")
    base_version: WholeNumber = Field(ge=0, default=0)
    data: dict[str, Any] = Field(default_factory=dict)


class OpsRequest(Request):
    ops: list[Op] = Field(max_length=1000)


class OpResult(Response):
    op_id: str
    status: OpStatus
    version: int | None = None
    current: dict[str, Any] | None = None
    error: ErrorDetail | None = None


class OpsResponse(Response):
    results: list[OpResult]


# -- archive, stats, health --------------------------------------------------------------------


class ArchiveEntry(Response):
    seq: int = Field(ge=1)
    at: str
    kind: str
    actor: str
    subject_id: str
    payload: dict[str, Any]
    prev_hash: str = Field(min_length=64, max_length=64)
    hash: str = Field(min_length=64, max_length=64)


class ArchivePage(Response):
    entries: list[ArchiveEntry]
    more: bool


class ArchiveHead(Response):
    seq: int = Field(ge=0)
    hash: str


class Stats(Response):
    members: int
    articles: int
    webinars: int
    posts: int
    polls: int
    archive_entries: int
    article_views: int
    webinar_registrations: int
    webinar_attendance: int


class Health(Response):
    status: Literal["ok"] = "ok"
    version: str


# -- the data of ops, by record type (create: the full record; update: some fields) -----------


class ArticleData(Request):
    title: str = Field(min_length=1, max_length=500)
    slug: str = Field(default="", max_length=200)
    summary: str = Field(default="", max_length=5000)
    body: str = Field(default="", max_length=2_000_000)
    tags: list[Annotated[str, Field(max_length=60)]] = Field(default_factory=list, max_length=50)
    language: str = Field(default="en", max_length=16)
    status: Literal["draft", "in_review", "approved", "scheduled", "published", "archived"] = (
        "draft"
    )
    publish_at: datetime | None = None
    author_id: str | None = None
    featured_attachment: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")


class WebinarData(Request):
    title: str = Field(min_length=1, max_length=500)
    description: str = Field(default="", max_length=200_000)
    starts_at: str = Field(description="wall time without offset, in `zone`")
    zone: str = Field(max_length=64)
    fold: Literal[0, 1] | None = None
    duration_minutes: int = Field(ge=1, le=24 * 60)
    speaker_ids: list[str] = Field(default_factory=list, max_length=50)
    host_ids: list[str] = Field(default_factory=list, max_length=50)
    capacity: int = Field(ge=0, le=1_000_000, default=100)
    registration: Literal["open", "approval", "closed"] = "open"
    status: Literal["draft", "scheduled", "live", "done", "cancelled"] = "draft"
    series_id: str | None = None
    join_link: str = Field(
        default="",
        max_length=2000,
        pattern=r"^(https?://[^\s/?#]+[^\s]*)?$",
        description="where attendees join: an http or https address, or empty",
    )
    waiting_list: bool = Field(
        default=False, description="people past the capacity wait for a seat"
    )


#: A weekly availability window in the speaker's own zone: ``Mon 09:00-17:30``.
WINDOW = r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$"


def _iana_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"{value!r} is not an IANA time zone") from None
    return value


class SpeakerData(Request):
    name: str = Field(min_length=1, max_length=200)
    organisation: str = Field(default="", max_length=200)
    bio: str = Field(default="", max_length=20_000)
    zone: Annotated[str, Field(max_length=64), AfterValidator(_iana_zone)] = "UTC"
    photo: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    availability: list[Annotated[str, Field(pattern=WINDOW)]] = Field(
        default_factory=list,
        max_length=100,
        description="weekly windows in the speaker's zone, as `Mon 09:00-17:30`",
    )


class ThreadData(Request):
    title: str = Field(min_length=1, max_length=500)
    author_id: str | None = None


class PostData(Request):
    thread_id: str
    parent_id: str | None = None
    author_id: str | None = None
    body: str = Field(min_length=1, max_length=100_000)


class DecisionData(Request):
    action: Literal["approve", "remove", "escalate", "restore"]
    reason: str = Field(default="", max_length=5000)
    note: str = Field(default="", max_length=5000)
    decision_id: Id | None = None


class ReportData(Request):
    reason: str = Field(min_length=1, max_length=40)
    note: str = Field(default="", max_length=5000)
    reporter_id: str | None = None
    report_id: Id | None = None


class PollData(Request):
    question: str = Field(min_length=1, max_length=500)
    options: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(
        min_length=2, max_length=50
    )
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    results_visibility: Literal["always", "after_vote", "after_close", "staff_only"] = "after_vote"


class PollResponseData(Request):
    option: int = Field(ge=0)
    member_id: str | None = None


class MemberData(Request):
    display_name: str = Field(min_length=1, max_length=200)
    company: str = Field(default="", max_length=200)
    language: str = Field(default="en", max_length=16)
    strikes: int = Field(default=0, ge=0)


class CommentAnchor(Request):
    """Where a review comment points: the passage quoted, where it was, and a little text either
    side, so it is found again after edits (studio/domain/anchors.py)."""

    quote: str = Field(min_length=1, max_length=5000)
    offset: int = Field(ge=0, default=0)
    prefix: str = Field(default="", max_length=200)
    suffix: str = Field(default="", max_length=200)


class ReviewCommentData(Request):
    article_id: Id
    anchor: CommentAnchor
    body: str = Field(min_length=1, max_length=20_000)
    parent_id: Id | None = None
    resolved: bool = False


class LexiconTermData(Request):
    pattern: str = Field(min_length=1, max_length=500)
    severity: Literal["low", "medium", "high"] = "medium"
    is_regex: bool = False


class KitItemData(Request):
    """A reusable snippet or article template (its ``{variables}`` are checked by the Hub)."""

    title: str = Field(min_length=1, max_length=200)
    kind: Literal["snippet", "template"] = "snippet"
    body: str = Field(default="", max_length=200_000)
    tags: list[Annotated[str, Field(max_length=60)]] = Field(default_factory=list, max_length=50)
    language: str = Field(default="en", max_length=16)
    approved: bool = False


#: Fields the Hub derives or counts itself: never part of an op's data.
SERVER_FIELDS = frozenset(
    {"id", "version", "views", "registered", "attended", "report_count", "decision", "state",
     "created_at", "starts_at_utc", "responses", "joined_at",
     # moderation (hub/claims.py): a post's claim, a member's notes and strikes
     "claimed_by", "claimed_until", "notes",
     # articles' pending revisions and review comments (hub/staging.py)
     "staged", "author",
     # the kit (hub/kit.py): who proposed an item, who approved it
     "proposed_by", "approved_by"}
)  # fmt: skip

#: The schema of a create op's data, by record type.
CREATE_DATA: dict[str, type[Request]] = {
    "article": ArticleData,
    "webinar": WebinarData,
    "speaker": SpeakerData,
    "thread": ThreadData,
    "post": PostData,
    "poll": PollData,
    "member": MemberData,
    "lexicon_term": LexiconTermData,
    "review_comment": ReviewCommentData,
    "kit_item": KitItemData,
}
