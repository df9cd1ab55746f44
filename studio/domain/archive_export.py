"""The archive export package: one RFC 5322 message per archive entry, a manifest, a README.

A package is a folder::

    README.txt          what this is and how to check it (the text of README below)
    manifest.json       every other file with its SHA-256 and size; for each message, the
                        archive entry it holds (seq, hash, prev_hash, kind, at, actor, …)
    messages/SEQ-KIND.eml

Each message carries the entry twice: readable (headers naming actor, time, kind and thread; the
text as the member wrote it) and exact (the entry as canonical JSON in an attachment
``archive-entry.json``), so anyone can recompute the entry's hash
(``sha256(prev_hash || canonical_json(entry without hash))``, ``studio.domain.archive``) and
compare it with the Hub's chain. :func:`check_package` checks a package from its manifest alone.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from itertools import pairwise
from pathlib import Path, PurePosixPath
from typing import Any

from studio.domain.archive import canonical_json, entry_hash
from studio.domain.instants import from_wire

FORMAT = "studio-archive-export"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
README_FILE = "README.txt"
MESSAGES = "messages"
ENTRY_PART = "archive-entry.json"
#: Addresses in the messages are made up (the platform has no e-mail): ``.invalid`` (RFC 2606)
#: guarantees they reach no one.
DOMAIN = "archive.studio.invalid"
ENTRY_KEYS = ("seq", "hash", "prev_hash", "kind", "at", "actor", "subject_id", "thread_id")

README = """\
Studio compliance archive export
================================

This folder is an export of entries of the platform's compliance archive, made by Studio
(`studio archive export`). Format: {format}, version {version}.

Contents
--------
manifest.json
    JSON. Says what was exported (selection), by whom, when, from which Hub, where the archive's
    hash chain stood, and lists every other file of this folder with its SHA-256 and size in
    bytes. For each message it also gives the archive entry the message holds: its position in
    the chain (seq), its hash and the hash of the entry before it (prev_hash), its kind, time,
    actor, subject and thread.

README.txt
    This text.

messages/NNNNNNNNNN-KIND.eml
    One e-mail message (RFC 5322, MIME) per archive entry: a post, a reply, a report, a
    moderation decision (and, in exports of the whole archive, publications, edits, deletions
    and poll responses). NNNNNNNNNN is the entry's seq. The headers name:
        From        the actor (display name when Studio knows the member; the address is
                    made up under .invalid and reaches no one)
        To          the thread the entry belongs to (made-up address), if any
        Date        when the entry was written to the archive
        Subject     [KIND] and the thread's title
        Message-ID  <SEQ.HASH@{domain}>; In-Reply-To / References point at the post a
                    reply, report or decision is about, when it is in the archive
        X-Archive-Seq, X-Archive-Kind, X-Archive-Actor, X-Archive-At, X-Archive-Subject-Id,
        X-Archive-Thread-Id, X-Archive-Hash, X-Archive-Prev-Hash
                    the entry's fields exactly as archived
    The first part is the text for a person. The attachment archive-entry.json is the entry
    itself as canonical JSON (sorted keys, no spaces, UTF-8): the exact fields the hash covers.

Checking this package
---------------------
1. Every file listed in manifest.json must exist with the SHA-256 given there, and no other
   file may be present (besides manifest.json itself).
2. Each entry's hash must be sha256(prev_hash || canonical_json(entry without "hash")) in hex,
   where prev_hash is the ASCII hex text and canonical_json has sorted keys, separators "," and
   ":", and UTF-8 text. Consecutive entries (seq N and N+1) must link: the later one's prev_hash
   is the earlier one's hash.
3. Any entry's hash can be compared with the platform's archive (GET /v1/archive?since=SEQ-1
   &limit=1, or `studio archive verify`): the same hash proves the same entry, at the same place
   in a chain that nobody can change without every later hash changing.

