"""Staff chat for the policy question-answering assistant (a thin Gradio UI over `rag`).

    python app.py [--host 127.0.0.1] [--port 7860] [--corpus DIR] [--index DIR]

Three tabs: 问答 (streaming chat with citation cards and a clause viewer),
指标库 (the targets table: filter, sort, open a clause, download CSV) and 文档
(documents, clause outline, upload and delete). All answering, parsing and
indexing is done by `rag.Assistant`; this file only formats and wires.
The answer function is also an API endpoint: Client(url).predict("问题", api_name="/answer").
"""
from __future__ import annotations

import os

# Nothing may reach the internet: no analytics, no version check, no model hub.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import argparse
import base64
import csv
import hashlib
import html
import logging
import re
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Iterable

import gradio as gr

import rag
from rag import Answer, Assistant, LoadError, QuestionError
from rag.assistant import safe_filename
from rag.audit import AuditLog
from rag.store import StoreError
from rag.load import SUPPORTED_SUFFIXES
from rag.users import Users, UsersError

log = logging.getLogger("app")

TITLE = "政策问答助手"
UPLOAD_TYPES = list(SUPPORTED_SUFFIXES)  # what the library reads: .txt .md .pdf .docx
ALL = "全部"
EXAMPLES = [
    ("目标值", "到2025年浙江计划建成多少个5G基站？"),
    ("表格指标", "数字经济核心产业增加值占GDP比重2025年目标是多少？"),
    ("日期", "十四五规划是什么时候印发的？"),
    ("English", "By 2025, how many 5G base stations does Zhejiang plan to build?"),
    ("语料外", "到2030年江苏计划建成多少个5G基站？"),
]
VIEWER_PLACEHOLDER = '<div class="viewer-empty">点击引用卡片，在此查看条款原文（引用句高亮显示）。</div>'
TARGET_VIEWER_PLACEHOLDER = '<div class="viewer-empty">点击表格中的一行，在此查看该指标所在条款（数值高亮显示）。</div>'
TARGET_HEADERS = ["文档", "年份", "指标", "数值", "单位", "类型", "原文", "定位"]
DOC_HEADERS = ["标题", "文号", "发文机关", "成文日期", "印发日期", "地区", "目标年份", "类型", "源文件"]
CSV_FIELDS = ["文档", "文号", "年份", "指标", "数值原文", "数值", "单位", "限定", "类型", "原文", "条款", "doc_id", "clause_id"]

# Labels inside an answer follow the question's language; everything else is Chinese.
LABELS = {
    "zh": {"evidence": "依据", "related": "相关·并非所问", "also": "参考", "refused": "⚠ 无法回答",
           "related_head": "相关事实（并非所问）", "value": "答案", "deadline": "目标年份", "year": "年",
           "sources": "引用来源"},
    "en": {"evidence": "Evidence", "related": "Related · not what was asked", "also": "See also",
           "refused": "⚠ Cannot answer", "related_head": "Related facts (not what was asked)",
           "value": "Answer", "deadline": "Deadline", "year": "", "sources": "Sources"},
}
# Lines of the library's answer text that the citation cards already show.
SOURCE_LINE = re.compile(r"^(原文：|出处：|Quote: |Source: |相关（并非所问）：|Related facts \(not what was asked\):)")
QUOTE_LINE = re.compile(r"^\[\d{1,3}\] 「")  # a comparison's numbered quotes, shown as cards
RELATED_ITEM = re.compile(r"^- ")  # a refusal's related facts, shown as cards

# A click on a citation card inside the chat (class cite-ref-<message>-<citation>) writes
# "message:citation:nonce" into a hidden textbox, whose change event opens that clause.
# The cards beside the chat (a gr.Dataset) work without any script.
CARD_CLICK_JS = r"""
() => {
  document.addEventListener("click", (event) => {
    const card = event.target.closest && event.target.closest("#chatbot .cite-ref");
    const box = document.querySelector("#cite-pick textarea, #cite-pick input");
    const ref = card && card.className.match(/cite-ref-(\d+)-(\d+)/);
    if (!ref || !box) return;
    box.value = ref[1] + ":" + ref[2] + ":" + Date.now();
    box.dispatchEvent(new Event("input", {bubbles: true}));
  }, true);
}
"""

CSS = """
.qa-answer { line-height: 1.6; }
.qa-value { background: #e8f1ff; border-left: 4px solid #2563eb; padding: 6px 10px; border-radius: 6px;
            font-size: 1.08em; margin-bottom: 6px; }
.qa-refusal-head { background: #fff4e5; border-left: 4px solid #f59e0b; color: #92400e; padding: 6px 10px;
                   border-radius: 6px; font-weight: 600; margin-bottom: 6px; }
.qa-refused .qa-text { color: #7c2d12; }
.qa-related-head { margin-top: 8px; font-weight: 600; color: #92400e; }
.qa-sources-head { margin-top: 8px; font-weight: 600; color: #475569; }
.cite-card { border: 1px solid #cbd5e1; border-radius: 8px; padding: 6px 10px; margin: 6px 0; background: #f8fafc; }
.cite-card.related { border-style: dashed; border-color: #f59e0b; background: #fffbeb; }
.cite-badge { display: inline-block; font-size: 0.8em; padding: 0 6px; border-radius: 4px; background: #2563eb;
              color: #fff; margin-right: 4px; }
.cite-card.related .cite-badge { background: #f59e0b; }
.cite-card.also .cite-badge { background: #64748b; }
.cite-title { font-weight: 600; }
#chatbot .cite-ref { cursor: pointer; }
#chatbot .cite-ref:hover { border-color: #2563eb; box-shadow: 0 0 0 1px #2563eb33; }
.cite-docno { color: #475569; margin-left: 4px; }
.cite-page { color: #475569; margin-left: 6px; font-size: 0.92em; }
.cite-path { color: #64748b; font-size: 0.88em; }
.cite-quote { margin: 4px 0 0 0; padding-left: 8px; border-left: 3px solid #94a3b8; }
.viewer { border: 1px solid #cbd5e1; border-radius: 8px; padding: 10px 12px; background: #fff; }
.viewer-head { font-weight: 600; }
.viewer-path { color: #64748b; font-size: 0.9em; margin: 2px 0 8px 0; }
.viewer-text { white-space: pre-wrap; line-height: 1.7; color: #64748b; }
.viewer-text .focus-clause { color: #0f172a; }
.viewer-text mark { background: #fde047; padding: 0 1px; }
.viewer-text .quote-span { text-decoration: underline; text-decoration-color: #2563eb; text-underline-offset: 3px; }
.viewer-note { color: #64748b; font-size: 0.85em; margin-top: 6px; }
.viewer-empty { color: #64748b; padding: 12px; border: 1px dashed #cbd5e1; border-radius: 8px; }
.status-warn { color: #b45309; font-weight: 600; }
.status-ok { color: #15803d; font-weight: 600; }
.outline div { padding: 1px 0; }
.qa-table { border-collapse: collapse; margin: 6px 0; }
.qa-table th, .qa-table td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; }
.qa-list li { margin: 2px 0; }
#citations .gallery { display: flex; flex-direction: column; gap: 6px; }
#citations .gallery-item { text-align: left; width: 100%; padding: 0; border: none; background: none; }
#citations .gallery-item:hover .cite-card { border-color: #2563eb; }
#citations .cite-card { margin: 0; }
#t-table [role=gridcell]:last-child { font-size: 0.75em; color: #94a3b8; }
.outline .lvl { color: #94a3b8; }
.dark .qa-value { background: #1e3a8a; }
.dark .qa-refusal-head { background: #451a03; color: #fde68a; }
.dark .qa-refused .qa-text, .dark .qa-related-head { color: #fdba74; }
.dark .cite-card, .dark .viewer { background: #0f172a; border-color: #475569; }
.dark .cite-card.related { background: #1c1917; border-color: #f59e0b; }
.dark .viewer-text .focus-clause { color: #e2e8f0; }
.dark .viewer-text mark { color: #000; }
"""


