"""Stage 9 — compose, by shape: turn the evidence into the answer the question's
shape asks for. Every composer is extractive (items, figures and dates are spans
of a document, with offsets), cites each part, and asks the policy (scope, year,
unit, coverage) before it states anything.

    value / sentence / metadata  Reader → Policy.decide → answer.compose (one value)
    list / goals                 lists.ListComposer: children of the matching heading, or an enumeration
    compare                      compare.compose_compare: each part answered as a value question
    definition                   definition.find_definition: the defining sentence
    metadata (which document)    the document whose clause states what was asked
"""
from __future__ import annotations

import logging
import re
from typing import Callable

from ..answer import citation, missing_description, refusal, source_label
from ..numbers import clip
from ..query import Question
from ..read import Reader
from ..scope import batch_mismatch, local_places, unknown_english_places, unknown_places
from ..shapes import WHICH_DOC, definition_term, split_parts
from ..targets import sentences
from ..types import Answer, Citation, Hit, Part
from .compare import compose_compare
from .definition import find_definition, term_parts
from .lists import MAX_SHOWN, ListComposer
from .structure import section
from .policy import Policy, place_mismatch, scope_label, year_mismatch

log = logging.getLogger(__name__)
LIST_FLOOR = 0.45  # coverage of the question's words by the heading, its path and title (or the enumerating sentence)


