"""Where a list may come from, besides the children of a heading (lists.py): a document's
own parts (or an annex's), an enumeration inside a retrieved sentence, the groups of an indicator
table, and the quantities of a passage the question quotes. Each source returns its best
`ListEvidence` for the question, or None; `ListComposer.find` takes the best of all."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexical import everyday, word_parts
from ..query import Question
from ..read import Reader, canonical
from ..retrieve import title_overlap
from ..targets import sentences
from ..types import Clause, Document, Hit
from .items import ORDINALS, enumeration_items, ordinal_items, target_segments
from .policy import place_mismatch
from ..clauses import label_level
from .structure import annexes, item_text, position, row_name, table_categories, top_level

QUANTIFIED_Q = re.compile(r"量化|数量|定量|数字目标|硬指标|哪些数|quantified|quantitative|numeric", re.I)


@dataclass
class ListEvidence:
    document: Document
    anchor: Clause  # the heading clause, or the clause holding the enumeration
    items: list[tuple[str, Clause, int, int]]  # (item text, clause, quote start, quote end)
    score: float
    coverage: float
    from_sentence: bool = False
    whole_document: bool = False  # the items are the document's top-level parts
    own_in_question: bool = False  # the question names the heading itself (2021年工作思路包括哪几个方面)
    names_noun: bool = False  # the enumeration names what was asked (…等5个城市, …培育工程)
    counted: bool = False  # …and says the very count asked (哪8类家电 ↔ 冰箱、…、吸油烟机8类家电)
    annex: str = ""  # the items are the parts of this annex (附件《…若干政策举措》)
    where: str = ""  # the items are a table's rows whose column holds this (所属领域：食品)
    own_coverage: float = 0.0  # coverage by the heading and its path alone, not the document's title


# a counted quantity (30家左右, 1.5万台, 12%), not a name that holds a digit (5G, “5个100”)


QUANTITY = re.compile(r"\d+(?:\.\d+)?\s*(?:万|亿)?(?:家|个|项|条|台|套|件|人|名|座|所|元|%|％|倍|吨|亩|辆|款|场|次|户|张)|\d+(?:\.\d+)?\s*(?:万|亿)[\u4e00-\u9fff]")
INDICATOR_Q = re.compile(r"指标|目标|indicators?|targets?", re.I)
STRUCTURE_Q = re.compile(r"哪几(?:个|大)?(?:部分|方面|板块|章|块)|分为几|几大部分|几个部分|从哪些方面|哪些方面(?:作出|做出|进行)?部署|主要内容|what (?:are the )?(?:main )?(?:parts|sections)", re.I)


@dataclass(frozen=True)
class Ask:
    """What every candidate list is scored against, for one question."""

    q: Question
    terms: dict[str, float]
    noun: str  # the noun the question lists (城市 of 哪几个城市)
    count: str  # how many items it names ('' if none): 哪五项, 4个…集群
    goals: bool
    doc_rank: dict[str, float]  # document → weight by its first retrieval rank
    asked: str = ""  # the question's Chinese (an English one's through the glossary: main tasks → 主要任务)
    plain: str = ""  # the same without modifiers (主要, 重点, 的…), to match a heading named loosely


KINDS_Q = re.compile(r"哪几类|哪些类|几大类|哪几种类")


def doc_ranks(hits: list[Hit]) -> dict[str, float]:
    ranks: dict[str, float] = {}
    for h in hits:
        ranks.setdefault(h.chunk.doc_id, 1.0 / (1.0 + 0.5 * len(ranks)))
    return ranks


def names_noun(noun: str, text: str, items: list[tuple[str, Clause, int, int]]) -> bool:
    """Whether an enumeration names what was asked: right after its last item (…特种纸四大主导产业,
    …等5个城市), or each item ends with it (…培育工程) — not the noun somewhere else in the sentence
    (聚焦四大主导产业关键工序，推广应用机器人、机床…)."""
    if not noun or not items:
        return False
    end = items[-1][3]
    after = re.split(r"[，,。；;：:]", text[end: end + 16])[0]  # (…的原则，构建“一核两翼三片区”: another phrase)
    # 重大工业项目 asked, …等8个重大项目 written: the noun's first and last words stand right after the items
    parts = word_parts(noun) if len(noun) >= 4 else ()
    loose = len(parts) >= 3 and parts[0] in after and after.find(parts[-1], after.find(parts[0])) >= 0
    # (新材料 is a kind of material, not a 材料 the question lists: an item names the noun only with room for more)
    return noun in after or loose or any(i.endswith(noun) and not i.endswith("为" + noun) and len(i) - len(noun) >= 2
                                              for i, *_ in items)


def better(best: ListEvidence | None, other: ListEvidence | None) -> ListEvidence | None:
    return other if other is not None and (best is None or other.score > best.score) else best


def document_parts(reader: Reader, ask: Ask) -> ListEvidence | None:
    """从哪几个方面作出部署 / 分为哪几部分 / 若干措施包括哪些措施: a document's own top-level parts."""
    q, best = ask.q, None
    for doc_id in list(ask.doc_rank)[:3]:
        doc = reader.documents[doc_id]
        if not (STRUCTURE_Q.search(q.text) or (ask.noun and ask.noun in doc.title[-12:])):
            continue
        tops = top_level(reader, doc_id)
        if len(tops) < 2:
            continue
        overlap = title_overlap(q.search_text, doc.match_title)
        cov = max(reader.coverage(ask.terms, f"{doc.title} {doc.issuer or ''}"), overlap)
        score = cov + 0.3 + 0.4 * overlap + 0.15 * ask.doc_rank[doc_id]
        text = reader.texts[doc_id]
        found = ListEvidence(doc, tops[0], [(*item_text(c, text)[:1], c, *item_text(c, text)[1:]) for c in tops],
                             score, cov, False, whole_document=True)
        best = better(best, found)
        for title, parts in annexes(reader, doc_id):
            # 《…若干政策举措》分为哪几个部分: an annex the question names has parts of its own
            overlap = title_overlap(q.search_text, title)
            cov = max(reader.coverage(ask.terms, title), overlap)
            score = cov + 0.3 + 0.4 * overlap + 0.15 * ask.doc_rank[doc_id]
            found = ListEvidence(doc, parts[0], [(*item_text(c, text)[:1], c, *item_text(c, text)[1:]) for c in parts],
                                 score, cov, False, annex=title)
            best = better(best, found)
    return best


