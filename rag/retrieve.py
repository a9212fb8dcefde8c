"""Stage 7 — retrieve: dense and lexical (BM25) candidates from the store
(FAISS or Milvus, rag/store.py) fused by reciprocal rank, then reranked by what the question pins down: deadline year
or plan period, province, document hints (文号, title words) and whether a
quantity is asked. Cost is bounded: only the fused candidates are rescored."""
from __future__ import annotations

import re

import numpy as np

from .query import Question
from .types import Chunk, Document, Hit, Target

YEAR_MARK = re.compile(r"((?:19|20)\d{2})\s*年")


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def title_overlap(question: str, title: str) -> float:
    t = _bigrams(title)
    if not t:
        return 0.0
    return len(_bigrams(question) & t) / len(t)


def _grams(text: str) -> set[str]:
    runs = re.findall(r"[\u4e00-\u9fff]{3,}", text)
    return {run[i: i + 3] for run in runs for i in range(len(run) - 2)}


def title_grams(documents: dict[str, Document], chunks: list[Chunk]) -> dict[str, set[str]]:
    """Per document, the three-character runs of its title that no other title has and that
    the bodies of most documents do not use (义甬舟, not 产业发展)."""
    grams = {doc_id: _grams(doc.match_title) for doc_id, doc in documents.items()}
    bodies: dict[str, list[str]] = {}
    for c in chunks:
        bodies.setdefault(c.doc_id, []).append(c.text)
    texts = {d: "".join(parts) for d, parts in bodies.items()}
    out = {}
    for doc_id, own in grams.items():
        unique = own - set().union(*(g for d, g in grams.items() if d != doc_id))
        out[doc_id] = {g for g in unique if 2 * sum(g in t for d, t in texts.items() if d != doc_id) < max(2, len(texts) - 1)}
    return out


DOC_WORD = re.compile(r"方案|规划|意见|通知|计划|办法|措施|材料|文件|报告|公报|公示|解读|细则|条例|要点|政策|纲要|总结|[\d.]+版")
WHICH_DOC_Q = re.compile(r"哪(?:一)?(?:份|个|部|项|篇)|出自|什么文件")


def named_document(question: str, own_grams: dict[str, set[str]]) -> str | None:
    """The one document a question names by words of its title that no other title has
    (义甬舟那份材料, 改造提升2.0版): None when it names none, or several."""
    if len(own_grams) < 2 or not DOC_WORD.search(question) or WHICH_DOC_Q.search(question):
        return None  # a question that talks of no document, or asks which one, names none
    asked = _grams(question)
    named = [doc_id for doc_id, own in own_grams.items() if asked & own]
    return named[0] if len(named) == 1 else None


DOC_PHRASE = re.compile(r"([^，,。？?、：:；;的里中和与及在按据对]{2,30}?)(?:方案|规划|意见|通知|计划|办法|措施|报告|公报|公示|解读|细则|条例|要点|纲要|总结)")


def document_named(question: str, documents: dict[str, Document]) -> str | None:
    """The document a question names by a phrase that is most of its title (安徽“人工智能+万物”方案,
    中国制造2025浙江行动实施方案, 政府工作报告), strictly: the phrase ends in a kind of document, most of
    its words are in one title, and clearly fewer in any other. Unlike the retrieval prior, a
    document named this way is the question's scope."""
    best: dict[str, float] = {}
    for m in DOC_PHRASE.finditer(question):
        phrase = re.sub(r"(?:19|20)\d{2}\s*年(?:版|度)?|那份|这份|那个|这个|那篇|这篇", "", m.group(0))
        asked = _bigrams(phrase)
        if len(asked) < 3:
            continue
        for doc_id, doc in documents.items():
            share = len(asked & _bigrams(doc.match_title)) / len(asked)
            best[doc_id] = max(best.get(doc_id, 0.0), share)
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 0.6 or (len(ranked) > 1 and ranked[0][1] - ranked[1][1] < 0.15):
        return None
    return ranked[0][0]


# 部委意见, 部里的通知, 国家部委: a question that names a ministry as the issuer
MINISTRY_Q = re.compile(r"部委|部里|国家部委|(?:工信|商务|财政|科技)部(?:的|那|发|出)|\bministr(?:y|ies)\b", re.I)


