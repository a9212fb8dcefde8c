"""Score rag.answer() on a question file; the naive baseline runs beside it."""
from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .scoring import KINDS, SHAPES, Item, answer_correct, quote_found, squash


@dataclass
class Result:
    id: str
    kind: str
    shape: str
    question: str
    expected: list[str]
    got: str
    refused: bool
    correct: bool
    cited_ok: bool | None  # None for refusal items
    cited_clause: str
    hit1: bool | None
    hit5: bool | None
    bad_offsets: int
    seconds: float
    lang: str = "zh"
    baseline_correct: bool | None = None
    baseline_cited_ok: bool | None = None
    baseline_seconds: float | None = None


@dataclass
class Report:
    n: int
    results: list[Result]
    first_answer_seconds: float
    summary: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"summary": self.summary, "first_answer_seconds": self.first_answer_seconds,
                "results": [asdict(r) for r in self.results]}


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def _clause_text_at(assistant, doc_id: str, pos: int) -> str:
    for c in assistant.clauses(doc_id):
        if c.start <= pos < max(c.end, c.start + 1):
            return c.text
    return ""


def score_one(assistant, item: Item, answer, seconds: float) -> Result:
    docs = {d.doc_id: d for d in assistant.documents()}
    def reproduces(c) -> bool:
        try:
            return assistant.document_text(c.doc_id)[c.start : c.end] == c.quote
        except KeyError:
            return False

    bad = sum(not reproduces(c) for c in answer.citations)
    refusal = item.kind == "refusal"
    first = answer.citations[0] if answer.citations else None
    in_doc = lambda c: docs.get(c.doc_id) is not None and Path(docs[c.doc_id].path).name == Path(item.doc).name
    cited_ok = None if refusal else bool(
        first and not answer.refused and in_doc(first) and reproduces(first) and quote_found(item, first.quote))
    if (item.kind == "list" or answer.parts and item.kind != "compare") and not answer.refused:
        # a list (also one answering a definition: “五个一”, 双核一带一廊) cites its heading or enumerating
        # sentence and each item: any of them may hold the quote
        cited_ok = any(in_doc(c) and reproduces(c) and quote_found(item, c.quote) for c in answer.citations)
    if item.kind == "compare":
        stated = [p for p in item.parts if not p.get("missing")]
        def part_cited(p) -> bool:
            return any(docs.get(c.doc_id) is not None and Path(docs[c.doc_id].path).name == Path(p["doc"]).name
                       and reproduces(c) and squash(p["quote"]) in squash(c.quote) for c in answer.citations)
        cited_ok = bool(stated) and not answer.refused and all(part_cited(p) for p in stated) if stated else None
    hit1 = hit5 = None
    if not refusal:
        clause_hits = [in_doc(c) and squash(item.quote) in squash(_clause_text_at(assistant, c.doc_id, c.start))
                       for c in answer.citations[:5]]
        hit1 = bool(clause_hits[:1] and clause_hits[0])
        hit5 = any(clause_hits)
    return Result(
        id=item.id, kind=item.kind, shape=item.shape, question=item.question,
        expected=item.answers or item.items or [f"{p['label']}: {'/'.join(p.get('answers', [])) or '未找到'}" for p in item.parts],
        got=answer.text,
        refused=answer.refused, correct=answer_correct(item, answer.text, answer.refused), cited_ok=cited_ok,
        cited_clause=f"{first.title} {first.clause}" if first else "", hit1=hit1, hit5=hit5, bad_offsets=bad,
        seconds=seconds, lang=item.lang,
    )


def run(items: list[Item], assistant=None, baseline=None, progress=None) -> Report:
    import rag

    answer = assistant.answer if assistant is not None else rag.answer
    if assistant is None:
        assistant = rag.default_assistant()
    results: list[Result] = []
    first_seconds = None
    for n, item in enumerate(items):
        t0 = time.perf_counter()
        a = answer(item.question, history=item.history or None)
        seconds = time.perf_counter() - t0
        if first_seconds is None:
            first_seconds = seconds
        r = score_one(assistant, item, a, seconds)
        if baseline is not None:
            b = baseline.answer(item.question)
            r.baseline_seconds = b.seconds
            if item.kind == "refusal":
                r.baseline_correct = False  # the naive recipe always answers
            else:
                r.baseline_correct = answer_correct(item, b.text, False)
                r.baseline_cited_ok = bool(b.chunks) and Path(b.chunks[0][0]).name == Path(item.doc).name and quote_found(item, b.chunks[0][1])
        results.append(r)
        if progress:
            progress(n + 1, len(items))
    report = Report(len(items), results, first_seconds or 0.0)
    report.summary = summarise(results, report.first_answer_seconds)
    return report