def in_sentence(reader: Reader, ask: Ask, hits: list[Hit], structural: ListEvidence | None) -> ListEvidence | None:
    """An enumeration inside a retrieved sentence (A、B、C等5个城市); it wins over the structure
    only when it names what was asked."""
    noun, best = ask.noun, None
    for rank, h in enumerate(hits[:12]):
        text = reader.texts[h.chunk.doc_id]
        clause = reader.clauses[h.chunk.clause_id]
        doc = reader.documents[h.chunk.doc_id]
        for s, e in sentences(text[h.chunk.start: h.chunk.end], h.chunk.start, full=True):
            items = enumeration_items(text[s:e], s, noun, ask.count)
            if not items:
                continue
            sentence = text[s:e]
            cov = reader.coverage(ask.terms, " ".join([sentence, *clause.path[-2:], doc.title]))
            score = cov + 0.2 / (1.0 + 0.35 * rank) + 0.15 * ask.doc_rank.get(doc.doc_id, 0)
            named = names_noun(noun, text, [(i, clause, a, b) for i, a, b in items])
            if named:
                score += 0.45  # …等5个城市: the enumeration names what was asked
                after = re.split(r"[，,。；;：:]", text[items[-1][2]: items[-1][2] + 16])[0]
                if any(p in after for p in ask.q.quoted):
                    score += 0.3  # …境外产业链配套企业“四清单”: by the very name the question quotes
            elif noun and noun in sentence:
                score += 0.15
            elif structural is not None and structural.own_coverage >= 0.45:
                continue  # examples inside a sentence, while a heading lists what was asked
            else:
                score -= 0.2
            if KINDS_Q.search(ask.q.text) and re.match(r"\s*等", text[items[-1][2]:]):
                score -= 0.3  # 重点抓哪几类产品: 智能电视、智能音响…等全屋智能产品 are instances of one kind
            counted = False
            if ask.count and len(items) != int(ask.count):
                score -= 0.25  # 哪三个 answered by four elements: another enumeration
            elif ask.count and named and re.match(rf"\s*等?\s*{ask.count}\s*[个家项类条大种批]", text[items[-1][2]:]):
                counted = True
                score += 0.35  # 哪8类家电 answered by 冰箱、…、吸油烟机8类家电: the very count asked, written after the items
            best = better(best, ListEvidence(doc, clause, [(i, clause, a, b) for i, a, b in items], score, cov, True,
                                              names_noun=named, counted=counted))
    return best


