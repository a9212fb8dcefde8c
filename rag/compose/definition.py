"""Definitions: the sentence that says what a term is (X是/指/即…, 所谓X), not one that
merely mentions it; failing that, the body of the clause the term heads
(建设"未来工厂"。 followed by what a 未来工厂 is)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import english_compound, english_terms
from ..query import Question
from ..read import Reader, canonical
from ..targets import sentences
from ..types import Clause, Document, Hit
from .policy import place_mismatch
from .structure import children

# X是指… / X（…）是… / X，原称Y，是指…
DEFINING_AFTER = r"[”\"」』）)]?\s*(?:[（(][^）)]{1,30}[)）])?\s*(?:的?(?:统计)?(?:范围|口径|起点标准))?(?:[，,][^，,。；;]{1,12}(?=[，,]))?[，,：:]?\s*(?:是指|指的是|就是|即|是|指|为|主要包括|包括|是以|泛指|主要指)"


@dataclass
class Definition:
    document: Document
    clause: Clause
    start: int
    end: int
    score: float


@dataclass
class TermParts:
    """A term made of parts (“双核一带一廊”), each explained by an item under the clause that
    names it (1.双核：杭州、宁波两大核心引领极。): (name：explanation, clause, start, end) per part."""

    document: Document
    clause: Clause
    items: list[tuple[str, Clause, int, int]]


def term_parts(reader: Reader, q: Question, term: str | None) -> TermParts | None:
    key = canonical((term or "").lower())
    if len(key) < 4:
        return None
    for clause in reader.clauses.values():
        if key not in canonical(clause.text.lower()):
            continue
        text = reader.texts[clause.doc_id]
        found, covered = [], 0
        for name, child, _, _ in children(reader, clause):
            part = canonical(name.lower())
            body = text[child.start: child.end]
            at = body.find(name)
            explained = re.match(r"\s*[：:]\s*([^。；;：:]{2,60})", body[at + len(name):]) if at >= 0 else None
            if not (2 <= len(part) < len(key) and part in key and explained):
                continue
            s, e = child.start + at, child.start + at + len(name) + explained.end()
            found.append((text[s:e], child, s, e))
            covered += len(part)
        if len(found) >= 2 and covered >= 0.6 * len(key):
            doc = reader.documents[clause.doc_id]
            if place_mismatch(q, doc, doc.title + clause.text):
                continue
            return TermParts(doc, clause, found)
    return None


def find_definition(reader: Reader, q: Question, term: str | None, hits: list[Hit]) -> Definition | None:
    if not term:
        return None
    candidates = [term]
    # a mark ([], *) and an acronym (OPC, MaaS) are written the same in both languages
    if q.language == "en" and re.search(r"[A-Za-z]", term) and not re.fullmatch(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Za-z0-9]{2,10}", term):
        zh = list(dict.fromkeys(english_terms(term) or []))
        # 'computing power supermarket' → the compound 算力超市, then 算力 and 超市
        compound = english_compound(term)
        candidates = ([compound] if compound else []) + (zh if len(zh) > 1 or not compound else [])
    # MaaS平台 is also defined as …平台（MaaS）: try the term without its generic head noun
    short = [canonical(re.sub(r"(?:平台|系统|中心|工程|计划|模式|机制)$", "", c).lower()) for c in candidates
             if re.search(r".{2,}(?:平台|系统|中心|工程|计划|模式|机制)$", c)]
    candidates = [canonical(c.lower()) for c in dict.fromkeys(candidates + short) if c]
    if candidates and len(candidates[0]) > 2 and candidates[0] in reader.corpus_text:
        candidates = candidates[:1]  # the whole term is in the documents: its parts alone are other things
    # …平台（MaaS）: the short form in parentheses after a long name is defined by it
    abbreviated = [c for c in dict.fromkeys(candidates + short) if c]
    if not candidates:
        return None
    ranked_docs = {}
    for rank, h in enumerate(hits):
        ranked_docs.setdefault(h.chunk.doc_id, 1.0 / (1.0 + 0.5 * len(ranked_docs)))
    best: Definition | None = None
    for clause in reader.clauses.values():
        lowered = canonical(clause.text.lower())
        own = canonical((clause.path[-1] if clause.path else "").lower())
        heads_it = any(t in own for t in candidates)
        if not heads_it and not any(t in lowered for t in abbreviated):
            continue
        text = reader.texts[clause.doc_id]
        spans = sentences(text[clause.start: clause.end], clause.start, full=True)
        for n, (s, e) in enumerate(spans):
            sentence = canonical(text[s:e].lower())
            score = 0.0
            if any(re.search(rf"[\u4e00-\u9fffA-Za-z]{{4,}}[（(]\s*{re.escape(t)}\s*[)）]", sentence) for t in abbreviated):
                score = 0.95  # 南京人工智能政务大模型平台（MaaS）: the long name defines the short one
            for t in candidates:
                if t not in sentence:
                    continue
                # (本措施所称设备投资额，是指…: 所称 defines, and the term may carry a measure word 额/率)
                # (所称专精特新“小巨人”企业，是指: a few words may frame the term, a head noun may follow it)
                if re.search(rf"(?:以下简称|简称)[“\"]?{re.escape(t)}", sentence) and not re.search(
                        rf"{re.escape(t)}[”\"]?[）)]?[，,]?\s*(?:是指|指的是|是)", sentence):
                    score = max(score, 0.85)  # (以下简称专项资金) gives a short name; 所称专项资金，是指… says what it is
                elif re.search(rf"(?:所谓|所称[^，,。；;]{{0,8}}?)[“\"]?{re.escape(t)}", sentence) \
                        or re.search(rf"所称[^，,。；;]{{0,8}}?[“\"]{re.escape(t)}[”\"][\u4e00-\u9fff]{{0,4}}[，,]\s*(?:是指|指)", sentence):
                    score = max(score, 1.05)  # (本政策所称…，是指 says it in so many words)
                elif re.search(re.escape(t) + r"(?:额|率|量|数|值)?" + DEFINING_AFTER + r"(?!\s*[\d约近超])", sentence):
                    score = max(score, 1.0)  # (设备购置额为8000万元 states a value, not what the term means)
                elif re.search(rf"[\u4e00-\u9fffA-Za-z]{{4,}}[（(]\s*{re.escape(t)}\s*[)）]", sentence):
                    score = max(score, 0.95)  # 南京人工智能政务大模型平台（MaaS平台）: the long name defines the short one
                elif re.search(rf"(?<![A-Za-z]){re.escape(t)}\s*[（(]\s*[A-Za-z][A-Za-z\s-]{{5,}}[)）]", sentence, re.I):
                    score = max(score, 0.95)  # OPC（One Person Company）: the letters spelled out
                elif re.match(rf"\s*[“\"]?{re.escape(t)}[”\"]?[^。；;]{{4,}}?[，,]\s*是[^。；;]{{4,}}", sentence):
                    score = max(score, 0.9)  # 未来产业由前沿技术驱动，…，是具有…的前瞻性新兴产业: opened by the term, said what it is
                elif re.search(rf"、[^。；;]{{2,}}等[“\"]?{re.escape(t)}", sentence):
                    score = max(score, 0.75)  # 保国家调拨、保援鄂医疗队…、防境外疫情输入风险…等“三保一防”任务
                elif re.match(rf"\s*作为[^。；;]{{2,30}}的[^，,。；;]{{1,12}}[，,]\s*[“\"]?{re.escape(t)}", sentence):
                    score = max(score, 0.7)  # 作为“人工智能+”创新链条中最基础最前端的领域，“人工智能+科学”…
                elif re.search(rf"[^，,。；;]{{8,}}的[“\"]?{re.escape(t)}", sentence):
                    score = max(score, 0.7)  # 支持算力统筹调度、交易在线结算…的“算力超市”: what it is, said before it
                elif re.search(rf"{re.escape(t)}[”\"]?(?:、|等)", sentence):
                    score = max(score, 0.1)  # one of a list: a mention, not a definition
                else:
                    score = max(score, 0.3)
            if heads_it and n == 0 and clause.kind != "heading" and clause.path[:1] not in (["文首"], ["文末"], ["落款"]):
                # the clause the term heads explains it: quote its opening up to the first full sentence
                # (3.一廊。金衢丽绿色经济走廊。突出…。)
                e = next((b for a, b in spans if b - a > 30), spans[-1][1])
                score = max(score, 0.8)
            if score <= 0:
                continue
            score += 0.2 * ranked_docs.get(clause.doc_id, 0)
            doc = reader.documents[clause.doc_id]
            if place_mismatch(q, doc, doc.title + text[s:e]):
                score -= 0.6  # the term as another place's document uses it
            if best is None or score > best.score:
                best = Definition(reader.documents[clause.doc_id], clause, s, e, score)
    if best is None or best.score < 0.5:
        return None
    return best
