"""How an answer is judged against a question of the eval set."""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("number", "deadline", "date", "text", "refusal")
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
        items.append(Item(raw["id"], raw["kind"], raw["question"], list(raw["answers"]), raw["doc"], raw["quote"],
                          list(raw.get("history", []))))
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


def answer_correct(item: Item, text: str, refused: bool) -> bool:
    if item.kind == "refusal":
        return refused
    if refused:
        return False
    norm = normalise(text)
    return any(normalise(a) and normalise(a) in norm for a in item.answers)


def quote_found(item: Item, quote: str) -> bool:
    return bool(item.quote) and squash(item.quote) in squash(quote)