def _rate(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def summarise(results: list[Result], first_seconds: float) -> dict:
    answerable = [r for r in results if r.kind != "refusal"]
    refusals = [r for r in results if r.kind == "refusal"]
    warm = [r.seconds * 1000 for r in results[1:]] or [r.seconds * 1000 for r in results]
    s = {
        "questions": len(results),
        "answer_accuracy": _rate([r.correct for r in results]),
        "per_kind": {k: {"n": len(rs), "ours": _rate([r.correct for r in rs]),
                         "baseline": _rate([bool(r.baseline_correct) for r in rs]) if rs and rs[0].baseline_correct is not None else None}
                     for k in KINDS if (rs := [r for r in results if r.kind == k])},
        "per_shape": {k: {"n": len(rs), "ours": _rate([r.correct for r in rs]),
                          "citation": _rate([bool(r.cited_ok) for r in rs if r.cited_ok is not None]),
                          "baseline": _rate([bool(r.baseline_correct) for r in rs]) if rs and rs[0].baseline_correct is not None else None}
                      for k in SHAPES + ("english",)
                      if (rs := [r for r in results if (r.shape == k if k != "english" else r.lang == "en")])},
        "citation_accuracy": _rate([bool(r.cited_ok) for r in answerable if r.cited_ok is not None]),
        "bad_offsets": sum(r.bad_offsets for r in results),
        "refusal_recall": _rate([r.refused for r in refusals]),
        "false_refusals": sum(r.refused for r in answerable),
        "hit_at_1": _rate([bool(r.hit1) for r in answerable]),
        "hit_at_5": _rate([bool(r.hit5) for r in answerable]),
        "latency_ms": {"p50": round(statistics.median(warm), 1) if warm else 0.0,
                       "p95": round(_percentile(warm, 0.95), 1), "first_answer": round(first_seconds * 1000, 1)},
    }
    if results and results[0].baseline_correct is not None:
        bl = [r.baseline_seconds * 1000 for r in results if r.baseline_seconds is not None]
        s["baseline"] = {
            "answer_accuracy": _rate([bool(r.baseline_correct) for r in results]),
            "citation_accuracy": _rate([bool(r.baseline_cited_ok) for r in answerable]),
            "refusal_recall": 0.0 if refusals else None,
            "latency_ms": {"p50": round(statistics.median(bl), 1) if bl else 0.0, "p95": round(_percentile(bl, 0.95), 1)},
        }
    return s


def format_table(summary: dict) -> str:
    b = summary.get("baseline") or {}
    fmt = lambda v: "-" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))
    rows = [("metric", "ours", "baseline")]
    rows.append(("answer accuracy", fmt(summary["answer_accuracy"]), fmt(b.get("answer_accuracy"))))
    for kind, k in summary["per_kind"].items():
        rows.append((f"  {kind} (n={k['n']})", fmt(k["ours"]), fmt(k["baseline"])))
    per_shape = summary.get("per_shape") or {}
    if len(per_shape) > 1:
        rows.append(("by shape: answer / citation", "", ""))
        for shape, k in per_shape.items():
            rows.append((f"  {shape} (n={k['n']})", f"{fmt(k['ours'])} / {fmt(k['citation'])}", fmt(k["baseline"])))
    rows.append(("citation accuracy", fmt(summary["citation_accuracy"]), fmt(b.get("citation_accuracy"))))
    rows.append(("bad citation offsets", fmt(summary["bad_offsets"]), "-"))
    rows.append(("refusal recall", fmt(summary["refusal_recall"]), fmt(b.get("refusal_recall"))))
    rows.append(("false refusals", fmt(summary["false_refusals"]), "0" if b else "-"))
    rows.append(("retrieval hit@1", fmt(summary["hit_at_1"]), "-"))
    rows.append(("retrieval hit@5", fmt(summary["hit_at_5"]), "-"))
    lat, blat = summary["latency_ms"], b.get("latency_ms", {})
    rows.append(("latency p50 (ms)", fmt(lat["p50"]), fmt(blat.get("p50"))))
    rows.append(("latency p95 (ms)", fmt(lat["p95"]), fmt(blat.get("p95"))))
    rows.append(("first answer after start (ms)", fmt(lat["first_answer"]), "-"))
    width = max(len(r[0]) for r in rows)
    lines = [f"{r[0]:<{width}}  {r[1]:>13}  {r[2]:>8}" for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)
