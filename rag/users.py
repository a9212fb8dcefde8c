"""Accounts and roles: who may sign in to the chat, and who may change the corpus.

Two roles: viewer (查询: ask, browse the 指标库 and the documents) and admin (管理:
also upload, delete, restore, rebuild). Accounts live in one file outside the
repository (path from RAG_USERS), JSON or TOML by its suffix:

    {"users": [{"name": "zhang", "role": "admin", "password": "scrypt$16384$8$1$<salt>$<hash>"}]}

    [[users]]
    name = "zhang"
    role = "admin"
    password = "scrypt$16384$8$1$<salt>$<hash>"

Passwords are stored as salted scrypt hashes (standard library only) and
compared in constant time. `python -m rag user add NAME --role admin` writes the
file. A missing, unreadable or malformed file is a clear error, never "no users".
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROLES = {"admin": "管理", "viewer": "查询"}
ROLE_ALIASES = {"admin": "admin", "管理": "admin", "viewer": "viewer", "查询": "viewer"}
MAX_NAME_CHARS = 64
# scrypt cost: 16 MB and about 60-100 ms per check on a busy 2-core server: guessing is slow
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


class UsersError(ValueError):
    """The users file cannot be used (missing, unreadable, malformed) or an account is invalid."""


@dataclass(frozen=True)
class User:
    name: str
    role: str  # "admin" | "viewer"
    password: str  # "scrypt$N$r$p$salt_hex$hash_hex"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(bytes.fromhex(expected)), maxmem=256 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, bytes.fromhex(expected))


def normalise_role(role: str) -> str:
    try:
        return ROLE_ALIASES[str(role).strip()]
    except KeyError:
        raise UsersError(f"unknown role {role!r}; use admin (管理) or viewer (查询)") from None


def check_name(name: str) -> str:
    name = unicodedata.normalize("NFC", str(name)).strip()
    if not name:
        raise UsersError("a user name cannot be empty")
    if len(name) > MAX_NAME_CHARS:
        raise UsersError(f"a user name has at most {MAX_NAME_CHARS} characters")
    if any(unicodedata.category(ch)[0] in "CZ" for ch in name):
        raise UsersError(f"user name {name!r} contains spaces or control characters")
    return name


def _parse(path: Path, text: str) -> list[User]:
    try:
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise UsersError(f"users file {path} is not valid {'TOML' if path.suffix.lower() == '.toml' else 'JSON'}: {exc}") from None
    rows = data.get("users") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise UsersError(f"users file {path} has no list of users (expected a 'users' list)")
    users: list[User] = []
    for i, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not all(isinstance(row.get(k), str) for k in ("name", "role", "password")):
            raise UsersError(f"users file {path}: entry {i} needs text fields name, role and password")
        if not row["password"].startswith("scrypt$"):
            raise UsersError(f"users file {path}: entry {i} ({row['name']}) has no scrypt password hash")
        users.append(User(check_name(row["name"]), normalise_role(row["role"]), row["password"]))
    if len({u.name for u in users}) != len(users):
        raise UsersError(f"users file {path} names a user twice")
    return users


def read_users(path: str | Path) -> list[User]:
    path = Path(path)
    if not path.exists():
        raise UsersError(f"users file {path} does not exist; create the first administrator with "
                         f"`RAG_USERS={path} python -m rag user add NAME --role admin`")
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsersError(f"users file {path} cannot be read: {exc}") from None
    return _parse(path, text)


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=True)  # a JSON string with \uXXXX escapes is a TOML basic string


def _serialise(path: Path, users: list[User]) -> str:
    if path.suffix.lower() == ".toml":
        return "".join(f"[[users]]\nname = {_toml_string(u.name)}\nrole = {_toml_string(u.role)}\n"
                       f"password = {_toml_string(u.password)}\n\n" for u in users)
    rows = [{"name": u.name, "role": u.role, "password": u.password} for u in users]
    return json.dumps({"users": rows}, ensure_ascii=False, indent=1) + "\n"


def write_user(path: str | Path, name: str, role: str, password: str) -> User:
    """Add an account, or change the role and password of an existing one. The file is
    written atomically and readable by its owner only."""
    from .index import atomic_write_bytes

    path = Path(path)
    name, role = check_name(name), normalise_role(role)
    if len(password) < 8:
        raise UsersError("a password has at least 8 characters")
    users = read_users(path) if path.exists() else []
    user = User(name, role, hash_password(password))
    users = [u for u in users if u.name != name] + [user]
    atomic_write_bytes(path, _serialise(path, users).encode("utf-8"))
    os.chmod(path, 0o600)
    return user


class Users:
    """The accounts of one users file, re-read when the file changes (so an account added
    with `python -m rag user add` can sign in without a restart)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._stamp = self._stat()
        self._users = {u.name: u for u in read_users(self.path)}  # errors here stop the app from starting
        self._dummy = hash_password(secrets.token_hex(8))

    def _stat(self):
        try:
            st = self.path.stat()
            return st.st_mtime_ns, st.st_size, st.st_ino
        except OSError:
            return None

    def _current(self) -> dict[str, User]:
        stamp = self._stat()
        with self._lock:
            if stamp != self._stamp:
                try:
                    self._users = {u.name: u for u in read_users(self.path)}
                except UsersError:
                    import logging

                    logging.getLogger(__name__).exception("users file changed but cannot be used; keeping the last good one")
                self._stamp = stamp
            return self._users

    def check(self, name: str, password: str) -> User | None:
        """The user if the password is right, else None (same cost for unknown names)."""
        user = self._current().get(unicodedata.normalize("NFC", str(name or "")).strip())
        ok = verify_password(password or "", user.password if user else self._dummy)
        return user if ok and user is not None else None

    def role(self, name: str | None) -> str | None:
        user = self._current().get(name or "")
        return user.role if user else None

    def __len__(self) -> int:
        return len(self._current())
