"""Lists and goals: the items under the heading a question asks about, or the
elements of an enumeration inside one sentence, each cited on its own.

Document structure comes first: the children of the matching heading
(一、 → （一）（二）…, 1. 2. 3., 一是…二是…, or the paragraphs of an
unnumbered section), or a goals clause's targets. The other sources (a document's
parts, an enumeration in a sentence, an indicator table's groups, a quoted passage)
are in list_sources.py. A heading alone is never an answer: an anchor needs at
least two items.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..answer import citation
from ..clauses import cn_to_int, label_level
from ..lexical import leading_noun_phrase
from ..lexicon import english_compound, places
from ..query import Question
from ..read import Reader, canonical
from ..retrieve import title_overlap
from ..targets import sentences
from ..types import Clause, Hit, Part
from .items import FIGURE, YEAR_ONLY, enumeration_items, opening_items, ordinal_items
from .list_sources import (KINDS_Q, QUANTIFIED_Q, QUANTITY, Ask, ListEvidence, better, doc_ranks, document_parts, in_sentence, labelled_field, lead_run, quoted_series,
                           named_passage, names_noun, table_groups, table_rows_where, topic_targets, topic_words,
                           without_listed)
from .policy import place_mismatch
from .structure import GOAL_HEADING, children, goal_items, position, purpose_sentence, section

MAX_SHOWN = 10  # items shown in the text (all are in Answer.parts); twice as many short names
LIST_NOUN = re.compile(r"(?:重点|主要)?(?:任务|措施|举措|领域|方向|品类|工程|行动|场景|产业|城市|方面|内容|环节|政策|项目|平台|产业链|集群|要求|原则|保障|工作)")




# where the noun a question lists ends: 哪几个环节展开, 哪些活动上发布, 哪些部门分别承担
NOUN_END = re.compile(r"展开|开展|进行|实施|发布|建设|建|打造|培育|布局|推进|申报|享受|获得|构成|组成|包括|涵盖|涉及|承担|负责|作出|做出|提出|分别|上|中|里|的|是|有|为|呢|等")


# 主要目标里 / 目标中: the question itself points at the goals clause
GOAL_PLACE_Q = re.compile(r"(?:主要|发展|总体|预期)?目标(?:里|中|当中|部分)|in (?:the|its) (?:main |key )?(?:goals|targets|objectives) section", re.I)
# the verb a task heading opens with (深入开展, 加快推进): the rest names what it acts on
ACTION_OPENING = re.compile(r"^(?:深入|全面|大力|加快|积极|持续|着力|进一步|扎实|稳步|有序|统筹)?(?:开展|推进|推动|实施|发展|建设|打造|培育|提升|强化|加强|完善|构建|促进|深化|优化|推广|支持)")
ASPECT_Q = re.compile(r"哪几?(?:个|大)?(?:方面|环节|维度)|哪些(?:方面|环节)")


def lead_items(reader: Reader, clause: Clause, noun: str, aspects: bool) -> list[tuple[str, Clause, int, int]]:
    """Parallel sentences of one paragraph that each open with what they are about, as items."""
    text = reader.texts[clause.doc_id]
    found = opening_items(text, clause.start, clause.end, noun, aspects)
    return [(label, clause, s, e) for label, s, e in found]


PLACE_LIST_Q = re.compile(r"哪(?:些|几个?)(?:城市|地市|设区市|省份?|地区|区县|县市?|市)(?![级属直场])|\b(?:which|what) (?:[\w-]+ ){0,3}(?:cities|provinces|regions|counties|districts|places)\b", re.I)


def _is_place(label: str) -> bool:
    return any(name in label for name in places()) or bool(re.search(r"[市省县州区]$", label))


def _narrower(best: ListEvidence | None, found: list[ListEvidence]) -> ListEvidence | None:
    """法律责任一章，…哪几种情形会被责令改正: the question names a section and more; the list inside it
    whose own words cover that more (第四十五条…有下列行为之一的，由有权机关责令改正) is the one asked."""
    if best is None or not best.own_in_question or not best.anchor.path:
        return best
    path = best.anchor.path
    inside = [f for f in found if f.document is best.document and len(f.anchor.path) > len(path)
              and f.anchor.path[: len(path)] == path and f.coverage >= best.coverage + 0.1 and f.score >= best.score - 0.2]
    narrow = max(inside, key=lambda f: (f.coverage, f.score), default=None)
    return replace(narrow, own_in_question=True) if narrow is not None else best  # (it stands in the section named)


def _heading_words(q: Question) -> str:
    """The noun the question lists (城市 of 哪几个城市, 重点任务 of 重点任务有哪些)."""

    if q.language == "en":
        # Which three sci-tech innovation highlands does…: the asked noun phrase in the corpus's words
        m = re.search(r"\b(?:which|what)\s+(?:(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+)?([a-z][\w\s'-]*?)\s+"
                      r"(?:does|do|did|are|is|were|was|will|has|have|should|can|must)\b", q.text, re.I)
        noun = english_compound(m.group(1)) if m else ""
        return "" if LIST_NOUN.fullmatch(noun) else noun  # (which measures: too general to pick a list by)
    asking = re.search(r"哪|什么|which|what", q.text, re.I)
    nouns = [n for n in LIST_NOUN.finditer(q.text) if not asking or n.end() <= asking.start()]
    named = nouns[-1] if nouns else LIST_NOUN.search(q.text)  # the noun right before 有哪些
    m = re.search(r"(?:哪几[个项类方家条种批座所大]?|哪些|哪[两二三四五六七八九十\d]{1,2}[个项类方家条种批座所大])([^？?，,。；;、]{1,16})", q.text)
    if m is None or re.fullmatch(r"[步块]", m.group(1)[:1]):
        # 按啥阶段往前推？分哪几步？: 步 counts what the other asking word names
        m = re.search(r"(?:按|分|有|是)(?:啥|什么)([^？?，,。；;、]{2,16})", q.text) or m
    after = re.sub(r"[“”\"‘’'《》]", "", m.group(1)) if m else ""
    after = re.sub(r"^(?:的|是)|^(?:方面|部分|类|项|个|条)的", "", after)  # 哪几个方面的政府工作任务 → 政府工作任务
    after = re.sub(r"^(?:个|项|类)?大(?=[\u4e00-\u9fff]{2})", "", after)  # 哪几个大方向 → 方向
    cut = NOUN_END.search(after, 2)
    after = after[: cut.start()] if cut else after
    after = leading_noun_phrase(after) if re.fullmatch(r"[\u4e00-\u9fff]+", after) else after  # 阶段往前推 → 阶段
    after = (re.findall(r"[\u4e00-\u9fff]+", after) or [""])[-1][-6:]  # “人工智能+”产业新赛道 → 产业新赛道
    # 重点任务分哪几个方面: 方面/部分/条 say nothing; the named noun does
    if after and not re.fullmatch(r"(?:方面|部分|条|项|个|大|类|块|是)[\u4e00-\u9fff]?", after) or re.match(r"条件|项目|类型", after):
        return after  # (条件 and 项目 are nouns, not 条 and 项 counting)
    # 要支持建设的几个地市大数据中心是哪些: nothing follows 哪些; what stands before 是哪些 is the noun
    before = re.search(r"([\u4e00-\u9fff]{2,30}?)(?:都|一共|主要|分别)?(?:是|有|包括|包含|涉及)(?:哪些|哪几[个项类种条]?)[？?]?$", q.text)
    if before and not re.sub(r"^(?:方面|部分|条|项|个|大|类|块|是)", "", after):
        own = re.split(r"[的个些]", before.group(1))[-1]
        own = re.sub(r"^[一二三四五六七八九十两几\d]+[大个项类条种]?", "", own)
        if len(own) >= 2 and not re.fullmatch(r"(?:主要|重点)?(?:内容|方面|部分|要求)", own):
            return own[-8:]
    if not named and (counted := re.search(r"哪([两二三四五六七八九十])([\u4e00-\u9fff]?)", q.text)):
        # 三片区具体是哪三个 / 两翼是哪两翼 / “三情叠加”是哪三情: the thing counted before the question
        if counted.group(2) and counted.group(2) not in "个项类条种批大":
            return counted.group(2) if counted.group(1) + counted.group(2) in q.text[: counted.start()] else ""
        # (打造的三个“区”是哪三个: the counted noun may stand in quotes after its measure word)
        m = re.search(rf"{counted.group(1)}(?:个[“\"‘'])?([\u4e00-\u9fff]{{1,4}}?)(?=[”\"’'，,]|具体|分别|都|是|有|包括)", q.text[: counted.start()])
        if m:
            return m.group(1)
    return named.group() if named else ""


EN_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def asked_count(text: str) -> str:
    """How many items the question names: 4个…集群, 哪五项, 五大…, five projects ('' if none)."""
    m = re.search(r"(?:^|[^\d.])(\d{1,2})\s*[个家项类条大种批]", text)
    if m:
        return m.group(1)
    m = re.search(r"(?:哪|这)([两二三四五六七八九十])(?:个|项|类|条|大|种|批|方面|部分)|([两二三四五六七八九十])大(?=[\u4e00-\u9fff])", text)
    if m:
        n = cn_to_int((m.group(1) or m.group(2)).replace("两", "二"))
        return str(n) if n else ""
    m = re.search(r"\b(two|three|four|five|six|seven|eight|nine|ten)\s+(?!times\b|years?\b|percent\b)[a-z]", text, re.I)
    return str(EN_COUNTS[m.group(1).lower()]) if m else ""


# 出台这个措施想达到什么目的 / what is the purpose of: the aims its purpose sentence states
PURPOSE_Q = re.compile(r"目的|\bpurpose\b|\bwhy (?:was|were|did)\b", re.I)


class ListComposer:
    """Finds the list a question asks for in the retrieved evidence."""

    def __init__(self, reader: Reader):
        self.reader = reader
        self._goals_of: dict[str, list[tuple[Clause, float]]] = {}  # doc → its goals clauses
        self._purpose_asked = False  # 出台…想达到什么目的: the purpose sentence, not the goals clause

    def _ancestors(self, clause: Clause) -> list[Clause]:
        clauses = self.reader.clauses_by_doc[clause.doc_id]
        # a body paragraph belongs to the numbered clause of its own path; a numbered one to the one above
        out, want = [], len(clause.path) - (1 if label_level(clause) is not None else 0)
        for c in reversed(clauses[: position(clause)]):
            if want <= 0:
                break
            if len(c.path) == want and c.path == clause.path[:want] and label_level(c) is not None:
                out.append(c)
                want -= 1
            elif len(c.path) < want:
                want = len(c.path)
                if c.path == clause.path[:want] and label_level(c) is not None:
                    out.append(c)
                    want -= 1
        return out

    def _anchors(self, hits: list[Hit], goals: bool) -> dict[str, tuple[Clause, float]]:
        """Candidate headings near the retrieved clauses, with the best retrieval weight seen."""
        out: dict[str, tuple[Clause, float]] = {}
        for rank, h in enumerate(hits[:20]):
            clause = self.reader.clauses[h.chunk.clause_id]
            weight = 1.0 / (1.0 + 0.35 * rank)
            for c in [clause, *self._ancestors(clause)]:
                if c.clause_id not in out or out[c.clause_id][1] < weight:
                    out[c.clause_id] = (c, weight)
        if goals:
            # a document's goals clause may be far from what retrieval found: look it up, whether a
            # heading (一、发展目标), a run-in lead (今年发展主要预期目标是：…) or an opening paragraph
            # that sets deadlines (到2026年底，实现…)
            for doc_id in {h.chunk.doc_id for h in hits[:10]}:
                for c, weight in self._goal_clauses(doc_id):
                    out.setdefault(c.clause_id, (c, weight))
        return out

    def _lead_in(self, first: Clause) -> str:
        """The line just before a list's first item when it introduces it (…主要包括：)."""
        at = position(first)
        if at == 0:
            return ""
        before = self.reader.clauses_by_doc[first.doc_id][at - 1]
        return before.text if before.text.rstrip().endswith(("：", ":")) else ""

    def _goal_clauses(self, doc_id: str) -> list[tuple[Clause, float]]:
        """A document's goals clauses with a weight: a goals heading (一、发展目标), a paragraph that
        sets deadlines with figures (到2026年底，实现…), else the purpose sentence it opens with.
        Asked once per anchor, so kept per document for the question."""
        if doc_id not in self._goals_of:
            self._goals_of[doc_id] = self._find_goal_clauses(doc_id)
        return self._goals_of[doc_id]

    def _find_goal_clauses(self, doc_id: str) -> list[tuple[Clause, float]]:
        if self._purpose_asked:
            purpose = next((c for c in self.reader.clauses_by_doc[doc_id] if purpose_sentence(c) is not None), None)
            if purpose is not None:
                return [(purpose, 0.1)]
        out, purpose = [], None
        for n, c in enumerate(self.reader.clauses_by_doc[doc_id]):
            own = c.path[-1] if c.path else ""
            if GOAL_HEADING.search(own) and not own.startswith(("文首", "正文")):
                out.append((c, 0.3))
            elif c.kind in ("paragraph", "item") and re.search(r"到\s*20\d{2}\s*年", c.text) and len(FIGURE.findall(c.text)) >= 3:
                out.append((c, 0.2 / (1 + n / 20)))
            elif n < 6 and purpose is None and purpose_sentence(c) is not None:
                purpose = c
        return out or ([(purpose, 0.1)] if purpose is not None else [])

    def _section_enumeration(self, anchor: Clause, noun: str, count: str) -> list[tuple[str, Clause, int, int]]:
        text = self.reader.texts[anchor.doc_id]
        best: list[tuple[str, Clause, int, int]] = []
        for c in [anchor] + section(self.reader, anchor)[:4]:
            for s, e in sentences(text[c.start:c.end], c.start, full=True):
                items = enumeration_items(text[s:e], s, noun, count)
                if len(items) > len(best):
                    best = [(i, c, a, b) for i, a, b in items]
        return best

    def find(self, q: Question, hits: list[Hit], goals: bool = False) -> ListEvidence | None:
        """The best list among its sources: the items under a heading near the retrieved clauses (or a
        goals clause), and those of list_sources.py — a document's or an annex's parts, an enumeration
        inside a sentence, a quoted passage's quantities, an indicator table's groups."""
        asked = q.text if q.language == "zh" else " ".join(re.findall(r"[\u4e00-\u9fff]+", q.search_text))
        self._purpose_asked = goals and bool(PURPOSE_Q.search(q.text))
        noun = _heading_words(q)
        # 地市大数据中心: the documents say 大数据中心; the noun is the longest ending they use
        while len(noun) > 2 and noun.lower() not in self.reader.corpus_text and re.fullmatch(r"[\u4e00-\u9fff]+", noun):
            noun = noun[1:]
        ask = Ask(q, self.reader.question_terms(q), noun, asked_count(q.text), goals, doc_ranks(hits),
                  asked, re.sub(r"主要|重点|具体|有关|相关|的", "", asked))
        best = None
        headed = [found for clause, weight in self._anchors(hits, goals).values()
                  if (found := self._under_heading(ask, clause, weight)) is not None]
        for found in headed:
            best = better(best, found)
        best = _narrower(best, headed)
        if self._purpose_asked and best is not None and purpose_sentence(best.anchor) is not None:
            return best  # 想达到什么目的: the aims of the purpose sentence, no other list
        if not goals and not (best and ask.noun and best.anchor.path and ask.noun in best.anchor.path[-1]):
            best = better(best, document_parts(self.reader, ask))
        if not goals:
            best = better(best, in_sentence(self.reader, ask, hits, structural=best))
            best = better(best, labelled_field(self.reader, ask, hits))
            best = better(best, lead_run(self.reader, ask, hits))
            best = better(best, quoted_series(self.reader, ask, hits))
        else:
            best = better(best, named_passage(self.reader, ask))
            best = better(best, labelled_field(self.reader, ask, hits))  # 指标要求：耐热温度不低于300℃；…
        best = better(best, table_groups(self.reader, ask))
        where = table_rows_where(self.reader, ask)
        if where is not None and best is not None and all(c.kind == "table_row" for _, c, _, _ in best.items) \
                and best.items[0][1].path[:-1] == where.items[0][1].path[:-1]:
            best = where  # 哪几项没完成: the rows the question picks out of a table, not the whole table
        else:
            best = better(best, where)
        if goals and best is not None:
            best = self._topic_targets(ask, best)
        if best is not None and PLACE_LIST_Q.search(q.text) and 2 * sum(_is_place(label) for label, *_ in best.items) < len(best.items):
            return None  # which cities…: items that are not places (数据产权、流通交易…) are not the list asked for
        if best is not None and not self._names_quoted(q, best):
            return None  # “十联动”是哪十个字: ten indicators of a table that never says 十联动 are not it
        return best

    def _topic_targets(self, ask: Ask, best: ListEvidence) -> ListEvidence:
        """人形机器人到2027年有哪些量化指标: goals that do not speak of the topic asked are not its goals,
        and a task that does may hold only some of them: the targets the document sets for the topic
        wherever it sets them answer instead."""
        if GOAL_PLACE_Q.search(ask.q.text):
            return best  # 主要目标里…哪些“区”: the question says where to look
        if not self._about_topic(ask, best) or (
                QUANTIFIED_Q.search(ask.q.text) and not any(QUANTITY.search(label) for label, *_ in best.items)):
            return topic_targets(self.reader, ask, [best.document.doc_id]) or best
        if any(GOAL_HEADING.search(p) for p in best.anchor.path):
            return best  # the goals clause itself speaks of the topic
        topic = topic_words(self.reader, ask, best.document)
        if not topic or self.reader.coverage(topic, best.anchor.path[-1] if best.anchor.path else "") < 0.6:
            return best  # (only a section named for the topic may hold just some of its targets)
        found = topic_targets(self.reader, ask, [best.document.doc_id])
        key = max(topic, key=topic.get)
        text = self.reader.texts[best.document.doc_id]
        # (the section's own targets: an item of a sibling, 2.6G创新引领工程, is none of the topic's)
        held = {a for label, c, a, b in best.items if QUANTITY.search(label)
                and key in canonical(f"{text[c.start:c.end]} {c.path[-1] if c.path else ''}".lower())}
        if found is not None and held and held <= {a for _, _, a, _ in found.items} and len(found.items) > len(held):
            found.anchor = best.anchor  # (cited under the heading that names the topic)
            return found  # 第六章培育优质企业梯队 and the goals' ——企业梯队更加完善 line
        return best

    def _about_topic(self, ask: Ask, found: ListEvidence) -> bool:
        """Whether most of a goals answer's items (or the heading they stand under) speak of the
        question's topic, when it has one."""
        topic = topic_words(self.reader, ask, found.document)
        if not topic or not found.items:
            return True
        if self.reader.coverage(topic, " ".join(found.anchor.path[-1:])) >= 0.6:
            return True  # 第六章培育优质企业梯队: the heading is the topic
        text = self.reader.texts[found.document.doc_id]
        # (named as one of a list, 形成人形机器人、量子科技等…产业链, the topic is not what an item is about)
        about = sum(self.reader.coverage(topic, without_listed(f"{text[a:b]} {c.path[-1] if c.path else ''}")) >= 0.5
                    for _, c, a, b in found.items)
        return about >= 2 or 3 * about >= len(found.items)

    def _names_quoted(self, q: Question, found: ListEvidence) -> bool:
        """Whether a list stands where the question's quoted term is written (its heading, its
        sentence, its items or the clause around them), when the documents write that term."""
        # (a 《title》 names a document, which the list's scoring already weighs)
        quoted = [t for t in re.findall(r"[“\"「『]([^”\"」』]{2,30})[”\"」』]", q.text) if t.lower() in self.reader.corpus_text]
        if not quoted:
            return True
        text = self.reader.texts[found.document.doc_id]
        clauses = [found.anchor] + [c for _, c, _, _ in found.items]
        # (and the lead of the sections it stands in: 构建“一核两翼三片区”的空间发展格局 above 第三节 三片区)
        path = found.anchor.path
        clauses += [c for c in self.reader.clauses_by_doc[found.anchor.doc_id]
                    if c.kind == "paragraph" and c.path and len(c.path) < len(path) and c.path == path[: len(c.path)]]
        around = " ".join([found.document.title, *found.anchor.path] + [text[c.start: c.end] for c in clauses])
        return any(t in around for t in quoted)

    def _under_heading(self, ask: Ask, clause: Clause, weight: float) -> ListEvidence | None:
        """The items a heading (or a goals paragraph, or a paragraph counting 一是…二是…) holds,
        scored by how well the heading, its path and its document match the question."""
        q, noun, goals = ask.q, ask.noun, ask.goals
        own = clause.path[-1] if clause.path else ""
        core = re.sub(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]|[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十\d]{1,3}[章节条])\s*", "", own).rstrip("…")
        # 2020年主要工作成效 names the heading 2020年工作成效: modifiers aside
        asked, plain_question = ask.asked, ask.plain
        # a body paragraph under 二、标杆应用工程 carries the heading in its path but is not it
        heads = clause.kind in ("heading", "item") or clause.text.replace("**", "").lstrip().startswith(core[:4])
        own_in_question = heads and len(core) >= 4 and (core in asked or core in plain_question)
        # 最后保障这块列了哪几条: a section named by the opening of its heading (保障措施)
        section_ref = re.search(r"([\u4e00-\u9fff]{2,6}?)(?:这一?块|这一?部分|板块)", asked)
        own_in_question = own_in_question or (heads and section_ref is not None and any(
            core.startswith(section_ref.group(1)[i:]) for i in range(len(section_ref.group(1)) - 1)))  # (最后保障: 保障)
        # 三片区具体是哪三个 / 两翼是哪两翼: a heading that is the counted thing asked about (第三节 三片区)
        own_in_question = own_in_question or (heads and bool(noun) and core in asked and bool(
            re.fullmatch(rf"[两二三四五六七八九十\d]{{1,2}}[大个项类条]?{re.escape(noun)}", core)))
        # 在夯实人工智能产业底座方面…有哪些量化目标: the question names the heading's first phrase
        named_section = heads and any(len(seg) >= 4 and seg in asked for seg in re.split(r"[，,、；;：:]", core))
        if goals and heads and not named_section:
            # 数字化技改这块…目标: the question names what the heading acts on (深入开展数字化技术改造)
            thing = canonical(ACTION_OPENING.sub("", re.split(r"[，,、；;：:。]", core)[0]))
            named_section = len(thing) >= 4 and thing in canonical(asked) and thing not in canonical(
                self.reader.documents[clause.doc_id].title)
        if goals and heads and not named_section:
            # 标准化那条（“三强一制造”“标准化+”）: the quoted names stand in the clause's opening sentence
            opening = re.split(r"[。；;]", self.reader.texts[clause.doc_id][clause.start: clause.end], maxsplit=1)[0]
            title = self.reader.documents[clause.doc_id].title  # (a name the title holds names every clause)
            named_section = any(len(t) >= 3 and t in opening and t not in title
                                for t in re.findall(r"[“\"「『]([^”\"」』]{2,30})[”\"」』]", q.text))
        # the purpose sentence stands for the goals only in a document without a goals clause
        purpose = purpose_sentence(clause) if goals and self._goal_clauses(clause.doc_id) == [(clause, 0.1)] else None
        # 2021年工作提出了哪些量化目标: the figures of the section the asked year heads (2021年工作思路)
        dated_section = goals and bool(QUANTIFIED_Q.search(q.text)) and clause.kind == "heading" and any(f"{y}年" in own for y in q.years)
        goal_clause = goals and (bool(GOAL_HEADING.search(own)) or (clause.kind != "heading" and bool(re.search(r"到\s*20\d{2}\s*年", clause.text)))
                                 or purpose is not None or dated_section)
        counted = [] if goals else ordinal_items(self.reader.texts[clause.doc_id], clause.start, clause.end)
        if label_level(clause) is None and not own_in_question and not goal_clause and len(counted) < 3:
            return None
        counted_lead = ""
        if purpose is not None and not GOAL_HEADING.search(own):
            items = [(purpose[0], clause, purpose[1], purpose[2])]  # 为推动…，制定本措施: the aims it states
        elif goal_clause or (own_in_question and label_level(clause) is None) or (goals and named_section):
            items = goal_items(self.reader, clause)
            if dated_section:  # figures only: the heading and its preamble state none
                items = [i for i in items if i[1] is not clause and FIGURE.search(YEAR_ONLY.sub("", i[0]))]
            elif goals and goal_clause and QUANTIFIED_Q.search(q.text):
                # 有哪些量化指标: the goals that state a figure, not the aims around them (开展前沿科学问题攻关)
                bare = lambda label: YEAR_ONLY.sub("", re.sub(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．])", "", label))
                figured = [i for i in items if re.search(r"\d|全覆盖|翻番|倍增", bare(i[0]))]
                items = figured if len(figured) >= 2 else items
            elif goals and (own_in_question or named_section) and QUANTIFIED_Q.search(q.text):
                # 深入开展数字化技术改造…定了哪些数: the figures the named clause sets
                items = [i for i in items if i[0] != own and FIGURE.search(YEAR_ONLY.sub("", i[0]))] or items
            elif goals and (own_in_question or named_section) and not any(GOAL_HEADING.search(p) for p in clause.path):
                # a task's goals: from its 到2022年 sentence on, not the heading and the how before it
                first = next((i[2] for i in items if re.search(r"到\s*20\d{2}\s*年", i[0])), None)
                items = [i for i in items if first is not None and i[2] >= first] or items
        else:
            items = children(self.reader, clause)
        counted_in = clause
        if not goals and not counted and clause.kind == "heading" and not any(c.kind in ("heading", "item") for _, c, _, _ in items):
            # 二十一、问：需要准备哪些材料？ / 答：…需提交以下材料：（一）…；（二）…: the parts its answer counts off
            for _, child, _, _ in items:
                inner = ordinal_items(self.reader.texts[clause.doc_id], child.start, child.end)
                if len(inner) >= 3:
                    counted, counted_in = inner, child
                    break
        from_sentence = False
        if goals and len(items) >= 1 and goal_clause:
            pass  # one goals paragraph with its targets is an answer
        elif counted and (len(items) < 2 or clause.kind != "heading" or (
                len(counted) > len(items) and not any(c.kind in ("heading", "item") for _, c, _, _ in items))):
            # (a paragraph's own （一）…（二）… are its items, also when its heading holds other paragraphs)
            items = [(label, counted_in, a, b) for label, a, b in counted]  # （二）提升…。一是…；二是…
            lead_in = self.reader.texts[clause.doc_id][counted_in.start: counted[0][1]]
            counted_lead = re.split(r"[。；;]", lead_in)[-1]  # 申报材料主要包括：一是…: what the parts are
        elif len(items) < 2:
            # parallel openings (协同设计方面，…。生产制造方面，…), else a run-in heading whose body
            # enumerates (打造标志性产业链。…数字安防、集成电路…等十大…)
            items = lead_items(self.reader, clause, noun, bool(ASPECT_Q.search(q.text)))
            if len(items) < 2:
                items, from_sentence = self._section_enumeration(clause, noun, ask.count), True
        if not items or (len(items) < 2 and not goal_clause):
            return None
        dated = False
        if goals and q.years and not dated_section:
            # 到2027年…主要目标: the targets set for that year, not those of 到2025年底
            items, dated = self._for_years(items, set(q.years))
            if not items:
                return None

        doc = self.reader.documents[clause.doc_id]
        context = " ".join([own, *clause.path[:-1], doc.title, doc.issuer or ""])
        sentence_text = self.reader.texts[doc.doc_id][items[0][1].start: items[0][1].end]
        if from_sentence and noun and names_noun(noun, self.reader.texts[doc.doc_id], items):
            context += " " + sentence_text  # the enumeration names what was asked (…特种纸四大主导产业)
        elif counted and items[0][2] == counted[0][1] and noun and noun in counted_lead:
            context += " " + counted_lead
        elif noun and not from_sentence and (lead := self._lead_in(items[0][1])) and noun in lead:
            context += " " + lead  # 申报材料主要包括：then 一是…二是…: the line that says what they are
        elif noun and not from_sentence and len(items) >= 2 and 2 * sum(noun in label for label, *_ in items) >= len(items):
            context += " " + " ".join(label for label, *_ in items)  # 实施…工程 ×5: the items are what was asked
        cov = self.reader.coverage(ask.terms, context)
        cov_own = self.reader.coverage(ask.terms, own)
        score = cov + 0.4 * cov_own + 0.2 * weight + 0.15 * ask.doc_rank.get(doc.doc_id, 0) + 0.2 * title_overlap(q.search_text, doc.match_title)
        qualifier = core.rstrip("。")[: -len(noun)][-2:] if noun else ""
        if noun and core.rstrip("。").endswith(noun) and not (qualifier and qualifier in asked) \
                and self._siblings_named(clause, noun) >= 2:
            score -= 0.2  # （一）场景谋划阶段 is one of the 阶段 asked for, not the list of them
        elif noun and core.rstrip("。").endswith(noun):
            score += 0.3  # 四、保障措施 lists 保障措施; 围绕标志性产业链筑牢创新链 is about 创新链
        elif noun and noun in own and len(re.split(r"[、，,]|和|与|及", core)) >= 3 \
                and 2 * sum(noun in label for label, *_ in items) < len(items):
            score -= 0.3  # 第三章支持范围、方式和标准 holds the 方式 among other things; its articles are not the 方式
        elif noun and noun in own:
            score += 0.05
        if goals:
            # (an indicator table answers 有哪些指标; 目标是什么 is answered by the paragraph that states them)
            table = all(c.kind == "table_row" for _, c, _, _ in items)
            headed = 0.1 if table and not re.search(r"指标|indicator", q.text, re.I) else 0.6
            # (a heading the title also names, 智能装备 in …低空经济与智能装备…行动方案, is not what the question singles out)
            singled = (own_in_question or named_section) and core.rstrip("。") not in doc.title
            score += headed if GOAL_HEADING.search(own) or dated_section else (0.8 if singled else
                                                          (0.05 if purpose else 0.1 if goal_clause else -0.5))
            if purpose is not None and self._purpose_asked:
                score += 0.6  # 想达到什么目的: the aims the purpose sentence states are what is asked
        elif own_in_question:
            score += 0.3
        if place_mismatch(q, doc, f"{doc.title} {own}"):
            score -= 0.6  # a question about 深圳 is not answered from 北京's plan
        if dated:
            score += 0.2  # the targets the asked year heads
        elif goals and (asked := [y for y in q.years if str(y) not in doc.title]) and not dated_section and not any(
                f"{y}" in self.reader.texts[doc.doc_id][c.start: c.end] + " ".join(c.path) for _, c, _, _ in items for y in asked):
            score -= 0.6  # 到2027年的目标: a goals heading that names no 2027 is not what was asked
        kinds = bool(KINDS_Q.search(q.text)) and bool(re.search(r"类别?$", core.rstrip("。")))
        if kinds:
            score += 0.35  # 重点抓哪几类产品: the heading that says it lists kinds (二、重点品类)
            own_in_question = own_in_question or re.sub(r"[品种]?类别?$", "", core.rstrip("。")) in asked
        elif from_sentence and KINDS_Q.search(q.text) and re.match(r"\s*等", self.reader.texts[doc.doc_id][items[-1][3]:]):
            score -= 0.3  # (智能电视、…扫地机器人等全屋智能产品 are instances of one kind, not the kinds)
        if noun and any(label == noun for label, *_ in items) and len(items) >= 2:
            score -= 0.5  # 牵头单位 / 责任单位 / 完成时限 of a task: the field asked is one of them, its names the list
        if ask.count and len(items) == int(ask.count):
            score += 0.25  # 哪五项工程 / five projects: the heading with five children
        elif ask.count:
            # 哪8类 answered by a heading with two children: another list, the more so the further off its count
            score -= 0.25 + 0.05 * min(abs(len(items) - int(ask.count)), 6)
        if noun and not from_sentence:
            # 分为哪几个阶段: the heading whose items are each a 阶段 is the list asked for
            score += 0.4 * sum(noun in label for label, *_ in items) / len(items)
        # (the words that name the document cover every heading in it alike)
        cov_heading = self.reader.coverage(ask.terms, context.replace(doc.title, "").replace(doc.issuer or "\x00", ""))
        # 场景谋划阶段、技术调研阶段…: items that each name the noun asked for are that list
        named = bool(noun) and not from_sentence and len(items) >= 2 and 2 * sum(noun in label for label, *_ in items) > len(items)
        return ListEvidence(doc, clause, items, score, max(cov, cov_own), from_sentence, own_in_question=own_in_question,
                            own_coverage=max(cov_heading, cov_own), names_noun=named)

    def _siblings_named(self, clause: Clause, noun: str) -> int:
        """How many headings beside `clause` (same parent, same depth) also end with `noun`."""
        if label_level(clause) is None or not clause.path:
            return 0
        parent = clause.path[:-1]
        return sum(1 for c in self.reader.clauses_by_doc[clause.doc_id]
                   if c is not clause and c.path[:-1] == parent and len(c.path) == len(clause.path)
                   and label_level(c) == label_level(clause) and c.path[-1].rstrip("。").endswith(noun))

    def _for_years(self, items: list[tuple[str, Clause, int, int]], years: set[int]) -> tuple[list, bool]:
        """The goal items of `years`: those whose own text states one, or that follow a year that
        heads their sentence run (2025年，全省共支持…；到2027年，…): an item under another year
        goes, and so does an item of a paragraph that states no year when others do. Whether any
        item named one."""
        kept, headed = [], set()
        for item in items:
            label, clause, s, _ = item
            stated = self._year_of(label, clause, s)
            if clause.kind == "table_row" or not stated:
                kept.append(item)
            elif stated & years:
                kept.append(item)
                headed.add(id(clause))
        if not headed:
            return items, False
        paths = [c.path for _, c, _, _ in items if id(c) in headed]
        def under_headed(c: Clause) -> bool:  # the dash items under 到2025年…。 share its year
            return id(c) in headed or any(len(c.path) > len(p) and c.path[: len(p)] == p for p in paths)
        return [i for i in kept if i[1].kind == "table_row" or under_headed(i[1])], True

    def _year_of(self, label: str, clause: Clause, start: int) -> set[int]:
        """The years an item states, else the year that heads it within its paragraph."""
        # (a date, 2026年1月31日起施行, is when something happens, not the year of a target)
        own = {int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)", label)}
        if own:
            return own
        before = self.reader.texts[clause.doc_id][clause.start: start]
        heads = re.findall(r"(?:到|至)\s*((?:19|20)\d{2})\s*年|((?:19|20)\d{2})\s*年(?:底|末|度)?\s*[，,]", before)
        return {int(a or b) for a, b in heads[-1:]}

    def parts(self, evidence: ListEvidence, score: float) -> list[Part]:
        text = self.reader.texts[evidence.document.doc_id]
        out = []
        for label, clause, s, e in evidence.items:
            c = citation(evidence.document, clause, text, s, e, score)
            out.append(Part(label=label, value=text[s:e] if evidence.from_sentence else None, citations=[c]))
        return out
