"""Stage tests of rag/audit.py: one whole JSON line per action, appended by one write,
readable after a crash (a killed writer leaves no half line; a torn line is skipped)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from multiprocessing import Pool
from pathlib import Path

import pytest

from rag.audit import AuditLog

REPO = Path(__file__).resolve().parent.parent


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_one_line_per_action_with_time_user_action_file_and_hash(tmp_path):
    log = AuditLog(tmp_path / "audit" / "audit.jsonl")
    log.record("upload", "张三", file="规划.txt", sha256="ab" * 32)
    log.record("sign-in failure", "谁\n伪造", reason="wrong password")
    log.record("rebuild", "admin")
    rows = _lines(log.path)
    assert [r["action"] for r in rows] == ["upload", "sign-in failure", "rebuild"]
    assert rows[0]["user"] == "张三" and rows[0]["file"] == "规划.txt" and rows[0]["sha256"] == "ab" * 32
    assert rows[1]["user"] == "谁\n伪造"  # a newline in a name cannot forge a second entry
    assert all(r["time"].endswith("+00:00") for r in rows)
    assert [r["action"] for r in log.latest(2)] == ["rebuild", "sign-in failure"]
    with pytest.raises(ValueError, match="unknown audit action"):
        log.record("drop table", "x")
    assert len(_lines(log.path)) == 3


def test_each_entry_is_one_write_of_a_whole_line(tmp_path, monkeypatch):
    log = AuditLog(tmp_path / "audit.jsonl")
    writes = []
    real_write = os.write

    def spy(fd, data):
        writes.append(bytes(data))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", spy)
    log.record("delete", "admin", file="a.txt", sha256="00" * 32)
    assert len(writes) == 1 and writes[0].endswith(b"\n") and writes[0].count(b"\n") == 1
    assert json.loads(writes[0])["file"] == "a.txt"


def test_a_torn_last_line_is_skipped_and_the_next_entry_starts_a_fresh_line(tmp_path):
    log = AuditLog(tmp_path / "audit.jsonl")
    log.record("upload", "a", file="1.txt")
    with open(log.path, "ab") as f:  # what a crash of a non-appending writer, or a full disk, leaves
        f.write(b'{"time": "2026-01-01T00:00:00+00:00", "user": "b", "act')
    assert [e["file"] for e in log.latest()] == ["1.txt"]
    log.record("delete", "a", file="2.txt")
    lines = log.path.read_bytes().split(b"\n")
    assert json.loads(lines[-2])["file"] == "2.txt"  # not glued onto the torn line
    assert [e["file"] for e in log.latest()] == ["2.txt", "1.txt"]


def _append_many(args):
    path, worker = args
    log = AuditLog(path)
    for i in range(150):
        log.record("question", f"w{worker}", question="问" * (i % 40 + 1) * 50)
    return worker


def test_writers_in_several_processes_never_interleave(tmp_path):
    path = tmp_path / "audit.jsonl"
    with Pool(3) as pool:
        pool.map(_append_many, [(path, w) for w in range(3)])
    rows = _lines(path)  # every line parses
    assert len(rows) == 450
    assert {r["user"] for r in rows} == {"w0", "w1", "w2"}


def test_a_killed_writer_leaves_only_whole_lines(tmp_path):
    path = tmp_path / "audit.jsonl"
    script = ("import sys; sys.path.insert(0, sys.argv[2]); from rag.audit import AuditLog\n"
              "log = AuditLog(sys.argv[1]); i = 0\n"
              "while True:\n    i += 1; log.record('question', 'crash', question='长' * (i % 3000))\n")
    proc = subprocess.Popen([sys.executable, "-c", script, str(path), str(REPO)])
    deadline = time.monotonic() + 30
    while (not path.exists() or path.stat().st_size < 200_000) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    data = path.read_bytes()
    assert data.endswith(b"\n")
    rows = [json.loads(line) for line in data.splitlines()]
    assert len(rows) > 10 and all(r["user"] == "crash" for r in rows)
