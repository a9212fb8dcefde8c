"""python -m evals [--corpus seed|dev|all] [--questions FILE --docs DIR] [--json OUT] [--html DIR] [--no-baseline] [--failures N]

Scores rag.Assistant on each eval corpus, with the naive baseline beside it, and
prints one table per corpus (per answer kind and per question shape)."""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# corpus name → (documents, index folder, question files)
SUITES = {
    # *_fresh_questions.jsonl: written later by someone who had not read the other questions
    "seed": (ROOT / "corpus", None, [HERE / "questions.jsonl", HERE / "shape_questions.jsonl", HERE / "seed_fresh_questions.jsonl"]),
    "dev": (HERE / "dev_corpus", ROOT / "index" / "dev", [HERE / "dev_questions.jsonl", HERE / "dev_fresh_questions.jsonl"]),
    # fictional documents in conventions the other corpora lack, to check rules on text never tuned on
    "synthetic": (HERE / "synthetic_corpus", ROOT / "index" / "synthetic", [HERE / "synthetic_questions.jsonl"]),
}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m evals")
    p.add_argument("--corpus", choices=[*SUITES, "all"], default="all", help="which eval corpus (default: all)")
    p.add_argument("--questions", help="score this question file instead (with --docs for its documents)")
    p.add_argument("--docs", help="documents folder for --questions (default: corpus/)")
    p.add_argument("--index", help="index folder for --docs (default: index/custom)")
    p.add_argument("--json", default=str(HERE / "report" / "report.json"), help="where to write the JSON report")
    p.add_argument("--html", default=str(HERE / "report"), help="folder for the HTML report")
    p.add_argument("--no-baseline", action="store_true")
    p.add_argument("--failures", type=int, default=40, help="how many failures to print per corpus")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)

    import rag

    from .baseline import NaiveBaseline
    from .html import write_html
    from .runner import format_table, run
    from .scoring import load_questions

    if args.questions:
        docs = Path(args.docs) if args.docs else None
        index = Path(args.index) if args.index else (ROOT / "index" / "custom" if docs else None)
        suites = {"custom": (docs, index, [Path(args.questions)])}
    else:
        suites = SUITES if args.corpus == "all" else {args.corpus: SUITES[args.corpus]}
    reports, tables = {}, []
    for name, (docs, index, files) in suites.items():
        items = [i for f in files for i in load_questions(f)]
        assistant = rag.default_assistant() if docs in (None, ROOT / "corpus") and index is None else rag.Assistant(corpus_dir=docs, index_dir=index)
        baseline = None if args.no_baseline else NaiveBaseline(assistant.config.corpus_dir, assistant.embedder)
        print(f"[{name}] {len(items)} questions over {assistant.config.corpus_dir}", file=sys.stderr)
        report = run(items, assistant, baseline, progress=lambda n, total: print(f"\r{n}/{total}", end="", file=sys.stderr))
        print(file=sys.stderr)
        failures = [r for r in report.results if not r.correct or r.cited_ok is False]
        if failures and args.failures:
            print(f"[{name}] failures ({len(failures)}):")
            for r in failures[: args.failures]:
                got = r.got.replace("\n", " ")[:140]
                print(f"- [{r.id}] {r.question}\n    expected: {' / '.join(r.expected) or '(refusal)'}\n    got: {got}\n    cited: {r.cited_clause[:100]}")
        reports[name] = report
        tables.append(f"corpus: {name} ({len(items)} questions)\n{format_table(report.summary)}")
    print("\n\n".join(tables))
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({n: r.to_dict() for n, r in reports.items()}, ensure_ascii=False, indent=1), "utf-8")
    pages = [write_html(r, Path(args.html) / n) for n, r in reports.items()]
    print(f"\nJSON report: {out}\nHTML reports: {', '.join(str(p) for p in pages)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