# ---- small pure helpers (tested in tests/test_app.py) ------------------------
def esc(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def inline_html(text: str) -> str:
    """Escape, then render the library's **bold** markers."""
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", esc(text))


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def question_error_message(exc: BaseException) -> str:
    """The Chinese part of a QuestionError, without its English gloss."""
    text = re.sub(r"\s*\([A-Za-z][^()]*\)\s*$", "", str(exc)).strip()
    return text if _cjk(text) else "问题无效，请输入文字问题。"


UPLOAD_ERRORS = [
    (re.compile(r"encrypted PDF", re.I), "PDF 文件已加密（需要密码），请另存一份未加密的副本后上传。"),
    (re.compile(r"PDF has no pages", re.I), "PDF 文件没有任何页面。"),
    (re.compile(r"(\d+) pages is over the limit of (\d+) pages", re.I), "PDF 共 {0} 页，超过 {1} 页的上限。"),
    (re.compile(r"OCR found no text", re.I), "扫描件中没有识别出文字。"),
    (re.compile(r"unsupported file type", re.I), "不支持的文件类型，仅支持 " + "、".join(SUPPORTED_SUFFIXES) + "。"),
    (re.compile(r"is empty|empty or scanned|no text could be", re.I), "文件中没有可读取的文字（空文件或扫描图片）。"),
    (re.compile(r"MB limit|too large|over the", re.I), "文件过大，超过上传大小限制。"),
    (re.compile(r"already in the corpus as (.+)$", re.I), "相同内容的文件已在语料中（{0}）。"),
    (re.compile(r"cannot read PDF", re.I), "PDF 文件无法读取，可能已损坏或加密。"),
    (re.compile(r"cannot read DOCX", re.I), "DOCX 文件无法读取，可能已损坏。"),
    (re.compile(r"binary content|unknown text encoding", re.I), "文本文件编码无法识别（支持 UTF-8、GB18030）。"),
    (re.compile(r"kept for the corpus folder", re.I), "README.md 为语料目录说明文件的保留名称，请改名后上传。"),
]


def upload_error_message(exc: BaseException, filename: str | None = None) -> str:
    """A short Chinese message for a failed upload, from the library's (English) LoadError."""
    detail = str(exc)
    prefix = f"上传失败（{filename}）：" if filename else "上传失败："
    for pattern, message in UPLOAD_ERRORS:
        m = pattern.search(detail)
        if m:
            return prefix + message.format(*(g.strip() for g in m.groups()))
    return prefix + "无法读取该文件。"


def normalise_history(messages: Iterable[Any] | None) -> list[dict[str, str]]:
    """Chatbot messages (content may be a list of parts in Gradio 6) → [{'role', 'content': str}],
    the messages format `Assistant.answer(history=...)` takes; answers are passed as plain text."""
    out = []
    for m in messages or []:
        if not isinstance(m, dict):
            continue
        content = m.get("content")
        if isinstance(content, list):
            content = " ".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type", "text") == "text")
        if isinstance(content, str) and m.get("role") in ("user", "assistant"):
            if m["role"] == "assistant":  # our rendered answer → its plain text
                content = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content))).strip()
            out.append({"role": m["role"], "content": content})
    return out


def as_dict(answer: Answer | dict) -> dict:
    return answer.to_dict() if hasattr(answer, "to_dict") else dict(answer)


def value_header(d: dict, first_paragraph: str = "") -> str:
    """Value and deadline, shown first: the library's lead line when it states the value."""
    value, deadline = d.get("value"), d.get("deadline")
    if not value:
        return ""
    if first_paragraph and str(value) in first_paragraph:
        return f'<div class="qa-value">{inline_html(first_paragraph)}</div>'
    lab = LABELS.get(d.get("language"), LABELS["zh"])
    when = f'　{lab["deadline"]}：<b>{esc(deadline)}{lab["year"]}</b>' if deadline else ""
    return f'<div class="qa-value">{lab["value"]}：<b>{esc(value)}</b>{when}</div>'


def citation_role(d: dict, i: int) -> str:
    """evidence (an answer's first citation, or one per item of a list or comparison) | also (its
    other citations) | related (a refusal's facts)."""
    if d.get("refused"):
        return "related"
    spans = {(c.get("doc_id"), c.get("start"), c.get("end")) for p in d.get("parts") or [] for c in p.get("citations") or []}
    cites = d.get("citations") or []
    if spans and i < len(cites):
        c = cites[i]
        return "evidence" if (c.get("doc_id"), c.get("start"), c.get("end")) in spans else "also"
    return "evidence" if i == 0 else "also"


def citation_card_html(c: dict, n: int, role: str = "evidence", language: str = "zh", ref: str | None = None) -> str:
    """One citation card; `ref` ("message:citation") makes it clickable in the chat."""
    lab = LABELS.get(language, LABELS["zh"])
    badge = lab.get(role, lab["evidence"])
    docno = f'<span class="cite-docno">{esc(c.get("doc_number"))}</span>' if c.get("doc_number") else ""
    if c.get("page"):  # a PDF: the page where the quote starts
        docno += f'<span class="cite-page">第{int(c["page"])}页</span>'
    # the chat's HTML sanitiser drops data-* attributes but keeps classes: cite-ref-<message>-<citation>
    ref_class = f" cite-ref cite-ref-{esc(ref).replace(':', '-')}" if ref else ""
    title = ' title="点击查看原文"' if ref else ""
    return (
        f'<div class="cite-card {esc(role)}{ref_class}"{title}>'
        f'<div class="cite-top"><span class="cite-badge">[{n}] {esc(badge)}</span>'
        f'<span class="cite-title">《{esc(c.get("title"))}》</span>{docno}</div>'
        f'<div class="cite-path">{esc(c.get("clause"))}</div>'
        f'<div class="cite-quote">「{inline_html(c.get("quote", ""))}」</div></div>'
    )


def unique_citations(citations: list[dict]) -> list[dict]:
    """Citations in order, each quoted span once."""
    seen, out = set(), []
    for c in citations or []:
        key = (c.get("doc_id"), c.get("start"), c.get("end"))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


NUMBERED = re.compile(r"^\d{1,3}\.\s+")


def _table_html(rows: list[str]) -> str:
    """A comparison's Markdown table (| part | value | year | source |) as an HTML table."""
    cells = [[c.strip() for c in r.strip().strip("|").split("|")] for r in rows if not re.fullmatch(r"\|[\s|:-]+\|?", r.strip())]
    if not cells:
        return ""
    head = "".join(f"<th>{inline_html(c)}</th>" for c in cells[0])
    body = "".join("<tr>" + "".join(f"<td>{inline_html(c)}</td>" for c in row) + "</tr>" for row in cells[1:])
    return f'<table class="qa-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _text_html(lines: list[str]) -> str:
    """The answer text: paragraphs, "- " items, numbered list items (a list answer) and a
    Markdown table (a comparison)."""
    parts, items, numbered, table = [], [], [], []
    for line in lines + [""]:
        if line.startswith("- "):
            items.append(f"<li>{inline_html(line[2:])}</li>")
            continue
        if NUMBERED.match(line):
            numbered.append(f"<li>{inline_html(NUMBERED.sub('', line))}</li>")
            continue
        if line.startswith("|"):
            table.append(line)
            continue
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if numbered:
            parts.append('<ol class="qa-list">' + "".join(numbered) + "</ol>")
            numbered = []
        if table:
            parts.append(_table_html(table))
            table = []
        if line.strip():
            parts.append(f"<div>{inline_html(line)}</div>")
    return "".join(parts)