class Retriever:
    def __init__(
        self,
        chunks: list[Chunk],
        documents: dict[str, Document],
        vectors,  # .search(query_vector, k) -> (scores, positions): VectorIndex or MilvusStore
        lexical,  # .top(query, k) -> (scores, positions): LexicalIndex or MilvusStore.lexical
        embedder,
        targets_by_clause: dict[str, list[Target]],
        dense_k: int = 40,
        lexical_k: int = 40,
        rrf_k: int = 60,
    ):
        self.chunks = chunks
        self.documents = documents
        self.vectors = vectors
        self.lexical = lexical
        self.embedder = embedder
        self.targets_by_clause = targets_by_clause
        self.dense_k, self.lexical_k, self.rrf_k = dense_k, lexical_k, rrf_k
        self.title_grams = title_grams(documents, chunks)

    def _prior(self, q: Question, chunk: Chunk, named: str | None = None) -> float:
        """Multiplier from the question's constraints."""
        doc = self.documents[chunk.doc_id]
        text = chunk.context + chunk.text
        factor = 1.0
        places = q.regions + q.cities
        if q.regions:
            if doc.region in q.regions:
                factor *= 1.3
            elif not any(p in text for p in places):
                factor *= 0.35
        elif q.cities and (doc.place in q.cities or any(c in text for c in q.cities)):
            factor *= 1.2  # (in a place's own document every passage is about it, named or not)
        elif q.cities and doc.level in ("市", "区县", "园区") and doc.place and not any(d.startswith(doc.place) for d in q.districts):
            factor *= 0.6  # another city's or county's own document, about the place asked of nowhere
        if MINISTRY_Q.search(q.text) and not places:
            factor *= 1.3 if doc.level == "国家" else 0.8  # 那份部委意见 / 部里的通知: a national ministry's document
        years_in_chunk = {int(y) for y in YEAR_MARK.findall(text)}
        if q.years:
            if years_in_chunk & set(q.years):
                factor *= 1.3
            elif years_in_chunk:
                factor *= 0.8
        if q.period and doc.target_years:
            lo, hi = q.period
            if lo <= doc.target_years[1] <= hi:
                factor *= 1.2
        if q.doc_number and doc.doc_number:
            norm = re.sub(r"[\[［(（〔]", "〔", re.sub(r"[\]］)）〕]", "〕", re.sub(r"\s", "", q.doc_number)))
            if norm.endswith(doc.doc_number[-6:]) or doc.doc_number in norm:
                factor *= 1.6
        factor *= 1.0 + 0.4 * title_overlap(q.search_text, doc.match_title)
        if named is not None:
            factor *= 1.5 if chunk.doc_id == named else 0.7  # 义甬舟那份材料: the document the question names
        if q.kind in ("number", "deadline"):
            targets = self.targets_by_clause.get(chunk.clause_id, ())
            if any(chunk.start <= t.value_start < chunk.end for t in targets):
                factor *= 1.15
                if q.unit and any(q.unit in t.unit for t in targets):
                    factor *= 1.1
        return factor

    def named(self, q: Question, strictly: bool = False) -> str | None:
        """The one document the question names by its title's own words, if any."""
        # an English question names a document through the glossary's Chinese (government work report → 政府工作报告)
        asked = q.text if q.language == "zh" else " ".join(q.document_words)
        return document_named(asked, self.documents) if strictly else named_document(asked, self.title_grams)

    def retrieve(self, q: Question, top_k: int = 10, query_vector: np.ndarray | None = None) -> list[Hit]:
        if not self.chunks:
            return []
        if query_vector is None:
            query_vector = self.embedder.encode_query(q.text)
        # both come from the store (FAISS + BM25 here, or Milvus), in its canonical order
        dense_scores, dense_ids = self.vectors.search(query_vector, self.dense_k)
        lex_scores, lex_ids = self.lexical.top(q.search_text, self.lexical_k)
        fused: dict[int, dict] = {}
        for rank, (i, s) in enumerate(zip(dense_ids.tolist(), dense_scores.tolist())):
            fused.setdefault(i, {"rrf": 0.0, "dense": 0.0, "lex": 0.0, "rd": None, "rl": None})
            fused[i]["rrf"] += 1.0 / (self.rrf_k + rank)
            fused[i]["dense"], fused[i]["rd"] = float(s), rank
        lex = list(zip(lex_ids.tolist(), lex_scores.tolist()))
        for rank, (i, s) in enumerate(lex):
            fused.setdefault(i, {"rrf": 0.0, "dense": 0.0, "lex": 0.0, "rd": None, "rl": None})
            fused[i]["rrf"] += 1.0 / (self.rrf_k + rank)
            fused[i]["lex"], fused[i]["rl"] = float(s), rank
        if len(lex) >= 2 and lex[0][1] >= 1.5 * lex[1][1] > 0:
            # one passage holds far more of the question's words than any other (the rare terms a
            # question quotes): rank fusion alone would let two lukewarm lists outvote it
            fused[lex[0][0]]["rrf"] += 1.0 / self.rrf_k
        named = self.named(q)
        hits = []
        for i, f in fused.items():
            chunk = self.chunks[i]
            hits.append(
                Hit(
                    chunk=chunk,
                    score=f["rrf"] * self._prior(q, chunk, named),
                    dense=f["dense"],
                    lexical=f["lex"],
                    rank_dense=f["rd"],
                    rank_lexical=f["rl"],
                )
            )
        hits.sort(key=lambda h: -h.score)
        return hits[:top_k]