def labelled_field(reader: Reader, ask: Ask, hits: list[Hit]) -> ListEvidence | None:
    """责任单位有哪些 under a task of a 分工方案: the names of the line labelled with the noun asked
    (责任单位：市生态环境局、市商务局，青原县人民政府), each an item."""
    if len(ask.noun) < 2:
        return None
    best = None
    for rank, h in enumerate(hits[:12]):
        clause = reader.clauses[h.chunk.clause_id]
        text = reader.texts[clause.doc_id]
        # (the label may hold the noun with a word around it: 指标要求： for 哪些指标)
        m = re.match(rf"\s*[\u4e00-\u9fff]{{0,2}}{re.escape(ask.noun)}[\u4e00-\u9fff]{{0,2}}\s*[：:]\s*", text[clause.start: clause.end])
        if m is None:
            continue
        items, pos = [], clause.start + m.end()
        # names (市商务局、市财政局) split at any comma; statements (耐热温度不低于300℃；…) at semicolons
        statements = bool(re.search(r"[；;]", text[pos: clause.end]))
        for piece in re.split(r"([；;])" if statements else r"([、，,；;])", text[pos: clause.end]):
            name = piece.strip().rstrip("。")
            if name and not re.fullmatch(r"[、，,；;]", piece):
                items.append((name, clause, pos, pos + len(piece.rstrip("。"))))
            pos += len(piece)
        if not items or any(len(name) > (80 if statements else 30) for name, *_ in items):
            continue
        doc = reader.documents[clause.doc_id]
        cov = reader.coverage(ask.terms, " ".join([*clause.path, doc.title]))
        score = cov + 0.5 + 0.2 / (1.0 + 0.35 * rank) + 0.15 * ask.doc_rank.get(doc.doc_id, 0)
        best = better(best, ListEvidence(doc, clause, items, score, max(cov, 0.5), own_in_question=True, names_noun=True))
    return best


# 可通过以下方式提出意见建议： / 需提交如下材料：: a lead that the numbered clauses after it complete
LEAD_TO_FOLLOW = re.compile(r"(?:下列|以下|如下)[^。：:]{0,16}[：:]\s*$")  # (有下列情形之一的，不予认定：)


def lead_run(reader: Reader, ask: Ask, hits: list[Hit]) -> ListEvidence | None:
    """提意见能走哪几种渠道: a retrieved sentence that ends in 以下方式： and names what is asked (or a
    synonym), and the run of numbered clauses after it (一、电子邮件… 二、信函… 三、传真…), each an item —
    also when they stand at the document's top level rather than under the sentence."""
    if len(ask.noun) < 2:
        return None
    best, seen = None, set()
    for rank, h in enumerate(hits[:12]):
        clause = reader.clauses[h.chunk.clause_id]
        doc_clauses = reader.clauses_by_doc[clause.doc_id]
        at = position(clause)
        # (retrieval may find an item of the run, not its lead: the lead stands before the first item)
        while label_level(clause) is not None and at > 0 and label_level(doc_clauses[at - 1]) == label_level(clause):
            at -= 1
        if label_level(clause) is not None and at > 0:
            at -= 1
        clause = doc_clauses[at]
        if clause.clause_id in seen:
            continue
        seen.add(clause.clause_id)
        lead = re.split(r"[。；;]", clause.text.rstrip())[-1]
        if not LEAD_TO_FOLLOW.search(lead) or reader.coverage({ask.noun: 1.0}, lead) == 0:
            continue
        following = doc_clauses[at + 1:]
        level = label_level(following[0]) if following else None
        run = []
        for c in following:
            if label_level(c) != level or c.kind in ("table_row", "note"):
                break
            run.append(c)
        if level is None or len(run) < 2:
            continue
        text = reader.texts[clause.doc_id]
        items = [(label, c, s, e) for c in run for label, s, e in [item_text(c, text, whole=True)]]
        doc = reader.documents[clause.doc_id]
        cov = reader.coverage(ask.terms, " ".join([lead, *clause.path, doc.title]))
        score = cov + 0.5 + 0.2 / (1.0 + 0.35 * rank) + 0.15 * ask.doc_rank.get(doc.doc_id, 0)
        best = better(best, ListEvidence(doc, clause, items, score, max(cov, 0.5), names_noun=True))
    return best


