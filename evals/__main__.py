"""python -m evals [--questions FILE] [--json OUT] [--html DIR] [--no-baseline] [--failures N]"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m evals")
    p.add_argument("--questions", default=str(HERE / "questions.jsonl"))
    p.add_argument("--json", default=str(HERE / "report" / "report.json"), help="where to write the JSON report")
    p.add_argument("--html", default=str(HERE / "report"), help="folder for the HTML report")
    p.add_argument("--no-baseline", action="store_true")
    p.add_argument("--failures", type=int, default=40, help="how many failures to print")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)

    import rag

    from .baseline import NaiveBaseline
    from .html import write_html
    from .runner import format_table, run
    from .scoring import load_questions

    items = load_questions(args.questions)
    assistant = rag.default_assistant()
    baseline = None if args.no_baseline else NaiveBaseline(assistant.config.corpus_dir, assistant.embedder)
    report = run(items, None, baseline, progress=lambda n, total: print(f"\r{n}/{total}", end="", file=sys.stderr))
    print(file=sys.stderr)
    failures = [r for r in report.results if not r.correct or r.cited_ok is False]
    if failures and args.failures:
        print(f"failures ({len(failures)}):")
        for r in failures[: args.failures]:
            got = r.got.replace("\n", " ")[:140]
            print(f"- [{r.id}] {r.question}\n    expected: {' / '.join(r.expected) or '(refusal)'}\n    got: {got}\n    cited: {r.cited_clause[:100]}")
    print(format_table(report.summary))
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1), "utf-8")
    page = write_html(report, Path(args.html))
    print(f"\nJSON report: {out}\nHTML report: {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