`studio archive verify-export FOLDER` does 1 and 2 and prints the SHA-256 of manifest.json; that
figure, recorded when the package was handed over (it is printed by the export), proves the
manifest itself unchanged.
"""


@dataclass(frozen=True)
class Written:
    folder: Path
    messages: int
    manifest_sha256: str


@dataclass(frozen=True)
class PackageProblem:
    path: str
    problem: str  # changed, missing, extra, unsafe, manifest, chain
    message: str


@dataclass
class PackageCheck:
    files: int = 0
    entries: int = 0
    manifest_sha256: str = ""
    problems: list[PackageProblem] = field(default_factory=list)
    first_seq: int = 0
    last_seq: int = 0

    @property
    def intact(self) -> bool:
        return not self.problems


class PackageError(Exception):
    """A package cannot be written or read at all; ``str()`` is a sentence."""


# -- messages ----------------------------------------------------------------------------------


def message_id(seq: int, hash_: str) -> str:
    return f"<{seq}.{hash_[:32]}@{DOMAIN}>"


def file_name(entry: Mapping[str, Any]) -> str:
    kind = re.sub(r"[^a-z0-9_]", "_", str(entry["kind"]).lower())[:32] or "entry"
    return f"{MESSAGES}/{int(entry['seq']):010d}-{kind}.eml"


def _local_part(value: str, prefix: str = "") -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "-", value).strip(".-")[:64]
    return f"{prefix}{cleaned or 'unknown'}"


def _date(at: str) -> str:
    try:
        return format_datetime(from_wire(at), usegmt=True)
    except ValueError:
        return format_datetime(datetime(1970, 1, 1, tzinfo=UTC), usegmt=True)


def _text(entry: Mapping[str, Any], names: Mapping[str, str]) -> str:
    payload: Mapping[str, Any] = entry["payload"]
    kind = str(entry["kind"])
    lines: list[str] = []
    if kind in ("post", "reply"):
        author = payload.get("author_id")
        if author:
            lines.append(f"Author: {names.get(str(author), str(author))}")
        lines += ["", str(payload.get("body", ""))]
    elif kind == "decision":
        lines.append(f"Decision: {payload.get('action', '')}")
        lines.append(f"Reason: {payload.get('reason') or '(none given)'}")
        if payload.get("note"):
            lines.append(f"Note: {payload['note']}")
        lines.append(f"On post: {entry['subject_id']}")
    elif kind == "report":
        lines.append(f"Reported for: {payload.get('reason', '')}")
        if payload.get("note"):
            lines.append(f"Note: {payload['note']}")
        reporter = payload.get("reporter_id")
        if reporter:
            lines.append(f"Reporter: {names.get(str(reporter), str(reporter))}")
        lines.append(f"On post: {entry['subject_id']}")
    else:
        lines += [
            f"{key}: {json.dumps(value, ensure_ascii=False)}"
            for key, value in sorted(payload.items())
        ]
    return "\n".join(lines).rstrip() + "\n"


def eml(
    entry: Mapping[str, Any],
    names: Mapping[str, str] | None = None,
    about: Mapping[str, tuple[int, str]] | None = None,
) -> bytes:
    """The message for one archive entry (``entry`` as the API gives it, plus ``thread_id``).

    ``names`` gives display names by member or thread id; ``about`` the (seq, hash) of the
    archived post each subject id names, for In-Reply-To and References.
    """
    names = names or {}
    about = about or {}
    seq, kind, actor = int(entry["seq"]), str(entry["kind"]), str(entry["actor"])
    thread = entry.get("thread_id")
    payload: Mapping[str, Any] = entry["payload"]
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = Address(
        display_name=names.get(actor, actor), addr_spec=f"{_local_part(actor)}@{DOMAIN}"
    )
    if thread:
        message["To"] = Address(
            display_name=names.get(str(thread), f"Thread {thread}"),
            addr_spec=f"{_local_part(str(thread), 'thread.')}@{DOMAIN}",
        )
    message["Date"] = _date(str(entry["at"]))
    title = names.get(str(thread)) if thread else None
    label = f"{kind}: {payload['action']}" if kind == "decision" and payload.get("action") else kind
    message["Subject"] = f"[{label}] {title or payload.get('title') or entry['subject_id']}"
    message["Message-ID"] = message_id(seq, str(entry["hash"]))
    if kind == "reply" and payload.get("parent_id"):
        target = about.get(str(payload["parent_id"]))
    elif kind in ("report", "decision"):
        target = about.get(str(entry["subject_id"]))
    else:
        target = None
    if target is not None and target[0] != seq:
        message["In-Reply-To"] = message_id(*target)
        message["References"] = message_id(*target)
    message["X-Archive-Seq"] = str(seq)
    message["X-Archive-Kind"] = kind
    message["X-Archive-Actor"] = actor
    message["X-Archive-At"] = str(entry["at"])
    message["X-Archive-Subject-Id"] = str(entry["subject_id"])
    if thread:
        message["X-Archive-Thread-Id"] = str(thread)
    message["X-Archive-Hash"] = str(entry["hash"])
    message["X-Archive-Prev-Hash"] = str(entry["prev_hash"])
    message.set_content(_text(entry, names), subtype="plain", charset="utf-8")
    exact = {k: entry[k] for k in ("seq", "at", "kind", "actor", "subject_id", "payload")}
    exact |= {"prev_hash": entry["prev_hash"], "hash": entry["hash"]}
    message.add_attachment(
        canonical_json(exact), maintype="application", subtype="json", filename=ENTRY_PART
    )
    return message.as_bytes()


def entry_in(message_bytes: bytes) -> dict[str, Any] | None:
    """The exact archive entry a message carries (its ``archive-entry.json``), if readable."""
    message = email.message_from_bytes(message_bytes, policy=email.policy.default)
    for part in message.walk():
        if part.get_filename() == ENTRY_PART:
            content = part.get_payload(decode=True)
            if not isinstance(content, bytes):
                return None
            try:
                value = json.loads(content)
            except ValueError:
                return None
            return value if isinstance(value, dict) else None
    return None


# -- writing -----------------------------------------------------------------------------------


def write_package(
    out: Path,
    entries: Iterable[Mapping[str, Any]],
    about_export: Mapping[str, Any],
    names: Mapping[str, str] | None = None,
    posts: Mapping[str, tuple[int, str]] | None = None,
) -> Written:
    """Write a package into ``out`` (which must not exist, or be an empty folder).

    The package is made in a folder beside ``out`` and renamed into place once complete, so a
    failed export leaves no half-made package. ``about_export`` goes into the manifest as is.
    Raises PackageError.
    """
    out = out.absolute()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise PackageError(f"{out} exists and is not an empty folder; choose a new one.")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    except OSError as exc:
        raise PackageError(f"Cannot write in {out.parent}: {exc.strerror or exc}.") from exc
    try:
        files: list[dict[str, Any]] = []
        (scratch / MESSAGES).mkdir()
        readme = README.format(format=FORMAT, version=FORMAT_VERSION, domain=DOMAIN)
        files.append(_write(scratch, README_FILE, readme.encode("utf-8")))
        count = 0
        for entry in entries:
            listed = _write(scratch, file_name(entry), eml(entry, names, posts))
            listed["entry"] = {k: entry.get(k) for k in ENTRY_KEYS}
            files.append(listed)
            count += 1
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            **about_export,
            "hash_algorithm": "sha256",
            "entry_hash": "sha256(prev_hash || canonical_json(entry without hash))",
            "messages": count,
            "files": files,
        }
        data = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
        (scratch / MANIFEST).write_bytes(data)
        if out.exists():
            out.rmdir()
        os.replace(scratch, out)
    except OSError as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        raise PackageError(f"Cannot write the package in {out}: {exc.strerror or exc}.") from exc
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return Written(out, count, hashlib.sha256(data).hexdigest())


def _write(folder: Path, relative: str, data: bytes) -> dict[str, Any]:
    path = folder / relative
    path.write_bytes(data)
    return {"path": relative, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


# -- checking ----------------------------------------------------------------------------------


def _safe(relative: object) -> bool:
    if not isinstance(relative, str) or not relative or "\\" in relative or "\x00" in relative:
        return False
    path = PurePosixPath(relative)
    return not path.is_absolute() and ".." not in path.parts and path.parts[0] != ""


def check_package(folder: Path) -> PackageCheck:
    """Check a package from its manifest alone: every listed file present with its SHA-256, no
    file unlisted, every message's entry hashing to the hash listed, consecutive entries linked.

    Raises PackageError when ``folder`` is not a folder.
    """
    if not folder.is_dir():
        raise PackageError(f"There is no folder {folder}.")
    check = PackageCheck()
    manifest_path = folder / MANIFEST
    try:
        raw = manifest_path.read_bytes()
    except OSError:
        check.problems.append(
            PackageProblem(MANIFEST, "missing", f"{MANIFEST} is missing: nothing can be checked.")
        )
        return check
    check.manifest_sha256 = hashlib.sha256(raw).hexdigest()
    try:
        manifest = json.loads(raw)
        listed = manifest["files"]
        if manifest.get("format") != FORMAT or not isinstance(listed, list):
            raise ValueError
    except (ValueError, KeyError, TypeError):
        check.problems.append(
            PackageProblem(MANIFEST, "manifest", f"{MANIFEST} is not a {FORMAT} manifest.")
        )
        return check
    seen: set[str] = set()
    chain: list[tuple[int, str, str]] = []  # seq, hash, prev_hash of each readable entry
    for item in listed:
        relative = item.get("path") if isinstance(item, dict) else None
        if not _safe(relative) or not isinstance(item.get("sha256"), str):
            check.problems.append(
                PackageProblem(
                    str(relative),
                    "unsafe",
                    f"The manifest lists {relative!r}, not a file path inside the package.",
                )
            )
            continue
        assert isinstance(relative, str)
        seen.add(relative)
        check.files += 1
        path = folder / relative
        try:
            data = path.read_bytes()
        except OSError:
            check.problems.append(PackageProblem(relative, "missing", f"{relative} is missing."))
            continue
        if hashlib.sha256(data).hexdigest() != item["sha256"]:
            check.problems.append(
                PackageProblem(
                    relative, "changed", f"{relative} was changed (its SHA-256 differs)."
                )
            )
            continue
        listed_entry = item.get("entry")
        if isinstance(listed_entry, dict):
            check.entries += 1
            problem = _entry_problem(relative, data, listed_entry)
            if problem is not None:
                check.problems.append(problem)
            else:
                chain.append(
                    (
                        int(listed_entry["seq"]),
                        str(listed_entry["hash"]),
                        str(listed_entry["prev_hash"]),
                    )
                )
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative != MANIFEST and relative not in seen:
            check.problems.append(
                PackageProblem(relative, "extra", f"{relative} is not in the manifest.")
            )
    chain.sort()
    for (seq, hash_, _), (next_seq, _, next_prev) in pairwise(chain):
        if next_seq == seq + 1 and next_prev != hash_:
            check.problems.append(
                PackageProblem(
                    f"entry {next_seq}",
                    "chain",
                    f"Entry {next_seq} does not follow entry {seq} (its prev_hash differs).",
                )
            )
    if chain:
        check.first_seq, check.last_seq = chain[0][0], chain[-1][0]
    return check


def _entry_problem(relative: str, data: bytes, listed: Mapping[str, Any]) -> PackageProblem | None:
    entry = entry_in(data)
    seq = listed.get("seq")
    if entry is None:
        return PackageProblem(relative, "changed", f"{relative} holds no readable archive entry.")
    try:
        intact = entry_hash(entry) == entry["hash"] == listed["hash"] and entry["seq"] == seq
    except (KeyError, TypeError, ValueError):
        intact = False
    if not intact:
        return PackageProblem(
            relative,
            "changed",
            f"{relative}: entry {seq} does not hash to the hash listed for it.",
        )
    return None
