"""A self-contained HTML report with charts (accuracy per kind, ours vs the
baseline; latency histogram) that a person can open in a browser."""
from __future__ import annotations

import base64
import html
import io
from pathlib import Path

from .runner import Report, format_table


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode()


def write_html(report: Report, out_dir: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    s = report.summary
    kinds = list(s["per_kind"])
    fig, ax = plt.subplots(figsize=(7, 3.2))
    xs = range(len(kinds))
    ax.bar([x - 0.2 for x in xs], [s["per_kind"][k]["ours"] or 0 for k in kinds], 0.4, label="ours")
    if "baseline" in s:
        ax.bar([x + 0.2 for x in xs], [s["per_kind"][k]["baseline"] or 0 for k in kinds], 0.4, label="naive baseline")
    ax.set_xticks(list(xs), [f"{k}\n(n={s['per_kind'][k]['n']})" for k in kinds])
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("answer accuracy")
    ax.legend()
    acc_png = _png(fig)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.hist([r.seconds * 1000 for r in report.results[1:]] or [0], bins=30)
    ax.set_xlabel("warm answer latency (ms)")
    ax.set_ylabel("questions")
    lat_png = _png(fig)
    plt.close(fig)

    failures = [r for r in report.results if not r.correct or r.cited_ok is False]
    rows = "".join(
        f"<tr><td>{html.escape(r.id)}</td><td>{html.escape(r.kind)}</td><td>{html.escape(r.question)}</td>"
        f"<td>{html.escape(' / '.join(r.expected) or '(refusal)')}</td><td><pre>{html.escape(r.got[:400])}</pre></td>"
        f"<td>{html.escape(r.cited_clause)}</td></tr>"
        for r in failures
    )
    page = f"""<!doctype html><html lang="zh"><meta charset="utf-8"><title>Eval report</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:1200px}}td,th{{border:1px solid #ccc;padding:4px;vertical-align:top}}
table{{border-collapse:collapse}}pre{{white-space:pre-wrap;margin:0}}</style>
<h1>Eval report</h1><pre>{html.escape(format_table(s))}</pre>
<h2>Accuracy per kind</h2><img alt="accuracy per kind" src="data:image/png;base64,{acc_png}">
<h2>Latency</h2><img alt="latency histogram" src="data:image/png;base64,{lat_png}">
<h2>Failures ({len(failures)})</h2><table><tr><th>id</th><th>kind</th><th>question</th><th>expected</th><th>got</th><th>cited clause</th></tr>{rows}</table>
</html>"""
    path = out_dir / "index.html"
    path.write_text(page, "utf-8")
    return path
