"""The audit trail: who changed the corpus, when, and with which file.

An append-only JSON-lines file (RAG_AUDIT): one object a line with time (UTC,
ISO 8601), user, action (upload, replace, delete, restore, rebuild, index,
sign-in, sign-in failure, refused (a viewer tried to change the corpus), user add,
question), file name and content hash.
Each entry is written by one os.write of a whole line to a file opened with
O_APPEND, so a crash cannot leave half an entry in the middle of the log and
writers in several processes do not interleave. A torn last line (from a
disk-full or an editor) is skipped by the reader, and the next entry starts on
a fresh line.
"""
from __future__ import annotations

import fcntl
import json
import os
import threading
from datetime import datetime, timezone
from pathlib import Path

ACTIONS = ("upload", "replace", "delete", "restore", "rebuild", "index", "sign-in", "sign-in failure",
           "refused", "user add", "question")
TAIL_BYTES = 1 << 20  # the latest entries are read from the last MB only


class AuditLog:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()

    def record(self, action: str, user: str | None, file: str | None = None, sha256: str | None = None,
               **details) -> dict:
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        entry = {"time": datetime.now(timezone.utc).isoformat(timespec="seconds"), "user": user or "",
                 "action": action}
        if file is not None:
            entry["file"] = file
        if sha256 is not None:
            entry["sha256"] = sha256
        entry.update({k: v for k, v in details.items() if v is not None})
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)  # the torn-line check and the write, one process at a time
                size = os.fstat(fd).st_size
                if size and os.pread(fd, 1, size - 1) != b"\n":
                    line = b"\n" + line  # an earlier write was torn: never glue onto it
                written = os.write(fd, line)
                if written != len(line):
                    raise OSError(f"audit log {self.path}: short write ({written} of {len(line)} bytes)")
                os.fsync(fd)
            finally:
                os.close(fd)  # closing releases the lock
        return entry

    def latest(self, n: int = 50) -> list[dict]:
        """The last n entries, newest first; lines that are not whole JSON objects are skipped."""
        try:
            with self.path.open("rb") as f:
                size = f.seek(0, os.SEEK_END)
                f.seek(max(0, size - TAIL_BYTES))
                data = f.read()
        except FileNotFoundError:
            return []
        lines = data.split(b"\n")
        if size > TAIL_BYTES:
            lines = lines[1:]  # the first line of the tail may be cut
        out = []
        for raw in reversed(lines):
            entry = parse_line(raw)
            if entry is not None:
                out.append(entry)
                if len(out) >= n:
                    break
        return out


def parse_line(raw: bytes) -> dict | None:
    try:
        entry = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return entry if isinstance(entry, dict) and "action" in entry and "time" in entry else None
