"""A deterministic generator of realistic demo content for Studio and the Hub.

:func:`generate` streams ``(record_type, record)`` pairs. Records are plain dicts in wire form
(API.md's "Records" table): ids are UUID strings, instants RFC 3339 UTC strings with ``Z``, and a
webinar is a wall time (``starts_at``) in an IANA ``zone`` with ``fold`` and the derived
``starts_at_utc``. The same ``scale`` and ``seed`` always give the same records, in the same
order; every record comes after the records it refers to, so a consumer can write them in stream
order with foreign keys on.

Record types, in stream order (see :data:`RECORD_TYPES`):

- ``member``: the API fields, plus ``updated_at``.
- ``speaker``: ``id``, ``version``, ``name``, ``organisation``, ``bio``, ``zone``, ``photo``,
  ``availability`` (weekly windows in their zone, ``"Mon 08:00-18:00"``), ``updated_at`` (a
  guest speaker or a staff host, not necessarily a member).
- ``article``: the API fields, plus ``updated_at``.
- ``article_revision``: an earlier snapshot of an article (``article_id``, ``created_at``,
  ``reason``, ``label``, ``title``, ``summary``, ``body``, ``status``, ``version``).
- ``webinar``: the API fields (``speaker_ids`` and ``host_ids`` are speaker ids), plus
  ``updated_at``.
- ``webinar_registration``: ``id``, ``webinar_id``, ``member_id`` (None for a guest), ``name``,
  ``email``, ``status`` (registered, waiting, pending_approval, declined, cancelled),
  ``registered_at``, ``attended``.
- ``thread``, then its ``post`` records, each post followed by its ``report`` and ``decision``
  records (a decision: ``id``, ``post_id``, ``action``, ``reason``, ``note``, ``moderator``,
  ``decided_at``, ``outcome``).
- ``poll``: the API fields, ``options`` being ``[{"id", "position", "label", "responses"}]`` and
  ``responses`` the total, plus ``updated_at``; then its ``poll_response`` records (``id``,
  ``poll_id``, ``option_id``, ``member_id``, ``responded_at``).
- ``kit_item``: the API fields (a snippet or an article template of the kit, approved or an
  editor's proposal), plus ``updated_at``.

Deleted members appear as ``author_id``/``reporter_id``/``member_id`` None. The module imports only
the standard library and :mod:`studio.domain`, so the Hub can use it too.
"""

from __future__ import annotations

import random
import re
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from studio.demo import words as w
from studio.demo.kit_items import KIT
from studio.domain.instants import to_wire
from studio.domain.records import (
    STATE_AFTER_DECISION,
    ArticleStatus,
    DecisionAction,
    PostState,
    Registration,
    ResultsVisibility,
    WebinarStatus,
)
from studio.domain.slugs import slugify
from studio.domain.zones import wall_to_utc

Record = dict[str, Any]

#: The instant the demo takes as "now" unless told otherwise: the platform is six months old.
DEMO_NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

#: Record types in the order the stream first yields them (referenced types first).
RECORD_TYPES = (
    "member",
    "speaker",
    "article",
    "article_revision",
    "webinar",
    "webinar_registration",
    "thread",
    "post",
    "report",
    "decision",
    "poll",
    "poll_response",
    "kit_item",
)


@dataclass(frozen=True)
class Scale:
    """How much of everything a demo holds."""

    name: str
    members: int
    speakers: int
    articles: int
    webinars: int
    registrations: int
    posts: int
    polls: int
    #: Responses per poll on average (capped by the number of members).
    poll_responses: int


SCALES: dict[str, Scale] = {
    "small": Scale("small", 300, 12, 60, 20, 250, 3_000, 6, 40),
    "platform": Scale("platform", 9_000, 80, 1_500, 400, 5_000, 100_000, 50, 150),
    "x10": Scale("x10", 90_000, 400, 15_000, 4_000, 50_000, 1_000_000, 500, 400),
}


def generate(
    scale: str = "platform", seed: int = 2026, now: datetime | None = None
) -> Iterator[tuple[str, Record]]:
    """Stream the demo records of ``scale`` (a key of :data:`SCALES`) for ``seed``.

    ``now`` (default :data:`DEMO_NOW`) is the instant the content is built around: the platform
    launched six months before it, past webinars are done, scheduled ones lie after it.
    Raises KeyError for an unknown scale and ValueError for a naive ``now``.
    """
    try:
        spec = SCALES[scale]
    except KeyError:
        raise KeyError(f"unknown demo scale {scale!r}; choose one of {sorted(SCALES)}") from None
    if now is not None and now.tzinfo is None:
        raise ValueError("now must carry its offset")
    return _Generator(spec, seed, (now or DEMO_NOW).astimezone(UTC)).stream()


# -- internals -----------------------------------------------------------------------------------

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")
_DAY = 86_400
_STATUS_WEIGHTS = (
    (ArticleStatus.PUBLISHED, 64),
    (ArticleStatus.ARCHIVED, 8),
    (ArticleStatus.DRAFT, 11),
    (ArticleStatus.IN_REVIEW, 6),
    (ArticleStatus.APPROVED, 4),
    (ArticleStatus.SCHEDULED, 7),
)


