"""Command line: python -m rag ask "问题" [--json] | index [--rebuild] | targets [--csv] | documents"""
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
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")

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
        vindex = assistant.build_index(rebuild=args.rebuild)
        for message in vindex.messages:
            print(message)
        where = (f"Milvus collection {vindex.collection} ({vindex.spec.uri})" if hasattr(vindex, "collection")
                 else assistant.config.index_dir)
        print(f"index: {len(assistant._snapshot.chunks)} chunks from {len(assistant.documents())} documents "
              f"({vindex.embedded_files} file(s) embedded) in {where}")
        return 0
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
