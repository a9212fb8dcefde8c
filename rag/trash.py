"""The trash: deleted and replaced documents, kept for a number of days so that
nothing is lost by a click.

Layout (RAG_TRASH, default `.trash` beside the corpus folder):
  <entry id>/<original file name>   the file, moved (not copied) out of the corpus
  <entry id>/entry.json             who, when, why (delete | replace) and the content hash

An entry id starts with its UTC time, so entries sort by age and two deletions of
the same name never clash. The file is moved in before entry.json is written: a
crash in between leaves an entry that is still listed (from the file itself) and
can be restored.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import shutil
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

log = logging.getLogger(__name__)

META = "entry.json"


@dataclass(frozen=True)
class TrashEntry:
    entry_id: str
    name: str  # where it was in the corpus (relative path: a file in a subfolder goes back there)
    deleted_at: str  # UTC, ISO 8601
    user: str
    reason: str  # "delete" | "replace"
    sha256: str
    size: int

    def expires(self, keep_days: int) -> datetime:
        return datetime.fromisoformat(self.deleted_at) + timedelta(days=keep_days)

    def to_dict(self) -> dict:
        return asdict(self)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _move(src: Path, dst: Path) -> None:
    try:
        os.replace(src, dst)  # same file system: atomic
    except OSError:
        shutil.move(str(src), str(dst))  # the trash is on another disk: copy, then delete


class Trash:
    def __init__(self, folder: str | Path, keep_days: int = 30):
        self.folder = Path(folder)
        self.keep_days = keep_days

    def put(self, path: str | Path, *, name: str | None = None, user: str = "", reason: str = "delete",
            now: datetime | None = None) -> TrashEntry:
        """Move a file into the trash; `name` is its path relative to the corpus (default: its file name)."""
        path = Path(path)
        now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
        entry_id = f"{now.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(4)}"
        entry = TrashEntry(entry_id, name or path.name, now.isoformat(timespec="seconds"), user, reason,
                           file_sha256(path), path.stat().st_size)
        folder = self.folder / entry_id
        folder.mkdir(parents=True)
        _move(path, folder / path.name)
        from .index import atomic_write_bytes

        atomic_write_bytes(folder / META, json.dumps(entry.to_dict(), ensure_ascii=False, indent=1).encode())
        return entry

    def _entry(self, folder: Path) -> TrashEntry | None:
        files = [p for p in folder.iterdir() if p.is_file() and p.name != META and not p.name.startswith(".")]
        if len(files) != 1:
            return None
        try:
            meta = json.loads((folder / META).read_text("utf-8"))
            entry = TrashEntry(**{k: meta[k] for k in TrashEntry.__dataclass_fields__})
            if Path(entry.name).name != files[0].name:
                raise ValueError("entry.json names another file")
            return entry
        except (OSError, ValueError, KeyError, TypeError):
            # moved in, but the crash came before entry.json: describe it from the file
            stat = files[0].stat()
            when = datetime.fromtimestamp(stat.st_mtime, timezone.utc).isoformat(timespec="seconds")
            return TrashEntry(folder.name, files[0].name, when, "", "delete", file_sha256(files[0]), stat.st_size)

    def entries(self) -> list[TrashEntry]:
        """Every entry, newest first."""
        if not self.folder.is_dir():
            return []
        out = [e for f in self.folder.iterdir() if f.is_dir() and (e := self._entry(f)) is not None]
        return sorted(out, key=lambda e: (e.deleted_at, e.entry_id), reverse=True)

    def get(self, entry_id: str) -> TrashEntry:
        folder = self.folder / Path(str(entry_id)).name  # an id is a folder name, never a path
        entry = self._entry(folder) if folder.is_dir() and folder.parent == self.folder else None
        if entry is None:
            raise KeyError(f"no trash entry {entry_id!r}")
        return entry

    def file(self, entry: TrashEntry) -> Path:
        return self.folder / entry.entry_id / Path(entry.name).name

    def take(self, entry_id: str, destination: str | Path) -> TrashEntry:
        """Move an entry's file to `destination` (a full path that must not exist) and drop the entry."""
        entry = self.get(entry_id)
        destination = Path(destination)
        if destination.exists():
            raise FileExistsError(f"{destination} exists; move it away first")
        destination.parent.mkdir(parents=True, exist_ok=True)
        _move(self.file(entry), destination)
        shutil.rmtree(self.folder / entry.entry_id, ignore_errors=True)
        return entry

    def purge(self, now: datetime | None = None) -> list[TrashEntry]:
        """Delete the entries older than keep_days; returns them."""
        now = now or datetime.now(timezone.utc)
        gone = []
        for entry in self.entries():
            if entry.expires(self.keep_days) <= now:
                shutil.rmtree(self.folder / entry.entry_id, ignore_errors=True)
                gone.append(entry)
        if gone:
            log.info("trash: %d entr%s older than %d days deleted", len(gone), "y" if len(gone) == 1 else "ies",
                     self.keep_days)
        return gone