def quoted_series(reader: Reader, ask: Ask, hits: list[Hit]) -> ListEvidence | None:
    """“六个一”是哪六个: the name the question quotes, then a colon and the series it names, one
    item per ；-separated part (…“六个一”职责：绘制一张产业链图谱，…；制定一份年度行动方案，…；…)."""
    names = [n for n in ask.q.quoted if len(n) >= 2]
    if not names:
        return None
    best = None
    for rank, h in enumerate(hits[:12]):
        clause = reader.clauses[h.chunk.clause_id]
        text = reader.texts[clause.doc_id]
        body = text[clause.start: clause.end]
        for name in names:
            m = re.search(rf"[“\"]?{re.escape(name)}[”\"]?[^。；;：:]{{0,8}}[：:]", body)
            if m is None:
                continue
            end = body.find("。", m.end())
            series = body[m.end(): end if end >= 0 else len(body)]
            items, pos = [], clause.start + m.end()
            for piece in re.split(r"(；|;)", series):
                if piece not in ("；", ";") and piece.strip():
                    head = re.split(r"[，,]", piece.strip())[0]
                    at = pos + piece.index(piece.strip())
                    items.append((head, clause, at, at + len(head)))
                pos += len(piece)
            if len(items) < 2 or any(len(label) > 30 for label, *_ in items):
                continue
            doc = reader.documents[clause.doc_id]
            cov = reader.coverage(ask.terms, " ".join([body[: m.end()], *clause.path, doc.title]))
            score = cov + 0.6 + 0.2 / (1.0 + 0.35 * rank) + (0.25 if ask.count and len(items) == int(ask.count) else 0)
            best = better(best, ListEvidence(doc, clause, items, score, max(cov, 0.5), own_in_question=True, names_noun=True))
    return best


def table_groups(reader: Reader, ask: Ask) -> ListEvidence | None:
    """技术创新和产业结构两类分别设了哪些指标: the rows of the indicator-table groups the question
    names, each labelled with its group when there are several."""
    if not INDICATOR_Q.search(ask.q.text):
        return None
    best = None
    for doc_id in list(ask.doc_rank)[:3]:
        groups = table_categories(reader, doc_id)
        named = [g for g in groups if g in ask.q.text]
        if not named:
            continue
        doc = reader.documents[doc_id]
        rows = [(g, row) for g in named for row in groups[g]]
        items = [((f"{g}：" if len(named) > 1 else "") + row_name(row), row, row.start, row.end) for g, row in rows]
        first = rows[0][1]
        context = " ".join([*named, *first.path[:-1], doc.title])
        cov = reader.coverage(ask.terms, context)
        # (a table group answers 哪些指标; 量化目标 of a group are better stated by the goals paragraph)
        named_bonus = 0.8 if re.search(r"指标|indicator", ask.q.text, re.I) else 0.3
        score = cov + named_bonus + 0.15 * ask.doc_rank[doc_id] + 0.2 * title_overlap(ask.q.search_text, doc.match_title)
        if place_mismatch(ask.q, doc, doc.title):
            score -= 0.6
        best = better(best, ListEvidence(doc, first, items, score, max(cov, 0.5), own_in_question=True))
    return best