def answer_sections(answer: Answer | dict, message_index: int | None = None) -> tuple[str, list[str], list[str]]:
    """(head, text blocks, cards) of an answer as escaped HTML, shown in this order; the
    cards start with their heading. `message_index` makes the cards clickable in the chat."""
    d = as_dict(answer)
    lab = LABELS.get(d.get("language"), LABELS["zh"])
    citations = unique_citations(d.get("citations"))
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", d.get("text") or "") if p.strip()]
    lines = [line for p in paragraphs for line in p.split("\n")]
    if d.get("refused"):
        head = f'<div class="qa-refusal-head">{esc(lab["refused"])}</div>'
    else:
        head = value_header(d, paragraphs[0] if paragraphs else "")
        if head and paragraphs and str(d.get("value")) in paragraphs[0]:
            lines = lines[len(paragraphs[0].split("\n")):]
    if citations:  # the cards show quotes, sources and related facts: drop them from the text
        lines = [line for line in lines
                 if not SOURCE_LINE.match(line) and not QUOTE_LINE.match(line)
                 and not (d.get("refused") and RELATED_ITEM.match(line))]
    blocks = re.findall(r"<div>.*?</div>|<ul>.*?</ul>|<ol[^>]*>.*?</ol>|<table[^>]*>.*?</table>", _text_html(lines))
    cards = []
    if citations:
        heading, cls = (lab["related_head"], "qa-related-head") if d.get("refused") else (lab["sources"], "qa-sources-head")
        cards = [f'<div class="{cls}">{esc(heading)}</div>'] + [
            citation_card_html(c, i + 1, citation_role(d, i), d.get("language", "zh"),
                               None if message_index is None else f"{message_index}:{i}")
            for i, c in enumerate(citations)
        ]
    return head, blocks, cards


def _answer_html(d: dict, head: str, blocks: list[str], cards: list[str], complete: bool) -> str:
    cls = "qa-answer qa-refused" if d.get("refused") else "qa-answer qa-ok"
    return (f'<div class="{cls}{" qa-complete" if complete else ""}">{head}'
            f'<div class="qa-text">{"".join(blocks)}</div>{"".join(cards)}</div>')


def format_answer_html(answer: Answer | dict, message_index: int | None = None) -> str:
    """The whole chat message: value first, then the text, then the citation cards."""
    d = as_dict(answer)
    return _answer_html(d, *answer_sections(d, message_index), complete=True)


def stream_steps(answer: Answer | dict, message_index: int | None = None) -> list[str]:
    """Progressively longer renderings of an answer: the value (or the refusal) first, then the
    text block by block, then the cards one by one; the last one is the whole answer."""
    d = as_dict(answer)
    head, blocks, cards = answer_sections(d, message_index)
    steps = [_answer_html(d, head, blocks[:i], [], False) for i in range(0 if head else 1, len(blocks) + 1)]
    steps += [_answer_html(d, head, blocks, cards[:i], False) for i in range(2, len(cards))]  # heading + card(s)
    steps.append(format_answer_html(d, message_index))
    return [s for i, s in enumerate(steps) if i == 0 or s != steps[i - 1]]


# ---- highlighting a span in its clause context ---------------------------------
def highlight_html(text: str, lo: int, hi: int, spans: list[tuple[int, int, str]]) -> str:
    """Escape text[lo:hi] and wrap each (start, end, tag) span: tag "mark" → <mark>, else <span class=tag>.
    Where spans overlap, a later span in the list sits inside an earlier one."""
    bounds = sorted({lo, hi} | {min(max(p, lo), hi) for s, e, _ in spans for p in (s, e)})
    out = []
    for a, b in zip(bounds, bounds[1:]):
        if a >= b:
            continue
        piece = esc(text[a:b])
        for s, e, tag in reversed([sp for sp in spans if sp[0] <= a and b <= sp[1]]):
            piece = f"<mark>{piece}</mark>" if tag == "mark" else f'<span class="{esc(tag)}">{piece}</span>'
        out.append(piece)
    return "".join(out)


def context_window(clauses: list, clause_id: str, start: int, end: int, margin: int = 160,
                   text_len: int | None = None) -> tuple[int, int]:
    """Offsets covering the whole clause (and the span), with up to `margin` characters of the
    neighbouring clauses either side."""
    idx = next((i for i, c in enumerate(clauses) if c.clause_id == clause_id), None)
    if idx is None:
        idx = next((i for i, c in enumerate(clauses) if c.start <= start < c.end), None)
    if idx is None:
        lo, hi = max(0, start - margin), end + margin
    else:
        clause = clauses[idx]
        lo = max(clauses[max(0, idx - 1)].start, clause.start - margin)
        hi = min(clauses[min(len(clauses) - 1, idx + 1)].end, clause.end + margin)
    lo, hi = min(lo, start), max(hi, end)
    return lo, (min(hi, text_len) if text_len is not None else hi)


def clause_view_html(doc, clauses: list, text: str, clause_id: str, spans: list[tuple[int, int, str]], note: str = "") -> str:
    start, end = min(s for s, _, _ in spans), max(e for _, e, _ in spans)
    clause = next((c for c in clauses if c.clause_id == clause_id), None)
    lo, hi = context_window(clauses, clause_id, start, end, text_len=len(text))
    if clause is not None:  # the clause itself stands out from its dimmed neighbours
        spans = [(clause.start, clause.end, "focus-clause")] + list(spans)
    path = " › ".join(clause.path) if clause is not None else ""
    docno = f"（{esc(doc.doc_number)}）" if getattr(doc, "doc_number", None) else ""
    more_before = "…" if lo > 0 else ""
    more_after = "…" if hi < len(text) else ""
    return (
        f'<div class="viewer"><div class="viewer-head">《{esc(doc.title)}》{docno}</div>'
        f'<div class="viewer-path">{esc(path)}</div>'
        f'<div class="viewer-text">{more_before}{highlight_html(text, lo, hi, spans)}{more_after}</div>'
        f'<div class="viewer-note">{esc(note or f"位于全文第 {start + 1}–{end} 字{_page_note(doc, start)} · 源文件 {doc.path}")}</div></div>'
    )


def _page_note(doc, offset: int) -> str:
    page = doc.page_at(offset) if hasattr(doc, "page_at") else None
    return f" · PDF 第{page}页" if page else ""


# ---- 指标库 ---------------------------------------------------------------------
def target_key(t) -> str:
    return f"{t.clause_id}@{t.value_start}"


def filter_targets(targets: list, titles: dict[str, str], doc_id: str | None = None, year: Any = None,
                   keyword: str | None = None) -> list:
    """Targets of one document (doc_id, "" or 全部 = all), one deadline year, containing every keyword word."""
    words = [w.casefold() for w in (keyword or "").split()]
    out = []
    for t in targets:
        if doc_id and doc_id != ALL and t.doc_id != doc_id:
            continue
        if year not in (None, "", ALL) and str(t.deadline) != str(year):
            continue
        hay = " ".join([t.indicator, t.value_text, t.quote, t.unit, titles.get(t.doc_id, "")]).casefold()
        if any(w not in hay for w in words):
            continue
        out.append(t)
    return out


def target_rows(targets: list, titles: dict[str, str]) -> list[list]:
    return [[titles.get(t.doc_id, t.doc_id), t.deadline, t.indicator, t.value_text, t.unit,
             "目标" if t.is_target else "实绩", t.quote, target_key(t)] for t in targets]


