"""Language data kept apart from the pipeline's rules: places, abbreviations,
synonyms and the English policy-term list live in rag/data/*.tsv, where a
user can extend them. Loaded once per process."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA_DIR / name).read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([cell.strip() for cell in line.split("\t")])
    return rows


@dataclass(frozen=True)
class Place:
    name: str  # 浙江, 杭州, 雄安新区
    level: str  # 国家 | 省 | 市 | 区县 | 园区
    parent: str | None  # the province of a city
    english: tuple[str, ...]
    short: tuple[str, ...]  # one-character forms used in 文号 (浙, 甬, 深)


@lru_cache(maxsize=1)
def places() -> dict[str, Place]:
    out = {}
    for row in _rows("places.tsv"):
        row += [""] * (5 - len(row))
        name, level, parent, english, short = row[:5]
        out[name] = Place(name, level, parent or None,
                          tuple(e.strip().lower() for e in english.split(",") if e.strip()),
                          tuple(s.strip() for s in short.split(",") if s.strip()))
    return out


def provinces() -> list[str]:
    return [p.name for p in places().values() if p.level == "省"]


def cities() -> list[str]:
    """Cities and zones (anything below a province)."""
    return [p.name for p in places().values() if p.level in ("市", "区县", "园区", "区域")]


@lru_cache(maxsize=1)
def english_places() -> dict[str, str]:
    """english name → Chinese place name."""
    return {e: p.name for p in places().values() for e in p.english}


@lru_cache(maxsize=1)
def abbreviations() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pattern), short) for pattern, short, *_ in _rows("abbreviations.tsv")]


@lru_cache(maxsize=1)
def policy_words() -> list[str]:
    """Words the segmenter must keep whole (rag/data/words.tsv)."""
    return [row[0] for row in _rows("words.tsv") if row and row[0]]


@lru_cache(maxsize=1)
def colloquial() -> list[tuple[re.Pattern[str], str]]:
    """Spoken forms and their written ones (rag/data/colloquial.tsv)."""
    return [(re.compile(pattern), written) for pattern, written, *_ in _rows("colloquial.tsv")]


@lru_cache(maxsize=1)
def synonyms() -> dict[str, tuple[str, ...]]:
    return {word: tuple(s for s in alts.split(",") if s) for word, alts, *_ in _rows("synonyms.tsv")}


@dataclass(frozen=True)
class Qualifier:
    word: str  # 中位数, 出口, 省级 …
    alternates: tuple[str, ...]  # other words that ask for it (median, export …)
    narrows: bool  # a question naming it needs evidence naming it


@lru_cache(maxsize=1)
def qualifiers() -> list[Qualifier]:
    """Indicator qualifiers (rag/data/qualifiers.tsv)."""
    return [Qualifier(row[0], tuple(a for a in (row[1].split(",") if len(row) > 1 else []) if a),
                      len(row) > 2 and row[2] == "yes") for row in _rows("qualifiers.tsv")]


@lru_cache(maxsize=1)
def glossary() -> list[tuple[re.Pattern[str], str]]:
    """English term (matched at a word start, so "compan" finds companies) → Chinese terms."""
    # a short term (AI, 5G) must stand as a word; a longer one may be a stem ("compan")
    # 'above-designated-size' and 'above designated size' are one term: a space or hyphen matches either
    return [(re.compile(r"(?<![a-z])" + re.sub(r"(?:\\ |\\-)+", r"[\\s-]+", re.escape(en.lower()))
                        + (r"(?![a-z])" if len(en) <= 3 else "")), zh)
            for en, zh, *_ in _rows("glossary_en.tsv")]


def _english_matches(lower: str) -> list[tuple[int, int, str]]:
    """(start, end, Chinese terms) of each glossary term in `lower`, the longest match of each
    span: a single word overlapping a longer term with other Chinese is dropped ('above-scale
    industry' is 规上工业, not also 产业)."""
    found = [(m.start(), m.end(), zh) for pattern, zh in glossary() for m in pattern.finditer(lower)]
    def generic(f):  # one word ('industry') inside a longer term that says something else
        return not re.search(r"[\s-]", lower[f[0]:f[1]]) and any(
            o[0] < f[1] and f[0] < o[1] and (o[1] - o[0]) > (f[1] - f[0]) and o[2] != f[2] for o in found)
    return sorted(f for f in found if not generic(f))


def english_terms(text: str) -> list[str]:
    # one entry per match: a term the question names twice weighs twice in retrieval
    return [zh for _, _, zh in _english_matches(text.lower())]


def english_compound(phrase: str) -> str:
    """The Chinese compound an English noun phrase names, from the glossary: its terms in
    Chinese order, the longest match of each span ('5g base station', not also 'base station'),
    and 'X of Y' as YX ('producer price of agricultural products' → 农产品生产者价格)."""
    lower = phrase.lower()
    head, _, tail = lower.partition(" of ")
    if tail:
        return english_compound(tail) + english_compound(head)
    found = _english_matches(lower)
    kept = [f for f in found if not any(o[0] <= f[0] and f[1] <= o[1] and (o[1] - o[0]) > (f[1] - f[0]) for o in found)]
    names = list(dict.fromkeys(zh.split()[0] for _, _, zh in kept))
    # safeguard measures → 保障措施, not 保障措施措施: a term another one already holds adds nothing
    return "".join(n for n in names if not any(n != other and n in other for other in names))