def named_passage(reader: Reader, ask: Ask) -> ListEvidence | None:
    """讲“下一步”时定了哪些数量目标: the figures of the passage that opens with the phrase the
    question quotes, through the parts it counts off (一是… then a paragraph 二是…)."""
    q = ask.q
    if not QUANTIFIED_Q.search(q.text) or not q.quoted:
        return None
    best = None
    for doc_id in list(ask.doc_rank)[:3]:
        clauses = reader.clauses_by_doc[doc_id]
        text = reader.texts[doc_id]
        for n, c in enumerate(clauses):
            if not any(c.text.lstrip().startswith(p) for p in q.quoted if len(p) >= 2):
                continue
            passage, counted = [c], len(ordinal_items(text, c.start, c.end)) or 1
            for d in clauses[n + 1:]:
                if not d.text.lstrip().startswith(ORDINALS[counted: counted + 1] + "是"):
                    break
                passage.append(d)
                counted += 1
            items = [(label, d, a, b) for d in passage for s, e in sentences(text[d.start:d.end], d.start)
                     for label, a, b in target_segments(text[s:e].strip().rstrip("。；;"), text, s, e)
                     if QUANTITY.search(re.sub(r"“[^”]*”|\"[^\"]*\"", "", label))]
            if not items:
                continue
            doc = reader.documents[doc_id]
            score = 1.5 + 0.15 * ask.doc_rank[doc_id] + 0.2 * title_overlap(q.search_text, doc.match_title)
            best = better(best, ListEvidence(doc, c, items, score, 1.0, own_in_question=True))
    return best


# the words that frame a goals question (目标, 定了哪些, 那份文件里), not the topic it asks about
GOAL_FRAME = re.compile(r"(?:目标|指标|量化|数量|数字|定量|具体|主要|预期|文件|方案|规划|意见|计划|措施|报告|办法|纲要|定了|提了|设了|提出|哪些|什么|"
                        r"多少|分别|年份|方面|领域|这块|工作|发展|推进|推动|加快|实施|实现|达到|达成|要求|经济社会|总体|阶段性?|近期|中期|远期|"
                        r"年底|年末|年初|全年|今年|明年|水平|程度|样子|全省|全市|全县|全区|省|市|县|区|上|里|中|要)+")


def without_listed(text: str) -> str:
    """The text without the phrases that name things as one of a list (围绕人形机器人、合成生物等领域):
    a topic named there is not what the text is about."""
    return re.sub(r"[^，,。；;：:]*[、][^，,。；;：:]*等", "", text)


def topic_words(reader: Reader, ask: Ask, doc: Document) -> dict[str, float]:
    """The question's words for what its goals are about (人形机器人, 优质企业梯队): not the words
    that frame it, not the document's title, not a place."""
    title = canonical(doc.title.lower())
    body = canonical(reader.texts[doc.doc_id].lower())
    # (山县 of 萦山县: a piece of the document's own place)
    where = " ".join(f"{p}{suffix}" for p in (doc.place, doc.region) if p for suffix in ("", "省", "市", "县", "区"))
    where += " " + " ".join(ask.q.regions + ask.q.cities + ask.q.districts)  # (青原园区 is where, not what)
    words = {w: wt for w, wt in ask.terms.items()  # (a phrase the document never writes, 梯队年定, is no topic)
             if len(w) >= 2 and w in body and not GOAL_FRAME.fullmatch(w) and w not in title and w not in where
             and not re.search(r"\d", w)}
    # a topic is a thing named specifically (人形机器人, 氢能, 梯队): everyday words (行业, 水平) are no topic
    return words if any(not everyday(w) for w in words) else {}