def write_targets_csv(targets: list, documents: dict, clause_paths: dict[str, str], folder: str | Path) -> Path:
    """CSV (UTF-8 with BOM, opens in Excel) of the given targets."""
    path = Path(tempfile.mkdtemp(dir=folder)) / "指标库.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_FIELDS)
        for t in targets:
            doc = documents.get(t.doc_id)
            w.writerow([doc.title if doc else t.doc_id, (doc.doc_number if doc else "") or "", t.deadline or "",
                        t.indicator, t.value_text, "" if t.number is None else t.number, t.unit, t.qualifier,
                        "目标" if t.is_target else "实绩", t.quote, clause_paths.get(t.clause_id, ""), t.doc_id, t.clause_id])
    return path


# ---- 文档 -----------------------------------------------------------------------
def document_rows(documents: list) -> list[list]:
    rows = []
    for d in documents:
        years = "" if not d.target_years else (
            str(d.target_years[0]) if d.target_years[0] == d.target_years[1] else f"{d.target_years[0]}–{d.target_years[1]}")
        rows.append([d.title, d.doc_number or "", d.issuer or "", d.date or "", d.printed_date or "", d.region or "",
                     years, "报告" if d.kind == "report" else "通知/文件", d.path])
    return rows


def outline_html(doc, clauses: list, n_targets: int = 0) -> str:
    """The heading outline of a document, indented by depth."""
    heads = [c for c in clauses if c.kind == "heading"] or [c for c in clauses if c.label][:80]
    lines = []
    for c in heads:
        depth = max(0, len(c.path) - 1)
        text = c.text if len(c.text) <= 60 else c.text[:60] + "…"
        lines.append(f'<div style="padding-left:{depth * 1.2:.1f}em"><span class="lvl">{"·" if depth else "▸"}</span> {esc(text)}</div>')
    meta = f"共 {len(clauses)} 个条款、{n_targets} 条指标"
    if getattr(doc, "ocr_confidence", None) is not None:  # a scanned PDF read by OCR
        meta += f" · 扫描件，文字识别平均置信度 {doc.ocr_confidence:.1%}"
        if doc.low_confidence_pages:
            meta += "；置信度较低的页：" + "、".join(f"第{p}页" for p in doc.low_confidence_pages)
    docno = f"（{esc(doc.doc_number)}）" if doc.doc_number else ""
    return (f'<div class="viewer"><div class="viewer-head">《{esc(doc.title)}》{docno}</div>'
            f'<div class="viewer-path">{esc(meta)}</div><div class="outline">{"".join(lines) or "（无标题结构）"}</div></div>')


def file_choices(documents: list) -> list[tuple[str, str]]:
    by_file: dict[str, list[str]] = {}
    for d in documents:
        by_file.setdefault(d.path, []).append(d.title)
    return [(f"{name} — {'；'.join(titles)}", name) for name, titles in sorted(by_file.items())]


def scan_page_html(assistant, doc, page) -> str:
    """For a scanned PDF, the page the quote was read from, folded under the text: OCR can
    misread, the image cannot."""
    if not page or getattr(doc, "ocr_confidence", None) is None or not hasattr(assistant, "page_image"):
        return ""
    try:
        data = assistant.page_image(doc.doc_id, int(page))
    except Exception:
        log.warning("cannot render page %s of %s", page, doc.doc_id, exc_info=True)
        return ""
    src = "data:image/jpeg;base64," + base64.b64encode(data).decode()
    return (f'<details class="scan-page"><summary>查看扫描原件第{int(page)}页</summary>'
            f'<img src="{src}" alt="扫描原件第{int(page)}页" style="max-width:100%;border:1px solid #cbd5e1"></details>')


# ---- chat handlers (take the assistant, so tests can pass a stand-in) ---------------
def citation_view(assistant, c: dict) -> str:
    """The clause of a citation in its document context, the quoted span in <mark>."""
    try:
        doc = next(d for d in assistant.documents() if d.doc_id == c["doc_id"])
        view = clause_view_html(doc, assistant.clauses(c["doc_id"]), assistant.document_text(c["doc_id"]),
                                c.get("clause_id", ""), [(c["start"], c["end"], "mark")])
        return view + scan_page_html(assistant, doc, c.get("page"))
    except Exception:  # the document was removed meanwhile
        log.warning("cannot show citation %s", c.get("clause_id"), exc_info=True)
        return '<div class="viewer-empty">该文档已不在语料中，无法显示原文。</div>'


def cite_updates(citations: list[dict], refused: bool):
    """The clickable cards beside the chat."""
    d = {"refused": refused}
    samples = [[citation_card_html(c, i + 1, citation_role(d, i))] for i, c in enumerate(citations)]
    return gr.Dataset(samples=samples, visible=bool(samples))


def chat_turn(assistant, question, history, answers, delay: float = 0.05):
    """One question: yields (chat, question box, status, cards, current citations, citations by
    message, viewer), streaming the answer value first, then its text, then its cards."""
    history = list(history or [])
    answers = dict(answers or {})
    question = question if isinstance(question, str) else ""
    keep = (gr.skip(),) * 4
    pending = history + [{"role": "user", "content": question},
                         {"role": "assistant", "content": "⏳ 正在检索相关条款…"}]
    yield (list(pending), "", "") + keep
    try:
        result = assistant.answer(question, history=normalise_history(history))
    except QuestionError as exc:
        yield (history, question, f'<span class="status-warn">⚠ {esc(question_error_message(exc))}</span>') + keep
        return
    except Exception:
        log.exception("answer failed")
        yield (history, question, '<span class="status-warn">⚠ 系统暂时无法回答，请稍后重试。</span>') + keep
        return
    d = result.to_dict() if hasattr(result, "to_dict") else dict(result)
    message = len(pending) - 1
    for step in stream_steps(d, message)[:-1]:
        pending[-1] = {"role": "assistant", "content": step}
        yield (list(pending), gr.skip(), gr.skip()) + keep
        time.sleep(delay)
    pending[-1] = {"role": "assistant", "content": format_answer_html(d, message)}
    current = {"citations": unique_citations(d["citations"]), "refused": bool(d["refused"])}
    answers[message] = current
    viewer = citation_view(assistant, current["citations"][0]) if current["citations"] else VIEWER_PLACEHOLDER
    yield pending, gr.skip(), "", cite_updates(current["citations"], current["refused"]), current, answers, viewer


# ---- sign-in, roles and the audit trail --------------------------------------------
ROLE_LABELS = {"admin": "管理", "viewer": "查询"}
ACCOUNT_GONE = "该账号已被停用或删除，请联系管理员。"
REFUSED_NOT_ADMIN = '<span class="status-warn">⚠ 需要管理员（管理）权限：当前账号只能查询。</span>'
AUDIT_LABELS = {"upload": "上传", "replace": "上传替换", "delete": "删除", "restore": "恢复", "rebuild": "重建索引",
                "index": "更新索引", "sign-in": "登录", "sign-in failure": "登录失败", "refused": "越权被拒", "user add": "添加账号",
                "question": "提问"}
TRASH_HEADERS = ["删除时间（UTC）", "文件", "操作人", "原因", "保留至"]
AUDIT_HEADERS = ["时间（UTC）", "用户", "操作", "文件 / 问题", "内容哈希"]


