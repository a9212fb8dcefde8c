"""How an answer is judged against a question of the eval set."""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("number", "deadline", "date", "text", "list", "compare", "refusal")
SHAPES = ("value", "list", "compare", "goals", "definition", "metadata", "refusal")
LIST_SHARE = 0.8  # a list answer is right when it names this share of the expected items
MAGNITUDE = {"万亿": 10**12, "亿": 10**8, "万": 10**4}


@dataclass
class Item:
    id: str
    kind: str
    question: str
    answers: list[str]
    doc: str
    quote: str
    history: list[str] = field(default_factory=list)
    shape: str = ""  # value | list | compare | goals | definition | metadata | refusal
    items: list[str] = field(default_factory=list)  # list/goals: expected items
    parts: list[dict] = field(default_factory=list)  # compare: {label, answers, doc, quote} or {label, missing: true}
    lang: str = ""

    def __post_init__(self):
        if not self.shape:
            self.shape = "refusal" if self.kind == "refusal" else {"list": "list", "compare": "compare"}.get(self.kind, "value")
        if not self.lang:
            self.lang = "en" if not re.search(r"[\u4e00-\u9fff]", self.question) else "zh"


def load_questions(path: str | Path) -> list[Item]:
    items = []
    for n, line in enumerate(Path(path).read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n}: not JSON ({exc})") from exc
        missing = {"id", "kind", "question", "answers", "doc", "quote"} - set(raw)
        if missing:
            raise ValueError(f"{path}:{n}: missing fields {sorted(missing)}")
        if raw["kind"] not in KINDS:
            raise ValueError(f"{path}:{n}: unknown kind {raw['kind']!r}")
        if raw["kind"] == "list" and not raw.get("items"):
            raise ValueError(f"{path}:{n}: a list question needs items")
        if raw["kind"] == "compare" and len(raw.get("parts", [])) < 2:
            raise ValueError(f"{path}:{n}: a compare question needs at least two parts")
        items.append(Item(raw["id"], raw["kind"], raw["question"], list(raw["answers"]), raw["doc"], raw["quote"],
                          list(raw.get("history", [])), raw.get("shape", ""), list(raw.get("items", [])),
                          list(raw.get("parts", [])), raw.get("lang", "")))
    return items


def _expand(m: re.Match[str]) -> str:
    value = float(m.group(1)) * MAGNITUDE[m.group(2)]
    return str(int(round(value))) if abs(value - round(value)) < 1e-6 else repr(value)


def normalise(text: str) -> str:
    """Whitespace, full/half width, bracket and dash variants, thousands separators,
    and 万/亿 multiplied out: 20万 = 200,000 = 200000."""
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"\s+", "", t)
    t = re.sub(r"[〔［【\[]", "[", t)
    t = re.sub(r"[〕］】\]]", "]", t)
    t = re.sub(r"[—–―−~～]+", "-", t)
    t = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", t)
    t = re.sub(r"\*\*", "", t)
    t = re.sub(r"(\d+(?:\.\d+)?)(万亿|亿|万)", _expand, t)
    return t.lower()


def squash(text: str) -> str:
    """For quotes: whitespace-insensitive, width-insensitive."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


NOT_FOUND = re.compile(r"未找到|not found", re.I)


def _has(norm: str, answers: list[str]) -> bool:
    return any(normalise(a) and normalise(a) in norm for a in answers)


def answer_correct(item: Item, text: str, refused: bool) -> bool:
    if item.kind == "refusal":
        return refused
    norm = normalise(text)
    if item.kind == "compare":
        # every stated part's value, and 未找到 for a part the documents do not state
        stated = [p for p in item.parts if not p.get("missing")]
        if not stated:
            return refused or bool(NOT_FOUND.search(text))
        if refused:
            return False
        return all(_has(norm, p.get("answers", [])) for p in stated) and (
            len(stated) == len(item.parts) or bool(NOT_FOUND.search(text)))
    if refused:
        return False
    if item.kind == "list":
        found = sum(_has(norm, [i]) for i in item.items)
        return found >= max(1, int(LIST_SHARE * len(item.items) + 0.999))
    return _has(norm, item.answers)


def quote_found(item: Item, quote: str) -> bool:
    return bool(item.quote) and squash(item.quote) in squash(quote)