class Composer:
    def __init__(self, reader: Reader):
        self.reader = reader
        self.policy = Policy(reader)
        self.lists = ListComposer(reader)


    def compose(self, q: Question, shape: str, hits: list[Hit], answer_value: Callable[[str], Answer]) -> Answer:
        try:
            return self._compose(q, shape, hits, answer_value)
        except Exception:  # a bug in one shape's composer must not cost the answer: read it as a value/sentence
            if shape in ("value", "sentence"):
                raise
            log.exception("the %s composer failed on %r; answering with the best sentence", shape, q.text)
            return self._compose(q, "sentence", hits, answer_value)

    def localize(self, q: Question) -> Question:
        """The places a question names that only the documents know, added to it (before its shape
        is decided: 全市和澄湾区各… is a comparison only once 澄湾区 is known to be a place)."""
        # 屿州市, 望川区: places the gazetteer lacks but the documents name hold the evidence to them too
        q.districts += [p for p in local_places(q.text, self.reader.corpus_text) if p not in q.districts]
        # 槐亭区: a place no document names is still the place asked about, and nothing speaks for it
        q.districts += [p for p in unknown_places(q.text, self.reader.corpus_text) if p not in q.districts]
        if q.language == "en":  # Qiaonan provincial…: a romanized place the documents do not name
            q.districts += [p for p in unknown_english_places(q.text) if p not in q.districts]
        # 河阳: the place of a document the gazetteer does not know is a place a question can name
        q.cities += [p for p in self.reader.document_places if p in q.text and p not in q.cities]
        return q

    def _compose(self, q: Question, shape: str, hits: list[Hit], answer_value: Callable[[str], Answer]) -> Answer:
        self.localize(q)
        if shape == "compare":
            return compose_compare(q.text, q.language, split_parts(q), answer_value)
        if shape in ("list", "goals"):
            answer = self._list(q, hits, goals=shape == "goals")
            if answer is not None:
                return answer
        if shape == "definition" or (shape == "list" and re.search(r"[“\"「『]", q.text)):  # “十联动”是哪十个字: what the term stands for
            answer = self._definition(q, hits)
            if answer is not None:
                return answer
        if shape == "metadata" and WHICH_DOC.search(q.text) and q.kind in ("text", "doc_number"):
            # (哪份文件提的？文号多少: the which-document answer names the document with its 文号)
            answer = self._which_document(q, hits)
            if answer is not None:
                return answer
        reading = self.reader.read(q, hits)
        answer = self.policy.decide(q, reading)
        if reading is not None:
            answer.shape = {"value": "value", "deadline": "value", "metadata": "metadata"}.get(reading.kind, "sentence")
        if shape in ("list", "goals", "definition") and not answer.refused and answer.value is None:
            answer.notes.append(f"no {shape} structure found; answered with the best sentence")
        return answer

    # ---- shapes -------------------------------------------------------------
    def _scope_refusal(self, q: Question, doc, evidence: str, cites: list[Citation]) -> Answer | None:
        wrong = place_mismatch(q, doc, evidence)
        if wrong:
            related = [(c, f"{_short(c.quote)}（{scope_label(doc, wrong)}）") for c in cites[:2]]
            return refusal(q, missing_description(q, "region"), related)
        if year_mismatch(q, doc, evidence, self.reader):
            return refusal(q, missing_description(q, "year"), [(c, _short(c.quote)) for c in cites[:2]])
        if batch_mismatch(q.text, evidence):
            return refusal(q, missing_description(q, "text"), [(c, _short(c.quote)) for c in cites[:2]])
        return None

    def _list(self, q: Question, hits: list[Hit], goals: bool) -> Answer | None:
        found = self.lists.find(q, hits, goals=goals)
        # a goals heading in a well-retrieved document is evidence enough (an English question shares no words with it)
        floor = LIST_FLOOR - 0.1 if found is not None and found.names_noun else LIST_FLOOR
        if found is not None and found.counted:
            floor = 0.1  # the enumeration says the count and the noun asked: structure, whatever the other words
        if found is None or found.coverage < floor and not (goals and found.score > 0.75) and not found.own_in_question:
            return None
        doc, anchor = found.document, found.anchor
        text = self.reader.texts[doc.doc_id]
        parts = self.lists.parts(found, found.score)
        head = citation(doc, anchor, text, anchor.start, anchor.end, found.score)
        evidence = " ".join([anchor.text, *anchor.path, doc.title])
        problem = self._scope_refusal(q, doc, evidence, [head])
        if problem is not None:
            return problem
        en = q.language == "en"
        n = len(parts)
        # short names (数字安防、集成电路…) fit twice as many on a screen as sentences do
        limit = MAX_SHOWN * 2 if all(len(p.label) <= 10 for p in parts) else MAX_SHOWN
        shown = parts[:limit]
        if found.whole_document:
            intro = f"**{n} parts** of 《{doc.title}》" if en else f"**共{n}部分**（《{doc.title}》）"
        elif found.annex:
            intro = f"**{n} parts** of the annex 《{found.annex}》" if en else f"**共{n}部分**（附件《{found.annex}》）"
        elif found.where:
            intro = f"**{n} items** where {found.where}" if en else f"**共{n}项**（{found.where}）"
        elif found.from_sentence or not anchor.path or anchor.path[-1] in ("文首", "正文"):
            intro = f"**{n} items**" if en else f"**共{n}项**"
        else:
            heading = anchor.path[-1] if anchor.path else anchor.text[:40]
            intro = (f"**{n} items** under “{heading}”" if en else f"**共{n}项**（「{heading}」）")
        lines = [intro + ("：" if not en else ":")]
        citations = []
        for i, p in enumerate(shown, 1):
            citations.append(p.citations[0])
            lines.append(f"{i}. {p.label} [{i}]")
        if n > limit:
            rest = n - limit
            lines.append(f"… and {rest} more in the clause (see source)" if en else f"……其余{rest}项见原文条款")
        lines.append("")
        lead = _sentence_citation(found, text, doc) if found.from_sentence else head
        if found.from_sentence:  # items cut from one sentence: show the sentence they stand in
            lines.append(("Quote: " if en else "原文：") + f"「{clip(lead.quote, 200)}」")
        lines.append(("Source: " if en else "出处：") + source_label(head))
        context = self._context(found, text)
        # item i is marked [i] and cited i-th; the heading or enumerating sentence and its framing follow
        return Answer(text="\n".join(lines), refused=False, citations=citations + [lead] + context,
                      language=q.language, shape="goals" if goals else "list", parts=parts)

    def _context(self, found, text: str) -> list[Citation]:
        """What frames the items: the intro paragraph between a heading and its first item
        (围绕机器人、教育…等领域组织实施), or the heading above an enumerating sentence."""
        doc, anchor = found.document, found.anchor
        if found.whole_document:
            return []
        if found.from_sentence:
            clause = found.items[0][1]
            if clause.label:  # （四）打造高价值工业智能体。…: the clause's own heading
                s, e = next(iter(sentences(text[clause.start: clause.end], clause.start, full=True)), (clause.start, clause.end))
                return [citation(doc, clause, text, s, e, found.score)]
            heads = self.lists._ancestors(clause)
            return [citation(doc, h, text, h.start, h.end, found.score) for h in heads[:1]]
        first = found.items[0][1]
        intro = [c for c in section(self.reader, anchor) if c.end <= first.start and c.kind == "paragraph"][:2]
        if anchor.kind != "heading":  # items cut from a paragraph: the heading it stands under (一、发展目标)
            intro = self.lists._ancestors(anchor)[:1] + intro
        return [citation(doc, c, text, c.start, c.end, found.score) for c in intro]

    def _sentence_with_all(self, q: Question, hits: list[Hit]):
        """The sentence that holds every quoted phrase (提出实施“雄鹰行动”和“凤凰行动”) and most of
        the question's other words, in the best-retrieved document that has one."""
        from ..read import unpunctuated as bare  # (a quote may punctuate differently: 、 for ，)

        wanted = [bare(p) for p in q.quoted]
        terms = self.reader.question_terms(q)
        ranks = _rank_of_docs(hits)
        best = None
        for clause in self.reader.clauses.values():
            if not all(w in bare(clause.text) for w in wanted):
                continue
            text = self.reader.texts[clause.doc_id]
            for s, e in sentences(text[clause.start: clause.end], clause.start, full=True):
                if all(w in bare(text[s:e]) for w in wanted):
                    key = (-round(self.reader.coverage(terms, text[s:e]), 2), ranks.get(clause.doc_id, 99), s)
                    if best is None or key < best[0]:
                        best = (key, (self.reader.documents[clause.doc_id], clause, s, e, 1.0))
        return best[1] if best else None

    def _definition(self, q: Question, hits: list[Hit]) -> Answer | None:
        term = definition_term(q)
        parted = term_parts(self.reader, q, term)
        if parted is not None:
            return self._term_parts(q, term, parted)
        found = find_definition(self.reader, q, term, hits)
        if found is None:
            return None
        doc = found.document
        text = self.reader.texts[doc.doc_id]
        c = citation(doc, found.clause, text, found.start, found.end, found.score)
        problem = self._scope_refusal(q, doc, c.quote + " " + c.clause, [c])
        if problem is not None:
            return problem
        en = q.language == "en"
        shown = re.sub(r"([*#\[\]_`])", r"\\\1", term)  # a mark like * or [] is text, not Markdown
        lines = [f"**{shown}**: see the quote" if en else f"**{shown}**",
                 ("Quote: " if en else "原文：") + f"「{c.quote}」", ("Source: " if en else "出处：") + source_label(c)]
        return Answer(text="\n\n".join(lines), refused=False, citations=[c], language=q.language, shape="definition",
                      value=c.quote)

    def _term_parts(self, q: Question, term: str, parted) -> Answer:
        """“双核一带一廊”具体指什么: each part with what it is, cited one by one, then the sentence naming the term."""
        doc = parted.document
        text = self.reader.texts[doc.doc_id]
        citations = [citation(doc, clause, text, s, e, 1.0) for _, clause, s, e in parted.items]
        spans = sentences(text[parted.clause.start: parted.clause.end], parted.clause.start, full=True)
        key = re.sub(r"\s", "", term)
        s, e = next(((a, b) for a, b in spans if key in re.sub(r"\s", "", text[a:b])), (parted.clause.start, parted.clause.end))
        naming = citation(doc, parted.clause, text, s, e, 1.0)
        en = q.language == "en"
        shown = re.sub(r"([*#\[\]_`])", r"\\\1", term)
        lines = [(f"**{shown}** has {len(citations)} parts:" if en else f"**{shown}**（共{len(citations)}部分）：")]
        lines += [f"{i}. {label} [{i}]" for i, (label, *_rest) in enumerate(parted.items, 1)]
        lines += ["", ("Source: " if en else "出处：") + source_label(naming)]
        parts = [Part(label=label, value=label, citations=[c]) for (label, *_), c in zip(parted.items, citations)]
        return Answer(text="\n".join(lines), refused=False, citations=citations + [naming], language=q.language,
                      shape="definition", parts=parts)

    def _which_document(self, q: Question, hits: list[Hit]) -> Answer | None:
        found = self._sentence_with_all(q, hits) if q.quoted else None
        if found is None:
            reading = self.reader.read(q, hits)
            if reading is None or reading.coverage < 0.4 or not reading.key_covered:
                return None
            found = (reading.document, reading.clause, reading.quote_start, reading.quote_end, reading.score)
        doc, clause, start, end, score = found
        text = self.reader.texts[doc.doc_id]
        c = citation(doc, clause, text, start, end, score)
        problem = self._scope_refusal(q, doc, c.quote + " " + c.clause + " " + doc.title, [c])
        if problem is not None:
            return problem
        en = q.language == "en"
        number = f"（{doc.doc_number}）" if doc.doc_number else ""
        lines = [f"**《{doc.title}》{number}**", ("Quote: " if en else "原文：") + f"「{c.quote}」",
                 ("Source: " if en else "出处：") + source_label(c)]
        citations = [c]
        if q.kind == "doc_number" and doc.doc_number:
            # …出自哪份文件？文号是多少: the line the 文号 stands on is cited too
            own = self.reader.read(q, hits)
            if own is not None and own.kind == "metadata" and own.document.doc_id == doc.doc_id:
                citations.append(citation(doc, own.clause, text, own.quote_start, own.quote_end, own.score))
        return Answer(text="\n\n".join(lines), refused=False, citations=citations, language=q.language, shape="metadata",
                      value=doc.title)


def _rank_of_docs(hits: list[Hit]) -> dict[str, int]:
    ranks: dict[str, int] = {}
    for h in hits:
        ranks.setdefault(h.chunk.doc_id, len(ranks))
    return ranks


def _sentence_citation(found, text: str, doc) -> Citation:
    """The enumerating sentence as a whole: the first citation of a list found in a sentence."""
    from ..targets import sentences

    first = found.items[0]
    clause = first[1]
    spans = sentences(text[clause.start: clause.end], clause.start, full=True)
    s, e = next(((s, e) for s, e in spans if s <= first[2] < e), (clause.start, clause.end))
    # a run-in heading just before it (打造标志性产业链。聚焦数字安防、…) is quoted with it
    before = [a for a, b in spans if b <= s]
    if len(before) == 1 and s - before[0] <= 30:
        s = before[0]
    return citation(doc, clause, text, s, e, found.score)


def _short(quote: str) -> str:
    return clip(quote, 90)


__all__ = ["Composer", "Part"]