class Access:
    """Who is asking, and whether they may change the corpus. Checked on the server in every
    handler that changes the corpus: hiding the buttons is only for the eye.

    users=None is the local mode (no sign-in, served on 127.0.0.1): the one local user manages."""

    LOCAL_USER = "local"

    def __init__(self, users: Users | None, audit: AuditLog, log_questions: bool = False):
        self.users = users
        self.audit = audit
        self.log_questions = log_questions

    def user(self, request: gr.Request | None) -> str:
        if self.users is None:
            return self.LOCAL_USER
        return getattr(request, "username", None) or ""

    def role(self, request: gr.Request | None) -> str | None:
        if self.users is None:
            return "admin"
        return self.users.role(getattr(request, "username", None))

    def admin(self, request: gr.Request | None, action: str) -> str | None:
        """The user's name if they may manage the corpus, else None (and the refusal is logged)."""
        if self.role(request) == "admin":
            return self.user(request)
        log.warning("refused %s by %r (role %s)", action, self.user(request), self.role(request))
        self.record("refused", self.user(request), attempted=action)
        return None

    def question(self, request: gr.Request | None, text) -> None:
        """Questions are logged only when RAG_LOG_QUESTIONS=1."""
        if self.log_questions and isinstance(text, str) and text.strip():
            self.record("question", self.user(request), question=text[:2000])

    def record(self, action: str, user: str, **fields) -> None:
        try:
            self.audit.record(action, user, **fields)
        except OSError:  # the change itself went through: say so in the log, do not fail the user
            log.exception("cannot write the audit log %s", self.audit.path)

    async def authenticate(self, username: str, password: str) -> bool:
        """Gradio's sign-in check (demo.launch(auth=...)); scrypt runs off the event loop."""
        import asyncio

        user = await asyncio.to_thread(self.users.check, username, password) if self.users else None
        name = str(username or "")[:64]
        if user is None:
            log.warning("sign-in failure for %r", name)
            await asyncio.to_thread(self.record, "sign-in failure", name)
            await asyncio.sleep(1)  # slows down guessing
            return False
        await asyncio.to_thread(self.record, "sign-in", user.name, role=user.role)
        return True


def trash_rows(entries: list, keep_days: int) -> list[list]:
    return [[e.deleted_at.replace("T", " ")[:19], e.name, e.user or "—", "被新版本替换" if e.reason == "replace" else "删除",
             e.expires(keep_days).strftime("%Y-%m-%d")] for e in entries]


def trash_choices(entries: list) -> list[tuple[str, str]]:
    return [(f"{e.name} — {e.deleted_at.replace('T', ' ')[:16]}（{'替换' if e.reason == 'replace' else '删除'}）", e.entry_id)
            for e in entries]


def audit_action_label(e: dict) -> str:
    label = AUDIT_LABELS.get(e.get("action"), str(e.get("action")))
    if e.get("action") == "refused" and e.get("attempted"):
        label += f"（{AUDIT_LABELS.get(e['attempted'], e['attempted'])}）"
    return label


def audit_rows(entries: list[dict]) -> list[list]:
    return [[str(e.get("time", "")).replace("T", " ")[:19], str(e.get("user", "")), audit_action_label(e),
             str(e.get("file") or e.get("question") or ""), str(e.get("sha256") or "")[:12]] for e in entries]