@dataclass
class _Member:
    id: str
    name: str
    email: str
    joined: int  # epoch seconds


@dataclass
class _Topic:
    key: str
    lang: str
    label: str
    objects: tuple[str, ...]
    post_pool: list[str]
    article_pool: list[str]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Generator:
    def __init__(self, spec: Scale, seed: int, now: datetime) -> None:
        self.spec = spec
        self.seed = seed
        self.now_dt = now.replace(microsecond=0)
        self.now = int(self.now_dt.timestamp())
        self.launch = self.now - 182 * _DAY
        self.members: list[_Member] = []
        self.active: list[int] = []  # member indexes, repeated by activity
        self.staff: list[int] = []  # member indexes of the bank's editors
        self.strikes: list[int] = []
        self.slugs: set[str] = set()
        self.hosts: list[str] = []  # speaker ids of the bank's hosts
        self.topics: list[_Topic] = []
        self.fr_topics: list[_Topic] = []
        self.en_topics: list[_Topic] = []

    # helpers ---------------------------------------------------------------------------------

    def rng(self, section: str) -> random.Random:
        """An independent stream per section, so sections don't shift each other."""
        return random.Random(f"studio-demo:{self.spec.name}:{self.seed}:{section}")

    @staticmethod
    def uid(rng: random.Random) -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    def at(self, ts: int | float) -> str:
        """Epoch seconds as an RFC 3339 UTC instant."""
        return to_wire(datetime.fromtimestamp(int(ts), UTC))

    def stream(self) -> Iterator[tuple[str, Record]]:
        self._build_topics()
        yield from self._members()
        speakers = list(self._speakers())
        yield from speakers
        yield from self._articles()
        yield from self._webinars([s for _, s in speakers])
        yield from self._threads()
        yield from self._polls()
        yield from self._kit()  # last, from its own stream: the rest is unchanged

    def _fill(self, rng: random.Random, template: str, lang: str, obj: str, label: str) -> str:
        fr = lang == "fr"
        return template.format(
            subj=rng.choice(w.FR_SUBJECTS if fr else w.EN_SUBJECTS),
            obj=obj,
            obj_cap=_cap(obj),
            label=label,
            label_cap=_cap(label),
            outcome=rng.choice(w.FR_OUTCOMES if fr else w.EN_OUTCOMES),
            difficulty=rng.choice(w.FR_DIFFICULTIES if fr else w.EN_DIFFICULTIES),
            risk=rng.choice(w.FR_RISKS if fr else w.EN_RISKS),
            country=rng.choice(w.COUNTRIES_FR if fr else w.COUNTRIES_EN),
            n=rng.choice((2, 3, 4, 5, 6, 8, 10, 12, 18, 24)),
            size=rng.choice((5, 12, 25, 40, 80, 150, 240)),
            pct=rng.randint(12, 87),
            name=self.members[rng.choice(self.staff)].name if self.staff else "",
        )

    def _build_topics(self) -> None:
        rng = self.rng("topics")
        for key, fr_label, en_label, fr_objs, en_objs in w.TOPICS:
            for lang, label, objs, post_t, art_t in (
                ("fr", fr_label, fr_objs, w.FR_POST_TEMPLATES, w.FR_ARTICLE_SENTENCES),
                ("en", en_label, en_objs, w.EN_POST_TEMPLATES, w.EN_ARTICLE_SENTENCES),
            ):
                posts = [
                    self._fill(rng, rng.choice(post_t), lang, rng.choice(objs), label)
                    for _ in range(160)
                ]
                arts = [
                    self._fill(rng, rng.choice(art_t), lang, rng.choice(objs), label)
                    for _ in range(120)
                ]
                self.topics.append(_Topic(key, lang, label, objs, posts, arts))
        self.fr_topics = [t for t in self.topics if t.lang == "fr"]
        self.en_topics = [t for t in self.topics if t.lang == "en"]

    def pick_topic(self, rng: random.Random, lang: str) -> _Topic:
        return rng.choice(self.fr_topics if lang == "fr" else self.en_topics)

    # members ---------------------------------------------------------------------------------

    def _members(self) -> Iterator[tuple[str, Record]]:
        rng = self.rng("members")
        span = self.now - self.launch
        n_staff = max(4, self.spec.members // 300)
        specials = w.SPECIAL_MEMBERS
        for i in range(self.spec.members):
            joined = self.launch - 20 * _DAY + int((span + 20 * _DAY) * rng.random() ** 0.8)
            if i < len(specials):
                name, company, lang, local = specials[i]
            elif i < len(specials) + n_staff:
                first, last = rng.choice(w.FR_FIRST), rng.choice(w.FR_LAST)
                name, company, lang = f"{first} {last}", f"{w.BANK} — Rédaction", "fr"
                local = _ascii_local(f"{first}.{last}")
                joined = self.launch - rng.randint(20, 60) * _DAY
                self.staff.append(i)
            else:
                name, company, lang, local = self._person(rng)
            strikes = 0
            r = rng.random()
            if r < 0.02:
                strikes = 1
            elif r < 0.026:
                strikes = rng.randint(2, 3)
            if strikes:
                self.strikes.append(i)
            member_id = self.uid(rng)
            domain = rng.choice(w.EMAIL_DOMAINS)
            self.members.append(_Member(member_id, name, f"{local}.{i}@{domain}", joined))
            # A few members write most posts.
            if rng.random() < 0.6:
                self.active.extend([i] * min(200, 1 + int(rng.paretovariate(1.6))))
            version = 1 + (1 if strikes else 0) + (rng.random() < 0.2)
            yield (
                "member",
                {
                    "id": member_id,
                    "version": version,
                    "display_name": name,
                    "company": company,
                    "joined_at": self.at(joined),
                    "language": lang,
                    "strikes": strikes,
                    "updated_at": self.at(joined + rng.randint(0, max(1, self.now - joined))),
                },
            )
        if not self.active:
            self.active = list(range(len(self.members)))

    def _person(self, rng: random.Random) -> tuple[str, str, str, str]:
        r = rng.random()
        brand = rng.choice(w.BRAND_WORDS)
        if r < 0.06:
            (zl, zl_rom), (zf, zf_rom) = rng.choice(w.ZH_LAST), rng.choice(w.ZH_FIRST)
            style = rng.random()
            if style < 0.4:
                name = f"{zl}{zf}"
            elif style < 0.7:
                name = f"{zl_rom} {zf_rom}"
            else:
                name = f"{rng.choice(w.ZH_WESTERN)} {zl_rom} {zl}{zf}"
            company = rng.choice(w.ZH_COMPANY).format(brand=brand, zh=zl)
            lang = "zh-HK" if rng.random() < 0.6 else "en"
            return name, company, lang, _ascii_local(f"{zl_rom}.{zf_rom}")
        if r < 0.62:
            first, last, tpl, lang = (
                rng.choice(w.FR_FIRST),
                rng.choice(w.FR_LAST),
                rng.choice(w.FR_COMPANY),
                "fr",
            )
        else:
            first, last, tpl, lang = (
                rng.choice(w.EN_FIRST),
                rng.choice(w.EN_LAST),
                rng.choice(w.EN_COMPANY),
                "en",
            )
        company = "" if rng.random() < 0.04 else tpl.format(last=last, brand=brand)
        name = f"{first} {last}"
        if rng.random() < 0.05:
            name = f"{first} {last[0]}."
        return name, company, lang, _ascii_local(f"{first}.{last}")

    # speakers --------------------------------------------------------------------------------

    def _speakers(self) -> Iterator[tuple[str, Record]]:
        rng = self.rng("speakers")
        n_hosts = max(3, self.spec.speakers // 8)
        for i in range(self.spec.speakers):
            speaker_id = self.uid(rng)
            if i < n_hosts:
                first, last = rng.choice(w.FR_FIRST), rng.choice(w.FR_LAST)
                name, org, zone = f"{first} {last}", w.BANK, "Europe/Paris"
                if i == 1:
                    name, zone = "Winnie Lam 林詠詩", "Asia/Hong_Kong"
                bio = "Chargée de relations entreprises et animatrice des webinaires."
                self.hosts.append(speaker_id)
            else:
                zone = rng.choice(w.SPEAKER_ZONES)
                if zone == "Asia/Hong_Kong" or (zone.startswith("Asia") and rng.random() < 0.5):
                    (zl, zr), (zf, zfr) = rng.choice(w.ZH_LAST), rng.choice(w.ZH_FIRST)
                    name = rng.choice((f"{zl}{zf}", f"{zr} {zfr}", f"Dr {zfr} {zr} {zl}{zf}"))
                elif zone in ("Europe/Paris", "Africa/Casablanca", "America/Toronto"):
                    name = f"{rng.choice(w.FR_FIRST)} {rng.choice(w.FR_LAST)}"
                else:
                    name = f"{rng.choice(w.EN_FIRST)} {rng.choice(w.EN_LAST)}"
                org = rng.choice(w.SPEAKER_ORGS)
                topic = rng.choice(w.TOPICS)
                if rng.random() < 0.1:
                    bio = ""
                elif zone in ("Europe/Paris", "Africa/Casablanca"):
                    bio = (
                        f"Spécialiste {topic[1]} depuis {rng.randint(5, 30)} ans, "
                        f"accompagne les PME chez {org}."
                    )
                else:
                    bio = (
                        f"{rng.randint(5, 30)} years in {topic[2]}; advises growing businesses "
                        f"at {org}."
                    )
            # A third of the guests state weekday hours in their own zone (picked from the id,
            # not the random stream, so the rest of the data stays as it was).
            hours = i >= n_hosts and int(speaker_id[0], 16) < 5
            yield (
                "speaker",
                {
                    "id": speaker_id,
                    "version": 1,
                    "name": name,
                    "organisation": org,
                    "bio": bio,
                    "zone": zone,
                    "photo": None,
                    "availability": [f"{d} 08:00-18:00" for d in _WEEKDAYS] if hours else [],
                    "updated_at": self.at(self.now),
                },
            )

    # articles --------------------------------------------------------------------------------

    def _unique_slug(self, title: str) -> str:
        base = slugify(title)
        slug, n = base, 2
        while slug in self.slugs:
            slug = f"{base[:74]}-{n}"
            n += 1
        self.slugs.add(slug)
        return slug

    def _article_body(self, rng: random.Random, topic: _Topic) -> str:
        fr = topic.lang == "fr"
        headings = w.FR_HEADINGS if fr else w.EN_HEADINGS
        parts: list[str] = []
        for section in range(rng.randint(2, 5)):
            if section:
                parts.append(f"## {rng.choice(headings)}")
            for _ in range(rng.randint(1, 3)):
                parts.append(" ".join(rng.sample(topic.article_pool, rng.randint(2, 5))))
            r = rng.random()
            if r < 0.3:
                parts.append("\n".join(f"- **{_cap(o)}**" for o in rng.sample(topic.objects, 3)))
            elif r < 0.4:
                label, url = rng.choice(w.LINKS)
                parts.append(f"> {rng.choice(topic.article_pool)}\n\nVoir [{label}]({url}).")
            elif r < 0.45:
                image = f"https://images.example.org/{topic.key}-{rng.randint(1, 99)}.jpg"
                parts.append(f"![Illustration]({image})")
        return "\n\n".join(parts)

    def _articles(self) -> Iterator[tuple[str, Record]]:
        rng = self.rng("articles")
        statuses = [s for s, _ in _STATUS_WEIGHTS]
        weights = [n for _, n in _STATUS_WEIGHTS]
        for i in range(self.spec.articles):
            status = statuses[i] if i < len(statuses) else rng.choices(statuses, weights)[0]
            lang = "fr" if rng.random() < 0.6 else "en"
            topic = self.pick_topic(rng, lang)
            tpl = rng.choice(w.FR_ARTICLE_TITLES if lang == "fr" else w.EN_ARTICLE_TITLES)
            title = self._fill(rng, tpl, lang, rng.choice(topic.objects), topic.label)
            if i == 2 or rng.random() < 0.03:
                title += w.LONG_TITLE_TAIL_FR if lang == "fr" else w.LONG_TITLE_TAIL_EN
            if rng.random() < 0.08:
                title = f"{title} {rng.choice(w.EMOJI)}"
            summary = (
                "" if i == 3 or rng.random() < 0.1 else " ".join(rng.sample(topic.article_pool, 1))
            )
            body = self._article_body(rng, topic)
            tags = sorted(
                {topic.key, *rng.sample(w.TAGS, rng.randint(0, 3))},
                key=w.TAGS.index,
            )
            r = rng.random()
            if r < 0.8 and self.staff:
                author: str | None = self.members[rng.choice(self.staff)].id
            elif r < 0.97:
                author = self.members[rng.choice(self.active)].id
            else:
                author = None
            if i == 4:
                author = None
            publish_at: str | None = None
            views = 0
            created = self.launch + int((self.now - self.launch) * rng.random() ** 0.9)
            if status in (ArticleStatus.PUBLISHED, ArticleStatus.ARCHIVED):
                published = min(created + rng.randint(1, 10) * _DAY, self.now - 3600)
                publish_at = self.at(published)
                boost = 2 if status == ArticleStatus.ARCHIVED else 1
                views = min(50_000, int(rng.paretovariate(1.5) * 160 * boost))
                updated = published + int((self.now - published) * rng.random() ** 3)
                version = rng.randint(3, 7)
            elif status == ArticleStatus.SCHEDULED:
                publish_at = self.at(
                    self.now + rng.randint(1, 30) * _DAY + rng.randint(0, 12) * 3600
                )
                updated = self.now - rng.randint(1, 5 * _DAY)
                version = rng.randint(3, 5)
            else:
                if status == ArticleStatus.APPROVED and rng.random() < 0.5:
                    publish_at = self.at(self.now + rng.randint(3, 40) * _DAY)
                updated = self.now - rng.randint(600, 20 * _DAY)
                version = {"draft": 1, "in_review": 2, "approved": 3}[status] + rng.randint(0, 2)
            article_id = self.uid(rng)
            yield (
                "article",
                {
                    "id": article_id,
                    "version": version,
                    "title": title,
                    "slug": self._unique_slug(title),
                    "summary": summary,
                    "body": body,
                    "tags": tags,
                    "language": lang,
                    "status": str(status),
                    "publish_at": publish_at,
                    "author_id": author,
                    "featured_attachment": None,
                    "views": views,
                    "updated_at": self.at(updated),
                },
            )
            if status != ArticleStatus.DRAFT and rng.random() < 0.3:
                # The first draft, kept as a revision: shorter, with its first title.
                paragraphs = body.split("\n\n")
                first = "\n\n".join(paragraphs[: max(1, len(paragraphs) * 2 // 3)])
                yield (
                    "article_revision",
                    {
                        "id": self.uid(rng),
                        "article_id": article_id,
                        "created_at": self.at(created),
                        "reason": "saved",
                        "label": "Premier jet" if lang == "fr" else "First draft",
                        "title": title.split(":")[0].strip() or title,
                        "summary": "",
                        "body": first,
                        "status": "draft",
                        "version": 1,
                    },
                )

    # webinars --------------------------------------------------------------------------------

    def _webinar_slots(self, rng: random.Random) -> list[tuple[str, str, int, str | None]]:
        """(starts_at wall time, zone, fold, series_id) for every webinar, in time order."""
        slots: list[tuple[str, str, int, str | None]] = []
        n = self.spec.webinars
        first_day = (self.now_dt - timedelta(days=175)).date()
        days = 175 + 90
        # The oddities: one live right now, one in New York's repeated hour (fold=1).
        paris_now = self.now_dt.astimezone(ZoneInfo("Europe/Paris")) - timedelta(minutes=15)
        slots.append((paris_now.strftime("%Y-%m-%dT%H:%M:00"), "Europe/Paris", 0, None))
        slots.append(("2026-11-01T01:30:00", "America/New_York", 1, None))
        while len(slots) < n:
            zone = rng.choice(w.SPEAKER_ZONES)
            hour = rng.choice((8, 9, 9, 10, 10, 11, 12, 14, 14, 15, 16, 17, 18))
            minute = rng.choice((0, 0, 0, 30, 30, 15, 45))
            if rng.random() < 0.15 and n - len(slots) >= 3:
                # A recurring series: same wall time, weekly or monthly.
                series: str | None = self.uid(rng)
                count = min(n - len(slots), rng.randint(3, 8))
                step = rng.choice((7, 14, 28))
            else:
                series, count, step = None, 1, 0
            start = rng.randint(0, days - 1 - step * (count - 1))
            for k in range(count):
                day = first_day + timedelta(days=start + step * k)
                if day.weekday() >= 5:
                    day += timedelta(days=7 - day.weekday())
                wall = f"{day.isoformat()}T{hour:02d}:{minute:02d}:00"
                slots.append((wall, zone, 0, series))
        return slots[:n]

    def _webinars(self, speakers: Sequence[Record]) -> Iterator[tuple[str, Record]]:
        rng = self.rng("webinars")
        guests = [s for s in speakers if s["id"] not in self.hosts] or list(speakers)
        by_zone: dict[str, list[Record]] = {}
        for s in guests:
            by_zone.setdefault(s["zone"], []).append(s)
        slots = self._webinar_slots(rng)
        plans: list[Record] = []
        series_titles: dict[str, tuple[str, _Topic]] = {}
        for index, (wall, zone, fold, series) in enumerate(slots):
            utc = wall_to_utc(wall, zone, fold)
            # A wall time in a DST gap would not survive the round trip: move it an hour on.
            if utc.astimezone(ZoneInfo(zone)).replace(tzinfo=None).isoformat() != wall:
                wall = (datetime.fromisoformat(wall) + timedelta(hours=1)).isoformat()
                utc = wall_to_utc(wall, zone, fold)
            start = int(utc.timestamp())
            duration = rng.choice((30, 45, 60, 60, 60, 90, 120))
            if series and series in series_titles:
                title, topic = series_titles[series]
            else:
                lang = "fr" if zone in ("Europe/Paris", "Africa/Casablanca") else "en"
                if rng.random() < 0.2:
                    lang = "en" if lang == "fr" else "fr"
                topic = self.pick_topic(rng, lang)
                tpl = rng.choice(w.FR_WEBINAR_TITLES if lang == "fr" else w.EN_WEBINAR_TITLES)
                title = self._fill(rng, tpl, lang, rng.choice(topic.objects), topic.label)
                if index == 1:
                    title = "Asia-Pacific trade finance briefing (New York desk, 14:30 HKT) 🇭🇰"
                if series:
                    series_titles[series] = (title, topic)
            if start <= self.now < start + duration * 60:
                status = WebinarStatus.LIVE
            elif start + duration * 60 <= self.now:
                status = WebinarStatus.CANCELLED if rng.random() < 0.04 else WebinarStatus.DONE
            else:
                status = WebinarStatus.DRAFT if rng.random() < 0.12 else WebinarStatus.SCHEDULED
            if index == 0:
                status = WebinarStatus.LIVE
            elif index == 1 and status == WebinarStatus.CANCELLED:
                status = WebinarStatus.DONE
            pool = by_zone.get(zone) if rng.random() < 0.7 else None
            chosen = rng.sample(pool or guests, min(len(pool or guests), rng.randint(1, 3)))
            hosts = [rng.choice(self.hosts)] if self.hosts else []
            if rng.random() < 0.1 and len(self.hosts) > 1:
                hosts = rng.sample(self.hosts, 2)
            description = " ".join(rng.sample(topic.article_pool, rng.randint(2, 4)))
            agenda = "\n".join(f"- {_cap(o)}" for o in rng.sample(topic.objects, 3))
            heading = "**Au programme :**" if topic.lang == "fr" else "**Agenda:**"
            full = f"{description}\n\n{heading}\n{agenda}"
            description = "" if rng.random() < 0.05 else full
            if status in (WebinarStatus.DONE, WebinarStatus.CANCELLED, WebinarStatus.LIVE):
                registration = Registration.CLOSED
            else:
                registration = Registration.APPROVAL if rng.random() < 0.2 else Registration.OPEN
            webinar_id = self.uid(rng)
            plans.append(
                {
                    "id": webinar_id,
                    "version": rng.randint(1, 4),
                    "title": title,
                    "description": description,
                    "starts_at": wall,
                    "zone": zone,
                    "fold": fold,
                    "starts_at_utc": to_wire(utc),
                    "duration_minutes": duration,
                    "speaker_ids": [s["id"] for s in chosen],
                    "host_ids": hosts,
                    "capacity": rng.choice((30, 50, 80, 100, 100, 150, 200, 300, 500)),
                    "registration": str(registration),
                    "status": str(status),
                    "series_id": series,
                    "registered": 0,
                    "attended": 0,
                    "join_link": f"https://meet.example.com/w/{webinar_id[:8]}",
                    "waiting_list": False,
                    "updated_at": self.at(min(self.now, start - rng.randint(1, 30) * _DAY)),
                    "_start": start,
                }
            )
        # Registrations: a few popular webinars take most of them.
        weights = [
            0.0 if p["status"] == WebinarStatus.DRAFT else rng.paretovariate(1.3) for p in plans
        ]
        total = sum(weights) or 1.0
        reg_rng = self.rng("registrations")
        guest_no = 0
        for plan, weight in zip(plans, weights, strict=True):
            n = min(len(self.members), round(self.spec.registrations * weight / total))
            if n and reg_rng.random() < 0.12:
                plan["capacity"] = max(5, int(n * 0.7))  # full, with a waiting list
                plan["waiting_list"] = True
            elif n > plan["capacity"]:
                plan["capacity"] = n + reg_rng.randint(0, 50)
            start = plan.pop("_start")
            registrations = list(self._registrations(reg_rng, plan, start, n, guest_no))
            guest_no += n
            plan["registered"] = sum(1 for r in registrations if r["status"] == "registered")
            plan["attended"] = sum(1 for r in registrations if r["attended"])
            yield "webinar", plan
            for entry in registrations:
                yield "webinar_registration", entry

    def _registrations(
        self, rng: random.Random, plan: Record, start: int, n: int, guest_no: int
    ) -> Iterator[Record]:
        status_of = plan["status"]
        done = status_of == WebinarStatus.DONE
        taken = 0
        opened = min(start - 45 * _DAY, self.now - 7 * _DAY)
        for k, index in enumerate(rng.sample(range(len(self.members)), n)):
            member = self.members[index]
            if rng.random() < 0.08:
                member_id: str | None = None
                name = f"Invité·e {guest_no + k}" if rng.random() < 0.5 else f"Guest {guest_no + k}"
                email = f"guest{guest_no + k}@{rng.choice(w.EMAIL_DOMAINS)}"
            else:
                member_id, name, email = member.id, member.name, member.email
            r = rng.random()
            if status_of == WebinarStatus.CANCELLED or r < 0.05:
                status = "cancelled"
            elif plan["registration"] == Registration.APPROVAL and r < 0.25:
                status = "pending_approval"
            elif plan["registration"] == Registration.APPROVAL and r < 0.3:
                status = "declined"
            elif taken < plan["capacity"]:
                status = "registered"
                taken += 1
            else:
                status = "waiting"
            latest = min(start, self.now)
            at = opened + int((latest - opened) * rng.random() ** 0.5)
            yield {
                "id": self.uid(rng),
                "webinar_id": plan["id"],
                "member_id": member_id,
                "name": name,
                "email": email,
                "status": status,
                "registered_at": self.at(at),
                "attended": done and status == "registered" and rng.random() < 0.62,
            }

    # threads and posts -----------------------------------------------------------------------

    def _threads(self) -> Iterator[tuple[str, Record]]:
        rng = self.rng("posts")
        target = self.spec.posts
        specials: dict[int, str] = {}
        oddities = [*w.HOSTILE_POSTS, *w.SCAM_POSTS, *w.MARKDOWN_POSTS, *w.EMOJI_POSTS]
        for k, body in enumerate(oddities):
            specials[(k + 1) * target // (len(oddities) + 2)] = body
        hostile = set(w.HOSTILE_POSTS) | set(w.SCAM_POSTS)
        members = self.members
        active = self.active
        strikes = set(self.strikes)
        span = self.now - self.launch
        recent = self.now - 3 * _DAY
        done = 0
        thread_no = 0
        while done < target:
            size = 1 + int(rng.expovariate(1 / 9))
            if rng.random() < 0.01:
                size = rng.randint(100, 400)
            size = min(size, target - done)
            r = rng.random()
            lang = "fr" if r < 0.55 else ("en" if r < 0.95 else "zh")
            topic = self.pick_topic(rng, "fr" if lang == "fr" else "en")
            if lang == "zh":
                title = rng.choice(w.ZH_SENTENCES)
            else:
                tpl = rng.choice(w.FR_THREAD_TITLES if lang == "fr" else w.EN_THREAD_TITLES)
                title = self._fill(rng, tpl, topic.lang, rng.choice(topic.objects), topic.label)
            if rng.random() < 0.05:
                title = f"{rng.choice(w.EMOJI)} {title}"
            if thread_no == 1 or rng.random() < 0.005:
                title += w.LONG_TITLE_TAIL_FR if topic.lang == "fr" else w.LONG_TITLE_TAIL_EN
            t = self.launch + int(span * rng.random() ** 0.7)
            opener = rng.choice(active)
            thread_author: str | None = members[opener].id
            if thread_no == 2 or rng.random() < 0.015:
                thread_author = None  # the member who started it left
            thread_id = self.uid(rng)
            thread_no += 1
            yield (
                "thread",
                {
                    "id": thread_id,
                    "version": 1,
                    "title": title,
                    "author_id": thread_author,
                    "created_at": self.at(t),
                    "updated_at": self.at(t),
                },
            )
            post_ids: list[str] = []
            for k in range(size):
                if k:
                    gap = rng.expovariate(1 / (4 * 3600)) if rng.random() < 0.9 else 3 * _DAY
                    t += 60 + int(gap)
                    if t >= self.now:
                        break
                    index = rng.choice(active)
                    if members[index].joined > t:
                        index = rng.choice(active)
                    author: str | None = members[index].id
                    if rng.random() < 0.015:
                        author = None
                else:
                    index, author = opener, thread_author
                special = specials.get(done)
                if special is not None:
                    body = special
                    if body in w.HOSTILE_POSTS[:2]:
                        author = None
                elif lang == "zh":
                    body = " ".join(rng.sample(w.ZH_SENTENCES, rng.randint(1, 3)))
                else:
                    body = self._post_body(rng, topic, k == 0)
                post_id = self.uid(rng)
                created = t
                state = PostState.VISIBLE
                if created > recent and (rng.random() < 0.25 or index in strikes):
                    state = PostState.PENDING
                n_reports = 0
                if body in hostile:
                    n_reports = rng.randint(1, 5)
                elif rng.random() < 0.03:
                    n_reports = 1 + int(rng.expovariate(1.2))
                decisions = self._decisions(rng, post_id, created, state, n_reports, body)
                if decisions:
                    state = STATE_AFTER_DECISION[DecisionAction(decisions[-1]["action"])]
                    last = decisions[-1]
                    decision: Record | None = {
                        "action": last["action"],
                        "reason": last["reason"],
                        "by": last["moderator"],
                        "at": last["decided_at"],
                    }
                else:
                    decision = None
                yield (
                    "post",
                    {
                        "id": post_id,
                        "version": 1 + len(decisions),
                        "thread_id": thread_id,
                        "parent_id": (
                            None
                            if not post_ids
                            else post_ids[0]
                            if rng.random() < 0.6
                            else rng.choice(post_ids)
                        ),
                        "author_id": author,
                        "body": body,
                        "created_at": self.at(created),
                        "state": str(state),
                        "report_count": n_reports,
                        "decision": decision,
                        "updated_at": decisions[-1]["decided_at"]
                        if decisions
                        else self.at(created),
                    },
                )
                if len(post_ids) < 50:
                    post_ids.append(post_id)
                for _ in range(n_reports):
                    reporter = members[rng.choice(active)].id if rng.random() > 0.03 else None
                    yield (
                        "report",
                        {
                            "id": self.uid(rng),
                            "post_id": post_id,
                            "reporter_id": reporter,
                            "reason": rng.choice(w.REPORT_REASONS),
                            "note": rng.choice(w.REPORT_NOTES),
                            "created_at": self.at(
                                created + int((self.now - created) * rng.random() ** 4)
                            ),
                        },
                    )
                for d in decisions:
                    yield "decision", d
                done += 1

    def _post_body(self, rng: random.Random, topic: _Topic, first: bool) -> str:
        fr = topic.lang == "fr"
        r = rng.random()
        if not first and r < 0.25:
            return rng.choice(w.FR_SHORT_REPLIES if fr else w.EN_SHORT_REPLIES)
        sentences = rng.sample(topic.post_pool, rng.randint(1, 4))
        text = " ".join(sentences)
        if first:
            opener = rng.choice(w.FR_OPENERS if fr else w.EN_OPENERS)
            closer = rng.choice(w.FR_CLOSERS if fr else w.EN_CLOSERS)
            text = f"{opener}\n\n{text}\n\n{closer}"
        r = rng.random()
        if r < 0.04:
            label, url = rng.choice(w.LINKS)
            text += f"\n\nVoir [{label}]({url})." if fr else f"\n\nSee [{label}]({url})."
        elif r < 0.06:
            text += "\n\n" + rng.choice(w.MARKDOWN_POSTS)
        elif r < 0.1:
            text += " " + rng.choice(w.EMOJI)
        elif r < 0.102:
            text += "\n\n" + rng.choice(w.HOSTILE_POSTS)
        return text

    def _decisions(
        self,
        rng: random.Random,
        post_id: str,
        created: int,
        state: PostState,
        n_reports: int,
        body: str,
    ) -> list[Record]:
        if state == PostState.PENDING:
            return []
        age = self.now - created
        actions: list[DecisionAction] = []
        if n_reports and age > 2 * _DAY and rng.random() < 0.75:
            r = rng.random()
            bad = body in w.SCAM_POSTS or body in w.HOSTILE_POSTS
            if bad or r < 0.55:
                actions = [DecisionAction.REMOVE]
            elif r < 0.88:
                actions = [DecisionAction.APPROVE]
            else:
                actions = [DecisionAction.ESCALATE]
            r = rng.random()
            if actions[0] == DecisionAction.ESCALATE and r < 0.6:
                actions.append(DecisionAction.REMOVE)
            elif actions[0] == DecisionAction.REMOVE and r < 0.08:
                actions.append(DecisionAction.RESTORE)
        elif not n_reports and age > 3600 and rng.random() < 0.003:
            actions = [DecisionAction.REMOVE]  # caught by the lexicon before anyone reported it
        decisions: list[Record] = []
        at = created + int(min(age, 2 * _DAY) * rng.random()) + 60
        for action in actions:
            at = min(self.now - 60, at + rng.randint(60, _DAY // 2))
            reason = rng.choice(w.REMOVAL_REASONS) if action == DecisionAction.REMOVE else ""
            if action == DecisionAction.ESCALATE:
                reason = "Needs compliance review"
            decisions.append(
                {
                    "id": self.uid(rng),
                    "post_id": post_id,
                    "action": str(action),
                    "reason": reason,
                    "note": rng.choice(w.DECISION_NOTES),
                    "moderator": rng.choice(w.MODERATORS),
                    "decided_at": self.at(at),
                    "outcome": "applied",
                }
            )
        return decisions

    # polls -----------------------------------------------------------------------------------

    def _polls(self) -> Iterator[tuple[str, Record]]:
        rng = self.rng("polls")
        n_members = len(self.members)
        for i in range(self.spec.polls):
            question, labels = w.POLLS[i % len(w.POLLS)]
            if i >= len(w.POLLS):
                question = f"{question} ({rng.choice(('T1', 'T2', 'T3', 'T4', 'S2'))})"
            r = rng.random()
            opens = self.launch + int((self.now - self.launch) * rng.random())
            if i == 1 or (i > 2 and r < 0.1):  # scheduled: not open yet
                opens = self.now + rng.randint(1, 20) * _DAY
                closes: int | None = opens + rng.randint(7, 30) * _DAY
            elif r < 0.4:  # open now
                opens = self.now - rng.randint(1, 20) * _DAY
                closes = None if rng.random() < 0.3 else self.now + rng.randint(1, 20) * _DAY
            else:  # closed
                closes = min(self.now - 3600, opens + rng.randint(7, 30) * _DAY)
            poll_id = self.uid(rng)
            options: list[Record] = [
                {"id": self.uid(rng), "position": k, "label": label, "responses": 0}
                for k, label in enumerate(labels)
            ]
            end = min(self.now, closes) if closes is not None else self.now
            if opens >= self.now:
                n = 0
            else:
                n = min(n_members, int(rng.expovariate(1 / self.spec.poll_responses)) + 3)
            weights = [rng.random() ** 2 + 0.05 for _ in options]
            picks = rng.choices(range(len(options)), weights, k=n)
            for k in picks:
                options[k]["responses"] += 1
            yield (
                "poll",
                {
                    "id": poll_id,
                    "version": rng.randint(1, 3),
                    "question": question,
                    "options": options,
                    "opens_at": self.at(opens),
                    "closes_at": None if closes is None else self.at(closes),
                    "results_visibility": str(rng.choice(list(ResultsVisibility))),
                    "responses": n,
                    "updated_at": self.at(min(self.now, opens)),
                },
            )
            voters = rng.sample(range(n_members), n)
            for voter, k in zip(voters, picks, strict=True):
                member_id = self.members[voter].id if rng.random() > 0.01 else None
                yield (
                    "poll_response",
                    {
                        "id": self.uid(rng),
                        "poll_id": poll_id,
                        "option_id": options[k]["id"],
                        "member_id": member_id,
                        "responded_at": self.at(opens + int((end - opens) * rng.random())),
                    },
                )

    def _kit(self) -> Iterator[tuple[str, Record]]:
        rng = self.rng("kit")
        for title, kind, language, tags, approved, by, body in KIT:
            yield (
                "kit_item",
                {
                    "id": self.uid(rng),
                    "version": rng.randint(1, 3),
                    "title": title,
                    "kind": kind,
                    "body": body,
                    "tags": list(tags),
                    "language": language,
                    "approved": approved,
                    "approved_by": "admin" if approved else None,
                    "proposed_by": by,
                    "updated_at": self.at(self.now - rng.randint(1, 120) * _DAY),
                },
            )


def _ascii_local(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9.]+", "", folded.lower().replace(" ", "")) or "member"
