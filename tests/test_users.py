"""Stage tests of rag/users.py and `python -m rag user add`: salted scrypt hashes, roles,
and clear errors for a missing, unreadable or malformed users file."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rag.users import Users, UsersError, hash_password, read_users, verify_password, write_user

REPO = Path(__file__).resolve().parent.parent


def test_hash_is_salted_and_verifies_only_the_right_password():
    a, b = hash_password("correct horse"), hash_password("correct horse")
    assert a != b and a.startswith("scrypt$")  # a fresh salt each time
    assert "correct horse" not in a
    assert verify_password("correct horse", a) and verify_password("correct horse", b)
    assert not verify_password("correct hors", a)
    assert not verify_password("", a)
    assert not verify_password("correct horse", "scrypt$broken")
    assert not verify_password("correct horse", "plain-text")


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_write_then_check_roles(tmp_path, suffix):
    path = tmp_path / f"users{suffix}"
    write_user(path, "张三", "admin", "admin-pass-1")
    write_user(path, "viewer1", "查询", "viewer-pass-1")
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    users = Users(path)
    assert len(users) == 2
    assert users.check("张三", "admin-pass-1").is_admin
    assert users.check("viewer1", "viewer-pass-1").role == "viewer"
    assert users.check("viewer1", "admin-pass-1") is None  # another user's password
    assert users.check("nobody", "admin-pass-1") is None
    assert users.role("张三") == "admin" and users.role("viewer1") == "viewer" and users.role("nobody") is None
    # changing a role and password replaces the entry
    write_user(path, "viewer1", "admin", "new-password")
    assert [u.name for u in read_users(path)] == ["张三", "viewer1"]
    users = Users(path)
    assert users.role("viewer1") == "admin" and users.check("viewer1", "viewer-pass-1") is None


def test_users_file_changes_are_picked_up_and_a_broken_edit_keeps_the_last_good_one(tmp_path):
    path = tmp_path / "users.json"
    write_user(path, "admin", "admin", "password-1")
    users = Users(path)
    assert users.role("later") is None
    write_user(path, "later", "viewer", "password-2")
    assert users.role("later") == "viewer"  # no restart needed
    path.write_text("{ not json", "utf-8")
    assert users.role("later") == "viewer"


def test_wrong_role_name_and_short_password_are_refused(tmp_path):
    path = tmp_path / "users.json"
    with pytest.raises(UsersError, match="unknown role"):
        write_user(path, "a", "root", "password-1")
    with pytest.raises(UsersError, match="8 characters"):
        write_user(path, "a", "admin", "short")
    with pytest.raises(UsersError, match="spaces"):
        write_user(path, "a b", "admin", "password-1")
    assert not path.exists()
    path.write_text(json.dumps({"users": [{"name": "a", "role": "superuser", "password": hash_password("x")}]}))
    with pytest.raises(UsersError, match="unknown role"):
        Users(path)


def test_missing_unreadable_and_malformed_files_are_clear_errors(tmp_path):
    with pytest.raises(UsersError, match="does not exist.*user add"):
        Users(tmp_path / "none.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", "utf-8")
    with pytest.raises(UsersError, match="not valid JSON"):
        Users(bad)
    bad_toml = tmp_path / "bad.toml"
    bad_toml.write_text("[[users]\nname =", "utf-8")
    with pytest.raises(UsersError, match="not valid TOML"):
        Users(bad_toml)
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps({"users": [{"name": "a", "role": "admin", "password": "secret"}]}))
    with pytest.raises(UsersError, match="no scrypt password hash"):
        Users(plain)
    twice = tmp_path / "twice.json"
    row = {"name": "a", "role": "admin", "password": hash_password("password-1")}
    twice.write_text(json.dumps({"users": [row, row]}))
    with pytest.raises(UsersError, match="twice"):
        Users(twice)
    (tmp_path / "list.json").write_text("[]")
    with pytest.raises(UsersError, match="no list of users"):
        Users(tmp_path / "list.json")
    folder = tmp_path / "folder.json"  # unreadable as a file (as root, chmod 0 would not stop a read)
    folder.mkdir()
    with pytest.raises(UsersError, match="cannot be read"):
        Users(folder)
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe{\x00")
    with pytest.raises(UsersError, match="cannot be read"):
        Users(binary)


def _cli(*args, stdin="", env=None):
    return subprocess.run([sys.executable, "-m", "rag", *args], input=stdin, capture_output=True, text=True,
                          cwd=REPO, env={**os.environ, **(env or {})}, timeout=60)


def test_cli_user_add_writes_the_file_and_the_audit_log(tmp_path):
    path = tmp_path / "accounts" / "users.toml"
    done = _cli("user", "add", "管理员", "--role", "admin", "--password-stdin", stdin="a long password\n",
                env={"RAG_USERS": str(path)})
    assert done.returncode == 0, done.stderr
    assert Users(path).check("管理员", "a long password").is_admin
    audit = [json.loads(line) for line in (path.parent / "audit.jsonl").read_text("utf-8").splitlines()]
    assert audit[-1]["action"] == "user add" and audit[-1]["account"] == "管理员"
    assert "a long password" not in (path.parent / "audit.jsonl").read_text("utf-8")
    wrong = _cli("user", "add", "x", "--role", "owner", "--password-stdin", "--users", str(path), stdin="a long password\n")
    assert wrong.returncode == 2 and "unknown role" in wrong.stderr
    inside = _cli("user", "add", "x", "--role", "admin", "--password-stdin", "--users", str(REPO / "users.json"),
                  stdin="a long password\n")
    assert inside.returncode == 2 and "inside the repository" in inside.stderr
    assert not (REPO / "users.json").exists()
    unset = _cli("user", "add", "x", "--role", "admin", "--password-stdin", stdin="a long password\n",
                 env={"RAG_USERS": ""})
    assert unset.returncode == 2 and "RAG_USERS" in unset.stderr


# ---- the app's side: roles checked on the server, the safe default for binding ----------
def _access(tmp_path):
    import app
    from rag.audit import AuditLog

    path = tmp_path / "users.json"
    write_user(path, "boss", "admin", "admin-pass-1")
    write_user(path, "reader", "viewer", "viewer-pass-1")
    return app.Access(Users(path), AuditLog(tmp_path / "audit.jsonl"))


def test_only_admins_pass_the_server_side_check_and_refusals_are_logged(tmp_path):
    from types import SimpleNamespace

    access = _access(tmp_path)
    assert access.admin(SimpleNamespace(username="boss"), "delete") == "boss"
    assert access.admin(SimpleNamespace(username="reader"), "delete") is None
    assert access.admin(SimpleNamespace(username="removed-user"), "upload") is None
    assert access.admin(None, "restore") is None  # no session at all
    refused = [e for e in access.audit.latest() if e["action"] == "refused"]
    assert [(e["user"], e["attempted"]) for e in reversed(refused)] == [
        ("reader", "delete"), ("removed-user", "upload"), ("", "restore")]


def test_sign_in_checks_the_password_and_logs_failures(tmp_path, monkeypatch):
    import asyncio

    access = _access(tmp_path)
    real_sleep = asyncio.sleep
    monkeypatch.setattr(asyncio, "sleep", lambda s: real_sleep(0))  # the 1 s brake on guessing
    assert asyncio.run(access.authenticate("boss", "admin-pass-1")) is True
    assert asyncio.run(access.authenticate("boss", "viewer-pass-1")) is False
    assert asyncio.run(access.authenticate("nobody", "x")) is False
    assert [(e["action"], e["user"]) for e in reversed(access.audit.latest())] == [
        ("sign-in", "boss"), ("sign-in failure", "boss"), ("sign-in failure", "nobody")]


def test_without_users_the_app_refuses_a_public_address(tmp_path, monkeypatch, capsys):
    import app

    monkeypatch.delenv("RAG_USERS", raising=False)
    assert app.is_loopback("127.0.0.1") and app.is_loopback("::1") and app.is_loopback("localhost")
    assert not app.is_loopback("0.0.0.0") and not app.is_loopback("10.1.2.3")
    assert app.main(["--host", "0.0.0.0", "--corpus", str(tmp_path), "--index", str(tmp_path)]) == 2
    assert "--open" in capsys.readouterr().err
    assert app.main(["--host", "0.0.0.0", "--users", str(tmp_path / "missing.json")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_questions_are_logged_only_when_asked_for(tmp_path):
    from types import SimpleNamespace

    access = _access(tmp_path)
    request = SimpleNamespace(username="reader")
    access.question(request, "到2025年浙江计划建成多少个5G基站？")
    assert access.audit.latest() == []
    access.log_questions = True  # RAG_LOG_QUESTIONS=1
    access.question(request, "到2025年浙江计划建成多少个5G基站？")
    access.question(request, "   ")
    (entry,) = access.audit.latest()
    assert (entry["action"], entry["user"], entry["question"]) == ("question", "reader", "到2025年浙江计划建成多少个5G基站？")


def test_audit_and_trash_rows_for_the_documents_tab(tmp_path):
    import app
    from rag.trash import Trash

    rows = app.audit_rows([{"time": "2026-12-02T10:00:00+00:00", "user": "reader", "action": "refused", "attempted": "delete"},
                           {"time": "2026-12-02T10:01:00+00:00", "user": "boss", "action": "upload", "file": "a.txt",
                            "sha256": "ab" * 32}])
    assert rows[0] == ["2026-12-02 10:00:00", "reader", "越权被拒（删除）", "", ""]
    assert rows[1][2:] == ["上传", "a.txt", "ab" * 6]
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("x")
    trash = Trash(tmp_path / ".trash", keep_days=30)
    entry = trash.put(tmp_path / "c" / "a.txt", user="boss", reason="replace")
    (row,) = app.trash_rows(trash.entries(), 30)
    assert row[1:4] == ["a.txt", "boss", "被新版本替换"]
    assert app.trash_choices(trash.entries())[0][1] == entry.entry_id