# ---- the app ----------------------------------------------------------------------
def build_app(assistant: Assistant, access: Access | None = None) -> gr.Blocks:
    csv_dir = tempfile.mkdtemp(prefix="policy-qa-csv-")
    access = access or Access(None, AuditLog(assistant.config.audit_path), assistant.config.log_questions)
    local_admin = access.users is None  # no sign-in: the admin tools show at once

    def docs_by_id() -> dict:
        return {d.doc_id: d for d in assistant.documents()}

    # -- chat
    def show_citation(c: dict) -> str:
        return citation_view(assistant, c)

    def respond(question, history, answers, request: gr.Request):
        if access.role(request) is None:  # signed in, but the account was removed since
            yield (gr.skip(), gr.skip(), f'<span class="status-warn">⚠ {ACCOUNT_GONE}</span>') + (gr.skip(),) * 4
            return
        access.question(request, question)
        yield from chat_turn(assistant, question, history, answers)

    def pick_citation(index, current):
        citations = (current or {}).get("citations") or []
        if isinstance(index, int) and 0 <= index < len(citations):
            return show_citation(citations[index])
        return gr.skip()

    def pick_chat_card(ref, answers):
        """A card clicked inside the chat ("message:citation:nonce"): show it, and its answer's cards."""
        try:
            message, index = (int(x) for x in str(ref).split(":")[:2])
            entry = (answers or {}).get(message) or (answers or {}).get(str(message))
            citation = entry["citations"][index]
        except (ValueError, TypeError, KeyError, IndexError):
            return gr.skip(), gr.skip(), gr.skip()
        return cite_updates(entry["citations"], entry["refused"]), entry, show_citation(citation)

    def clear_chat():
        return [], "", "", gr.Dataset(samples=[], visible=False), {}, {}, VIEWER_PLACEHOLDER

    def answer_api(question: str, request: gr.Request) -> dict:
        """Answer one question; returns Answer.to_dict(), or {"error": message}."""
        if access.role(request) is None:
            return {"error": ACCOUNT_GONE}
        access.question(request, question)
        try:
            return assistant.answer(question).to_dict()
        except QuestionError as exc:
            return {"error": question_error_message(exc)}
        except Exception:
            log.exception("api answer failed")
            return {"error": "系统暂时无法回答，请稍后重试。"}

    # -- 指标库
    def year_choices() -> list[str]:
        return [ALL] + [str(y) for y in sorted({t.deadline for t in assistant.targets() if t.deadline})]

    def doc_choices() -> list[tuple[str, str]]:
        return [("全部文档", ALL)] + [(d.title, d.doc_id) for d in assistant.documents()]

    def filter_table(doc_id, year, keyword):
        docs = docs_by_id()
        t_titles = {k: d.title for k, d in docs.items()}
        rows = filter_targets(assistant.targets(), t_titles, doc_id, year, keyword)
        paths = {}
        for row_doc in {r.doc_id for r in rows}:
            try:
                paths.update({c.clause_id: " › ".join(c.path) for c in assistant.clauses(row_doc)})
            except KeyError:  # removed meanwhile
                pass
        csv_path = write_targets_csv(rows, docs, paths, csv_dir)
        count = f"共 {len(rows)} 条指标" + ("" if rows else "（没有符合条件的指标，请调整筛选条件）")
        return target_rows(rows, t_titles), count, gr.DownloadButton(value=str(csv_path), interactive=bool(rows))

    def pick_target(evt: gr.SelectData):
        key = (evt.row_value or [None])[-1]
        t = next((t for t in assistant.targets() if target_key(t) == key), None)
        doc = docs_by_id().get(t.doc_id) if t is not None else None
        if doc is None:
            return '<div class="viewer-empty">该指标已不在语料中，请刷新表格。</div>'
        spans = [(t.start, t.end, "quote-span")]
        if 0 <= t.value_start < t.value_end:
            spans.append((t.value_start, t.value_end, "mark"))
        note = f"{'目标' if t.is_target else '实绩'} · {t.deadline or '—'}年 · {t.indicator} · {t.value_text}"
        return clause_view_html(doc, assistant.clauses(t.doc_id), assistant.document_text(t.doc_id), t.clause_id, spans, note)

    # -- 文档
    def load_errors_md() -> str:
        errors = assistant.load_errors
        return ("⚠ 以下文件未能加载：\n" + "\n".join(f"- {e}" for e in errors)) if errors else ""

    def show_outline(doc_id):
        docs = docs_by_id()
        if not doc_id or doc_id not in docs:
            return '<div class="viewer-empty">选择一个文档查看其条款结构。</div>'
        n = sum(1 for t in assistant.targets() if t.doc_id == doc_id)
        return outline_html(docs[doc_id], assistant.clauses(doc_id), n)

    def pick_document(evt: gr.SelectData):
        path = (evt.row_value or [None])[-1]
        title = (evt.row_value or [None])[0]
        doc = next((d for d in assistant.documents() if d.path == path and d.title == title), None)
        return gr.skip() if doc is None else doc.doc_id

    def refreshed(doc_filter=ALL, year=ALL, keyword="", selected=None):
        """Every view that depends on the corpus, after an upload or a delete."""
        docs = assistant.documents()
        ids = {d.doc_id for d in docs}
        doc_filter = doc_filter if doc_filter in ids else ALL
        years = year_choices()
        year = year if year in years else ALL
        table, count, download = filter_table(doc_filter, year, keyword)
        first = selected if selected in ids else (docs[0].doc_id if docs else None)
        return (document_rows(docs), gr.Dropdown(choices=[(d.title, d.doc_id) for d in docs], value=first),
                gr.Dropdown(choices=file_choices(docs), value=None), show_outline(first), load_errors_md(),
                gr.Dropdown(choices=doc_choices(), value=doc_filter), gr.Dropdown(choices=years, value=year),
                table, count, download)

    def upload(file, replace, doc_filter, year, keyword, request: gr.Request, progress=gr.Progress()):
        unchanged = tuple(gr.skip() for _ in range(10))
        user = access.admin(request, "upload")
        if user is None:
            return (REFUSED_NOT_ADMIN, None) + unchanged
        if not file:
            return ('<span class="status-warn">⚠ 请先选择要上传的文件（刚选择的文件请等上传完成后再点击）。</span>', gr.skip()) + unchanged
        path = Path(file if isinstance(file, str) else getattr(file, "name", ""))
        progress(0.05, desc="读取文件…")
        stages = {"parse": (0.1, 0.15, "解析文件"), "ocr": (0.15, 0.5, "文字识别（OCR）"), "embed": (0.5, 0.9, "计算向量"),
                  "index": (0.9, 0.95, "更新索引")}

        def on_progress(stage, done, total):
            lo, hi, label = stages.get(stage, (0.9, 0.95, stage))
            pages = f"：第 {done}/{total} 页" if stage == "ocr" else ""
            progress(lo + (hi - lo) * (done / total if total else 1), desc=f"{label}{pages}…")

        try:
            data = path.read_bytes()
            replaces = bool(replace) and safe_filename(path.name) in {d.path for d in assistant.documents()}
            added = assistant.add_document(path.name, data, replace=bool(replace), user=user, progress=on_progress)
        except LoadError as exc:
            log.warning("upload refused: %s", exc)
            return (f'<span class="status-warn">⚠ {esc(upload_error_message(exc, path.name))}</span>', None) + unchanged
        except Exception:
            log.exception("upload failed")
            return (f'<span class="status-warn">⚠ 上传失败（{esc(path.name)}）：处理文件时出错，语料未改变。</span>', None) + unchanged
        progress(0.97, desc="刷新列表…")
        access.record("replace" if replaces else "upload", user, file=added[0].path if added else path.name,
                      sha256=hashlib.sha256(data).hexdigest())
        names = "、".join(f"《{d.title}》" for d in added) or path.name
        kept = "，旧版本已移入回收站" if replaces else ""
        status = f'<span class="status-ok">✔ 已加入并完成索引：{esc(names)}{kept}。问答和指标库已可使用。</span>'
        return (status, None) + refreshed(doc_filter, year, keyword, added[0].doc_id if added else None)

    def ask_delete(name, request: gr.Request):
        if access.admin(request, "delete") is None:
            return REFUSED_NOT_ADMIN, gr.Column(visible=False)
        if not name:
            return '<span class="status-warn">⚠ 请先选择要删除的文件。</span>', gr.Column(visible=False)
        titles_in = [d.title for d in assistant.documents() if d.path == name]
        text = (f"确定从语料中删除文件 **{name}** 吗？其中的文档（{'；'.join(titles_in)}）将不再用于问答；"
                f"文件移入回收站，{assistant.config.trash_days} 天内可以恢复。")
        return text, gr.Column(visible=True)

    def delete(name, doc_filter, year, keyword, request: gr.Request):
        user = access.admin(request, "delete")
        if user is None:
            return (REFUSED_NOT_ADMIN, gr.Column(visible=False)) + tuple(gr.skip() for _ in range(10))
        try:
            entry = assistant.trash_document(name, user=user)
        except (KeyError, OSError) as exc:
            log.warning("delete failed: %s", exc)
            return ('<span class="status-warn">⚠ 删除失败：该文件已不在语料中。</span>', gr.Column(visible=False)) + refreshed(doc_filter, year, keyword)
        except Exception:
            log.exception("delete failed")
            return ('<span class="status-warn">⚠ 删除失败，请稍后重试。</span>', gr.Column(visible=False)) + tuple(gr.skip() for _ in range(10))
        access.record("delete", user, file=entry.name, sha256=entry.sha256)
        status = f'<span class="status-ok">✔ 已删除 {esc(entry.name)}（已移入回收站，可恢复），索引已更新。</span>'
        return (status, gr.Column(visible=False)) + refreshed(doc_filter, year, keyword)

    def restore(entry_id, doc_filter, year, keyword, request: gr.Request):
        user = access.admin(request, "restore")
        if user is None:
            return (REFUSED_NOT_ADMIN,) + tuple(gr.skip() for _ in range(10))
        if not entry_id:
            return ('<span class="status-warn">⚠ 请先在回收站中选择要恢复的文件。</span>',) + tuple(gr.skip() for _ in range(10))
        try:
            entry = assistant.restore_document(entry_id, user=user)
        except (KeyError, OSError) as exc:
            log.warning("restore failed: %s", exc)
            return ('<span class="status-warn">⚠ 恢复失败：该文件已不在回收站中。</span>',) + refreshed(doc_filter, year, keyword)
        except Exception:
            log.exception("restore failed")
            return ('<span class="status-warn">⚠ 恢复失败，请稍后重试。</span>',) + tuple(gr.skip() for _ in range(10))
        access.record("restore", user, file=entry.name, sha256=entry.sha256)
        status = f'<span class="status-ok">✔ 已恢复 {esc(entry.name)}，索引已更新。</span>'
        return (status,) + refreshed(doc_filter, year, keyword)

    def rebuild(doc_filter, year, keyword, request: gr.Request, progress=gr.Progress()):
        user = access.admin(request, "rebuild")
        if user is None:
            return (REFUSED_NOT_ADMIN,) + tuple(gr.skip() for _ in range(10))
        progress(0.05, desc="读取语料…")
        try:
            assistant.reload(progress=lambda stage, done, total: progress(
                0.1 + 0.8 * (done / total if total else 1), desc="计算向量…" if stage == "embed" else "更新索引…"),
                build=True)
        except Exception:
            log.exception("rebuild failed")
            return ('<span class="status-warn">⚠ 重建索引失败，原索引保持不变。</span>',) + tuple(gr.skip() for _ in range(10))
        access.record("rebuild", user, documents=len(assistant.documents()))
        status = f'<span class="status-ok">✔ 已重新读取语料并更新索引：共 {len(assistant.documents())} 个文档。</span>'
        return (status,) + refreshed(doc_filter, year, keyword)

    def admin_view(request: gr.Request):
        """The signed-in user's line, and the admin tools with the trash and the audit trail
        (filled for admins only: a viewer's page never receives them)."""
        role = access.role(request)
        if access.users is None:
            who = "本机使用（未启用登录）"
        else:
            who = (f"当前用户：**{esc(access.user(request))}**（{ROLE_LABELS.get(role, '无权限')}） · "
                   f'<a href="logout">退出登录</a>')
        if role != "admin":
            return (who, gr.Column(visible=False), gr.Column(visible=False), [], gr.Dropdown(choices=[], value=None), [])
        entries = assistant.trash.entries()
        return (who, gr.Column(visible=True), gr.Column(visible=True),
                trash_rows(entries, assistant.config.trash_days), gr.Dropdown(choices=trash_choices(entries), value=None),
                audit_rows(access.audit.latest(50)))

    def admin_api(action: str, request: gr.Request, change, missing: str, failed: str) -> tuple[dict, object]:
        """An administrator's corpus change through the API: the role checked on the server,
        a clear error for a missing name or a failed move, one audit line when it worked."""
        user = access.admin(request, action)
        if user is None:
            return {"error": "需要管理员（管理）权限。"}, None
        try:
            entry = change(user)
        except KeyError:
            return {"error": missing}, None
        except OSError:
            log.exception("api %s failed", action)
            return {"error": failed}, None
        access.record(action, user, file=entry.name, sha256=entry.sha256)
        return {}, entry

    def delete_api(file_name: str, request: gr.Request) -> dict:
        """Move a document's file to the trash (administrators only)."""
        error, entry = admin_api("delete", request, lambda user: assistant.trash_document(file_name, user=user),
                                 f"语料中没有 {file_name}。", "删除失败，语料未改变。")
        return error or {"deleted": entry.name, "trash_entry": entry.entry_id}

    def restore_api(entry_id: str, request: gr.Request) -> dict:
        """Put a file from the trash back into the corpus (administrators only)."""
        error, entry = admin_api("restore", request, lambda user: assistant.restore_document(entry_id, user=user),
                                 f"回收站中没有 {entry_id}。", "恢复失败，请稍后重试。")
        return error or {"restored": entry.name}

    # -- layout
    n_docs = len(assistant.documents())
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        gr.Markdown(f"## {TITLE}\n基于本地政策文件回答问题：先给出数值和期限，再列出原文出处；语料中没有的内容会明确说明。")
        whoami = gr.Markdown("", elem_id="whoami")
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                cites_state = gr.State({})
                answers_state = gr.State({})
                with gr.Row():
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(label="对话", height=600, elem_id="chatbot", buttons=["copy"],
                                             placeholder="请输入问题，或点击下方示例问题。追问（如“那2022年呢？”）会沿用上文。",
                                             feedback_options=None, group_consecutive_messages=False)
                        with gr.Row():
                            question = gr.Textbox(label="问题", placeholder="例如：到2025年浙江计划建成多少个5G基站？",
                                                  lines=1, max_lines=6, scale=5, elem_id="question", autofocus=True)
                            with gr.Column(scale=1, min_width=120):
                                ask_btn = gr.Button("提问", variant="primary", elem_id="ask")
                                clear_btn = gr.Button("清空对话", size="sm", elem_id="clear")
                        status = gr.HTML("", elem_id="chat-status")
                        gr.Examples(examples=[[q] for _, q in EXAMPLES], inputs=[question], label="示例问题（点击填入）",
                                    example_labels=[f"{kind}：{q}" for kind, q in EXAMPLES])
                    with gr.Column(scale=2):
                        gr.Markdown("#### 引用来源\n点击引用卡片（此处或对话中），在下方查看条款原文。")
                        cite_ds = gr.Dataset(components=[gr.HTML(render=False)], samples=[], type="index",
                                             layout="gallery", label="引用来源", show_label=False, visible=False,
                                             elem_id="citations", samples_per_page=10)
                        viewer = gr.HTML(VIEWER_PLACEHOLDER, elem_id="viewer", label="条款原文")
                        # set by CARD_CLICK_JS when a card inside the chat is clicked
                        cite_pick = gr.Textbox(visible="hidden", elem_id="cite-pick")
            with gr.Tab("指标库", id="targets") as targets_tab:
                with gr.Row():
                    t_doc = gr.Dropdown(choices=doc_choices(), value=ALL, label="文档", scale=3, elem_id="t-doc")
                    t_year = gr.Dropdown(choices=year_choices(), value=ALL, label="目标年份", scale=1, elem_id="t-year")
                    t_kw = gr.Textbox(label="关键词", placeholder="如：5G、亩均、研发（回车筛选）", scale=2, elem_id="t-kw")
                    t_go = gr.Button("筛选", scale=1, elem_id="t-go")
                with gr.Row():
                    t_count = gr.Markdown("", elem_id="t-count")
                    t_download = gr.DownloadButton("下载 CSV", elem_id="t-download", size="sm", scale=0)
                t_table = gr.Dataframe(headers=TARGET_HEADERS, datatype=["str", "number", "str", "str", "str", "str", "str", "str"],
                                       interactive=False, wrap=True, max_height=460, elem_id="t-table",
                                       column_widths=["16%", "6%", "16%", "10%", "6%", "6%", "30%", "10%"],
                                       label="指标库（点击列标题排序，点击一行查看条款）")
                t_viewer = gr.HTML(TARGET_VIEWER_PLACEHOLDER, elem_id="t-viewer")
            with gr.Tab("文档", id="docs"):
                d_table = gr.Dataframe(headers=DOC_HEADERS, value=document_rows(assistant.documents()), interactive=False,
                                       wrap=True, elem_id="d-table", label="文档列表（点击一行查看条款结构）",
                                       column_widths=["26%", "11%", "13%", "8%", "8%", "5%", "8%", "7%", "14%"])
                d_errors = gr.Markdown(load_errors_md(), elem_id="d-errors")
                with gr.Row():
                    with gr.Column(scale=3):
                        first = assistant.documents()[0].doc_id if n_docs else None
                        d_select = gr.Dropdown(choices=[(d.title, d.doc_id) for d in assistant.documents()], value=first,
                                               label="查看文档结构", elem_id="d-select")
                        d_outline = gr.HTML(show_outline(first), elem_id="d-outline")
                    with gr.Column(scale=2, visible=local_admin, elem_id="admin-tools") as admin_tools:
                        mb = assistant.config.max_upload_bytes / 1024 / 1024
                        # no file_types filter: Gradio would refuse other types with an English toast;
                        # the library checks the type and size, and the message is shown in Chinese
                        up_file = gr.File(label=f"上传文档（{' / '.join(UPLOAD_TYPES)}，不超过 {mb:.0f} MB）",
                                          file_count="single", type="filepath", elem_id="up-file")
                        up_replace = gr.Checkbox(value=True, label="同名文件替换旧版本（旧版本移入回收站）", elem_id="up-replace")
                        up_btn = gr.Button("上传并建立索引", variant="primary", elem_id="up-btn")
                        d_status = gr.HTML("", elem_id="d-status")
                        del_select = gr.Dropdown(choices=file_choices(assistant.documents()), value=None,
                                                 label="删除文档（按源文件）", elem_id="del-select")
                        del_btn = gr.Button("删除", variant="stop", elem_id="del-btn")
                        with gr.Column(visible=False) as del_confirm:
                            del_text = gr.Markdown("")
                            with gr.Row():
                                del_yes = gr.Button("确认删除", variant="stop", elem_id="del-yes")
                                del_no = gr.Button("取消", elem_id="del-no")
                        rebuild_btn = gr.Button("重新读取语料并更新索引", size="sm", elem_id="rebuild-btn")
                with gr.Column(visible=local_admin, elem_id="admin-area") as admin_area:
                    # filled by admin_view on page load, for administrators only
                    gr.Markdown(f"#### 回收站\n删除或被替换的文件保留 {assistant.config.trash_days} 天，可恢复到语料中。")
                    trash_table = gr.Dataframe(headers=TRASH_HEADERS, value=[], interactive=False, wrap=True,
                                               elem_id="trash-table", label="回收站")
                    with gr.Row():
                        trash_select = gr.Dropdown(choices=[], value=None, label="选择要恢复的文件", scale=3,
                                                   elem_id="trash-select")
                        restore_btn = gr.Button("恢复", scale=1, elem_id="restore-btn")
                    gr.Markdown("#### 操作记录（最近 50 条）")
                    audit_table = gr.Dataframe(headers=AUDIT_HEADERS, value=[], interactive=False, wrap=True,
                                               elem_id="audit-table", label="操作记录")

        # -- events
        chat_outputs = [chatbot, question, status, cite_ds, cites_state, answers_state, viewer]
        for trigger in (question.submit, ask_btn.click):
            trigger(respond, [question, chatbot, answers_state], chat_outputs, api_visibility="private")
        clear_btn.click(clear_chat, None, chat_outputs, api_visibility="private")
        cite_ds.click(pick_citation, [cite_ds, cites_state], [viewer], api_visibility="private")
        cite_pick.change(pick_chat_card, [cite_pick, answers_state], [cite_ds, cites_state, viewer], api_visibility="private")

        t_inputs = [t_doc, t_year, t_kw]
        t_outputs = [t_table, t_count, t_download]
        for trigger in (t_doc.change, t_year.change, t_kw.submit, t_go.click, targets_tab.select):
            trigger(filter_table, t_inputs, t_outputs, api_visibility="private")
        t_table.select(pick_target, None, [t_viewer], api_visibility="private")

        refresh_outputs = [d_table, d_select, del_select, d_outline, d_errors, t_doc, t_year, t_table, t_count, t_download]
        demo.load(refreshed, None, refresh_outputs, api_visibility="private")  # another user may have changed the corpus
        admin_outputs = [whoami, admin_tools, admin_area, trash_table, trash_select, audit_table]
        demo.load(admin_view, None, admin_outputs, api_visibility="private")
        d_select.change(show_outline, [d_select], [d_outline], api_visibility="private")
        d_table.select(pick_document, None, [d_select], api_visibility="private")
        up_btn.click(upload, [up_file, up_replace] + t_inputs, [d_status, up_file] + refresh_outputs,
                     api_visibility="private").then(admin_view, None, admin_outputs, api_visibility="private")
        del_btn.click(ask_delete, [del_select], [del_text, del_confirm], api_visibility="private")
        del_no.click(lambda: gr.Column(visible=False), None, [del_confirm], api_visibility="private")
        del_yes.click(delete, [del_select] + t_inputs, [d_status, del_confirm] + refresh_outputs,
                      api_visibility="private").then(admin_view, None, admin_outputs, api_visibility="private")
        restore_btn.click(restore, [trash_select] + t_inputs, [d_status] + refresh_outputs,
                          api_visibility="private").then(admin_view, None, admin_outputs, api_visibility="private")
        rebuild_btn.click(rebuild, t_inputs, [d_status] + refresh_outputs,
                          api_visibility="private").then(admin_view, None, admin_outputs, api_visibility="private")

        gr.api(answer_api, api_name="answer")
        gr.api(delete_api, api_name="delete_document")
        gr.api(restore_api, api_name="restore_document")
    return demo


