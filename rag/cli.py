"""Command line: python -m rag ask "问题" [--json] | index [--rebuild] | targets [--csv] | documents
| user add NAME --role admin|viewer [--password-stdin]"""
from __future__ import annotations

import argparse
import csv
import json
import logging
import sys

from .assistant import Assistant, QuestionError
from .store import StoreError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rag", description="Policy question answering over corpus/")
    parser.add_argument("--corpus", help="folder of documents (default: corpus/)")
    parser.add_argument("--index", help="index folder (default: index/)")
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer a question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the Answer as JSON")
    ask.add_argument("--top-k", type=int, default=5)
    idx = sub.add_parser("index", help="build or update the index")
    idx.add_argument("--rebuild", action="store_true", help="drop cached vectors and embed everything again")
    tg = sub.add_parser("targets", help="the 指标库: every target and reported figure")
    tg.add_argument("--csv", action="store_true", help="CSV instead of a table")
    sub.add_parser("documents", help="list documents and their metadata")
    us = sub.add_parser("user", help="accounts for the chat (the users file is RAG_USERS)")
    us_sub = us.add_subparsers(dest="user_command", required=True)
    add = us_sub.add_parser("add", help="add an account, or set the role and password of an existing one")
    add.add_argument("name")
    add.add_argument("--role", required=True, help="admin (管理: upload, delete, restore) or viewer (查询)")
    add.add_argument("--users", help="users file, .json or .toml (default: $RAG_USERS)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input (scripts)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")

    if args.command == "user":
        return _user_add(args)
    try:
        return _run(args)
    except StoreError as exc:  # Milvus unreachable, wrong token, built for another model
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _run(args) -> int:
    assistant = Assistant(corpus_dir=args.corpus, index_dir=args.index)
    for error in assistant.load_errors:
        print(f"warning: {error}", file=sys.stderr)

    if args.command == "ask":
        try:
            answer = assistant.answer(args.question, top_k=args.top_k)
        except QuestionError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if args.json:
            print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=1))
        else:
            print(answer.text)
        return 0
    if args.command == "index":
        return _index(assistant, args.rebuild)
    if args.command == "targets":
        rows = assistant.targets()
        fields = ["doc_id", "clause_id", "deadline", "indicator", "value_text", "number", "unit", "qualifier",
                  "is_target", "quote", "start", "end"]
        if args.csv:
            writer = csv.DictWriter(sys.stdout, fieldnames=fields, extrasaction="ignore")
            writer.writeheader()
            for t in rows:
                writer.writerow(t.to_dict())
        else:
            for t in rows:
                print(f"{t.deadline or '':>4}  {t.value_text:<14} {t.indicator[:40]:<40} {t.doc_id}")
        return 0
    if args.command == "documents":
        for d in assistant.documents():
            print(f"{d.doc_id}\t{d.title}\t{d.doc_number or '-'}\t{d.issuer or '-'}\t{d.date or '-'}")
        return 0
    return 1


def _index(assistant: Assistant, rebuild: bool) -> int:
    """Build or update the index with a progress bar (chunks and documents done, ETA) and a summary."""
    import time

    from tqdm import tqdm

    from .audit import AuditLog

    t0 = time.perf_counter()
    n_docs = len(assistant._snapshot.files)
    assistant.embedder  # load the model first, so that the bar's rate and ETA are about embedding
    bar = tqdm(total=len(assistant._snapshot.chunks), unit="chunk", desc="embedding", file=sys.stderr,
               dynamic_ncols=True, disable=None)  # disable=None: no bar when stderr is not a terminal
    files_done = [0]

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "embed":
            files_done[0] += 1
            bar.update(done - bar.n)
            bar.set_postfix_str(f"{files_done[0]}/{n_docs} files", refresh=False)

    try:
        vindex = assistant.build_index(rebuild=rebuild, progress=progress)
    finally:
        bar.close()
    for message in vindex.messages:
        print(message)
    snap = assistant._snapshot
    where = (f"Milvus collection {vindex.collection} ({vindex.spec.uri})" if hasattr(vindex, "collection")
             else assistant.config.index_dir)
    print(f"index: {len(snap.chunks)} chunks from {len(snap.documents)} documents in {len(snap.files)} files "
          f"({vindex.embedded_files} file(s) embedded) in {where}, "
          f"{time.perf_counter() - t0:.1f} s")
    try:
        assistant.trash.purge()  # entries older than RAG_TRASH_DAYS
    except OSError as exc:
        print(f"warning: cannot purge the trash {assistant.trash.folder}: {exc}", file=sys.stderr)
    try:
        AuditLog(assistant.config.audit_path).record("rebuild" if rebuild else "index", _os_user(),
                                                     chunks=len(snap.chunks), embedded=vindex.embedded_files)
    except OSError as exc:
        print(f"warning: cannot write the audit log: {exc}", file=sys.stderr)
    return 0


def _os_user() -> str:
    import getpass

    try:
        return f"{getpass.getuser()}@cli"
    except Exception:  # no user name in this environment
        return "cli"


def _user_add(args) -> int:
    import getpass
    from pathlib import Path

    from .audit import AuditLog
    from .config import REPO_ROOT, Config
    from .users import UsersError, write_user

    path = Path(args.users).expanduser() if args.users else Config().users_file
    if path is None:
        print("error: no users file: set RAG_USERS=/path/outside/the/repo/users.json (or pass --users)", file=sys.stderr)
        return 2
    if REPO_ROOT.resolve() in path.resolve().parents:
        print(f"error: {path} is inside the repository; keep accounts outside it (they would end up in git)",
              file=sys.stderr)
        return 2
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(f"password for {args.name}: ")
        if getpass.getpass("again: ") != password:
            print("error: the two passwords differ", file=sys.stderr)
            return 2
    try:
        user = write_user(path, args.name, args.role, password)
    except UsersError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot write {path}: {exc}", file=sys.stderr)
        return 2
    try:
        AuditLog(Config(users_file=path).audit_path).record("user add", _os_user(), account=user.name, role=user.role)
    except OSError as exc:
        print(f"warning: cannot write the audit log: {exc}", file=sys.stderr)
    print(f"{user.name}: {user.role} in {path}")
    return 0