def topic_targets(reader: Reader, ask: Ask, doc_ids: list[str] | None = None) -> ListEvidence | None:
    """江屿那份文件里，人形机器人到2027年有哪些量化指标: the targets the document sets for the topic the
    question names, wherever they stand — in its goals clause, a task, a 专栏 of projects — for the
    year asked (the last 到20XX年 before a sentence is the year it speaks for)."""
    q = ask.q
    if not ask.goals:
        return None
    best = None
    for doc_id in doc_ids or list(ask.doc_rank)[:2]:
        doc = reader.documents[doc_id]
        topic = topic_words(reader, ask, doc)
        if not topic:
            continue
        text = reader.texts[doc_id]
        key = max(topic, key=topic.get)
        items, first = [], None
        for c in reader.clauses_by_doc[doc_id]:
            if c.kind in ("table_header", "note") or c.path[:1] in (["文首"], ["文末"], ["落款"]):
                continue
            for s, e in sentences(text[c.start:c.end], c.start):
                sentence = text[s:e]
                said = f"{without_listed(sentence)} {c.path[-1] if c.path else ''}"
                # the topic's most specific word, and most of the rest (企业梯队更加完善 for 培育优质企业梯队)
                if key not in canonical(said.lower()) or reader.coverage(topic, said) < 0.35:
                    continue
                years = re.findall(r"到\s*((?:19|20)\d{2})\s*年", text[max(0, s - 1500): e])
                said = f"{sentence} {' '.join(c.path)}"  # (二、2026年工作安排 dates what it holds)
                if q.years and not (years and int(years[-1]) in q.years) and not any(f"{y}" in said for y in q.years):
                    continue
                for label, a, b in target_segments(sentence.strip().rstrip("。；;"), text, s, e):
                    if QUANTITY.search(re.sub(r"(?:19|20)\d{2}\s*年", "", label)) and not any(x[2] == a for x in items):
                        items.append((label, c, a, b))
                        first = first or c
        if len(items) >= 2:
            score = 1.0 + 0.15 * ask.doc_rank[doc_id] + 0.2 * title_overlap(q.search_text, doc.match_title)
            best = better(best, ListEvidence(doc, first, items, score, 1.0))
    return best


# 名单里食品领域的是哪几家企业 / 澹宁市有哪些企业入选: the rows a question picks by what a column holds
ROWS_Q = re.compile(r"哪些|哪几|有谁|名单|which|list", re.I)


def table_rows_where(reader: Reader, ask: Ask) -> ListEvidence | None:
    """The rows of a table (a 名单 of enterprises, projects…) whose category column holds what the
    question names (所属领域 食品, 所在设区市 澹宁市), each listed by its name. A column's value
    counts only when several rows share it, but not all: it is a category, not a name."""
    q, best = ask.q, None
    if not ROWS_Q.search(q.text):
        return None
    # 哪几项没完成 asks for the rows marked 未完成: the question's negation in the table's own word
    asked = canonical(re.sub(r"没有?|未能", "未", q.text))  # (经开区 for 经济开发区: compared in short form)
    for doc_id in list(ask.doc_rank)[:3]:
        rows = [c for c in reader.clauses_by_doc[doc_id] if c.kind == "table_row" and c.fields]
        groups: dict[tuple[tuple[str, ...], str, str], list[Clause]] = {}
        tables: dict[tuple[str, ...], int] = {}
        for row in rows:
            table = tuple(row.path[:-1])
            tables[table] = tables.get(table, 0) + 1
            for column, value in row.fields.items():
                if value and column not in ("序号", "编号") and not re.search(r"\d", value):
                    groups.setdefault((table, column, value), []).append(row)
        doc = reader.documents[doc_id]
        for (table, column, value), members in groups.items():
            named = re.sub(r"(?<=..)(?:市|区|县|省|领域|行业)$", "", canonical(value))
            at = asked.find(named) if len(named) >= 2 else -1
            # the value stands as a word of its own (食品领域, 属于新型储能, 名单中白石市), not inside
            # a longer name (制造业 of 高技术制造业)
            # (a negated status, 未完成, is a word of its own wherever it stands: 指标未完成)
            if not 2 <= len(members) < tables[table] or at < 0 or (at > 0 and re.match(r"[\u4e00-\u9fff]", asked[at - 1])
                                                                  and asked[at - 1] not in "的里中在是于从年" and named[0] not in "未不非"):
                continue
            # (the table's caption names what its rows are, as a heading does for the whole table)
            cov = reader.coverage(ask.terms, " ".join([value, column, *members[0].fields, *table, doc.title]))
            score = cov + 0.6 + 0.1 * min(len(named), 6) / 6 + 0.15 * ask.doc_rank.get(doc_id, 0)
            items = [(row_name(r), r, r.start, r.end) for r in members]
            # (the question names the column's value itself: 约束性, 食品领域 — enough evidence whatever else it says)
            best = better(best, ListEvidence(doc, members[0], items, score, cov, False, names_noun=True,
                                             where=f"{column}：{value}", own_in_question=True))
    return best