def theme() -> gr.themes.Base:
    # System fonts only: no web font is fetched from anywhere.
    return gr.themes.Default(
        primary_hue="blue",
        font=["system-ui", "-apple-system", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "sans-serif"],
        font_mono=["ui-monospace", "Consolas", "Noto Sans Mono CJK SC", "monospace"],
    )


def upload_ceiling(assistant: Assistant) -> int:
    """Gradio's own upload limit, well above the library's, so that an oversized file still reaches
    the library and gets its clear (Chinese) message; only absurd sizes are cut off by Gradio."""
    return max(5 * assistant.config.max_upload_bytes, 100 * 1024 * 1024)


def warm_up(assistant: Assistant) -> None:
    """Load the model and bring the index up to date in the background, so the first question is quick."""
    def run():
        try:
            assistant.build_index()
            log.info("index ready")
        except Exception:
            log.exception("warm-up failed; the first question will retry")
    threading.Thread(target=run, name="warm-up", daemon=True).start()


def is_loopback(host: str) -> bool:
    import ipaddress

    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=f"{TITLE}（Gradio 界面）")
    parser.add_argument("--host", default=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
                        help="监听地址（默认 127.0.0.1，或环境变量 GRADIO_SERVER_NAME）")
    parser.add_argument("--port", type=int, default=int(os.environ.get("GRADIO_SERVER_PORT", "7860")),
                        help="端口（默认 7860，或环境变量 GRADIO_SERVER_PORT）")
    parser.add_argument("--corpus", help="文档目录（默认 corpus/）")
    parser.add_argument("--index", help="索引目录（默认 index/）")
    parser.add_argument("--no-warm-up", action="store_true", help="不在启动时预先加载模型和索引")
    parser.add_argument("--users", help="账号文件（默认环境变量 RAG_USERS）；启用登录和权限")
    parser.add_argument("--open", action="store_true",
                        help="没有账号文件时仍在非本机地址上提供服务（任何能访问页面的人都可以修改语料）")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = rag.Config()
    users_path = Path(args.users).expanduser() if args.users else config.users_file
    users = None
    if users_path is not None:
        try:
            users = Users(users_path)
        except UsersError as exc:
            print(f"无法启用登录：{exc}", file=sys.stderr)
            return 2
        if not len(users):
            print(f"无法启用登录：账号文件 {users_path} 中没有账号。", file=sys.stderr)
            return 2
        log.info("sign-in required: %d account(s) in %s", len(users), users_path)
    elif not is_loopback(args.host) and not args.open:
        print(f"拒绝启动：没有账号文件时只在本机（127.0.0.1）提供服务，而 --host 为 {args.host}。\n"
              f"请先创建管理员账号（RAG_USERS=/安全目录/users.json python -m rag user add 姓名 --role admin）"
              f"并设置 RAG_USERS，或明确加上 --open（任何能访问页面的人都可以上传和删除文档）。\n"
              f"Refusing to serve on {args.host} without a users file (RAG_USERS); pass --open to allow it.",
              file=sys.stderr)
        return 2
    elif args.open and not is_loopback(args.host):
        log.warning("no users file and --open: anyone who can reach %s may change the corpus", args.host)
    else:
        log.info("no users file (RAG_USERS): serving without sign-in, on %s only", args.host)
    try:
        assistant = (Assistant(corpus_dir=args.corpus, index_dir=args.index)
                     if args.corpus or args.index else rag.default_assistant())
        assistant.check_store()
    except LoadError as exc:
        print(f"无法加载语料（{exc}）", file=sys.stderr)
        return 2
    except StoreError as exc:  # the configured Milvus cannot serve: say so instead of starting half-working
        print(f"无法连接索引库（{exc}）", file=sys.stderr)
        return 2
    for error in assistant.load_errors:
        log.warning("skipped: %s", error)
    try:
        assistant.trash.purge()  # entries older than RAG_TRASH_DAYS
    except OSError:
        log.exception("cannot purge the trash %s", assistant.trash.folder)
    audit_config = assistant.config.with_(users_file=users_path)
    access = Access(users, AuditLog(audit_config.audit_path), assistant.config.log_questions)
    log.info("audit log: %s%s", access.audit.path, " (questions too)" if access.log_questions else "")
    if not args.no_warm_up:
        warm_up(assistant)
    demo = build_app(assistant, access)
    demo.queue(default_concurrency_limit=4)
    demo.launch(server_name=args.host, server_port=args.port, share=False, show_error=False, ssr_mode=False,
                theme=theme(), css=CSS, max_file_size=upload_ceiling(assistant),
                footer_links=["api"], js=CARD_CLICK_JS,
                auth=access.authenticate if users is not None else None,
                auth_message=f"{TITLE}：请使用管理员分配的账号登录。" if users is not None else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
