"""Stage 9 — answer: turn what the reader selected into the reply.

The reply leads with the value and its deadline, then quotes the sentence and
names its source (《title》 文号 clause path). It refuses, saying what is
missing and listing the nearest related facts as such, when the evidence does
not meet what the question pins down. A guard checks that every number in the
reply is stated by the cited quotes or their source labels.
"""
from __future__ import annotations

import re

from .clauses import TABLE_UNIT, table_cells
from .documents import split_issuers
from .numbers import MAGNITUDE, answer_numbers, fmt_number, numbers_in
from .query import Question
from .shapes import TABLE_MARKS
from .types import Answer, Citation, Clause, Document, Reading, Target

MIN_COVERAGE = 0.4  # share of the question's weighted words the evidence must hold (calibrated on evals/)


# 表中“#”/“*”/[] 表示什么: a table mark named (shapes.TABLE_MARKS) or written, or marks in general
SYMBOL_Q = re.compile("|".join([name for name, _ in TABLE_MARKS] + [r"[#＃*※△]|\[\]|［］|符号|标注"]), re.I)


class GuardError(ValueError):
    """An answer states a number that its sources do not contain."""


def check_numbers(text: str, citations: list[Citation], question: str = "") -> list[float]:
    """Numbers in `text` that no citation quote or source label states (a refusal may
    also repeat the numbers of the question it refuses: "no 2030 target")."""
    allowed: set[float] = numbers_in(question)
    # 单位：万元 cited above a table: its cells (45.00) are stated in that unit (45.00万元)
    scales = {MAGNITUDE[m.group()] for c in citations
              if (unit := TABLE_UNIT.match(c.quote.strip())) and (m := re.match(r"万亿|亿|万", unit.group(1)))}
    # 规模以上工业营业收入 | 亿元 | 8260: the row states 8260亿元; a header row cited with it
    # (…| 2026年计划投资（亿元）|…) states the magnitude of every row's cells
    rows = [c.quote for c in citations if len(table_cells(c.quote)) >= 3]
    table_scales = {MAGNITUDE[m] for row in rows for cell, _ in table_cells(row) for m in re.findall(r"(?:^|[（(])(万亿|亿|万)", cell)}
    for c in citations:
        allowed |= {round(n * k, 6) for k in scales for n in numbers_in(c.quote)}
        allowed |= numbers_in(c.quote)
        if c.quote in rows:
            allowed |= {round(n * k, 6) for k in table_scales for n in numbers_in(c.quote)}
        allowed |= numbers_in(c.title)
        allowed |= numbers_in(c.clause)
        allowed |= numbers_in(c.doc_number or "")
    # citation markers [1] are references, not figures
    return sorted(n for n in answer_numbers(re.sub(r"\[\d{1,2}\]", "", text)) if n not in allowed)


# numbers the reply writes as structure, not as facts: list numbering, item counts, markers
STRUCTURE = re.compile(r"(?m)^\s*\d{1,3}\.\s|\[\d{1,3}\]|共\d{1,4}(?:项|部分)|\*\*\d{1,4} parts\*\*|其余\d{1,4}项|\*\*\d{1,4} items\*\*|\(\d{1,4} items\)|and \d{1,4} more")


def guard(answer: Answer, question: str = "") -> Answer:
    # a comparison's labels (2020年, 2025年) come from the question itself
    asked = question if answer.refused or answer.shape == "compare" else ""
    bad = check_numbers(STRUCTURE.sub(" ", answer.text), answer.citations, asked)
    if bad:
        raise GuardError(f"answer states numbers not in its sources: {', '.join(fmt_number(b) for b in bad)}")
    return answer


def citation(doc: Document, clause: Clause, text: str, start: int, end: int, score: float) -> Citation:
    return Citation(
        doc_id=doc.doc_id, title=doc.title, doc_number=doc.doc_number, clause=" › ".join(clause.path),
        quote=text[start:end], start=start, end=end, score=round(float(score), 4), clause_id=clause.clause_id,
        page=doc.page_at(start),
    )


def source_label(c: Citation) -> str:
    number = f"（{c.doc_number}）" if c.doc_number else ""
    return f"《{c.title}》{number} {c.clause}".strip()


def _english_value(value: str, target: Target | None) -> str:
    if target is None or target.number is None:
        return value
    unit = target.unit
    number = fmt_number(target.number)
    rng = re.match(r"(\d+(?:\.\d+)?)\s*[—–\-~～至到]\s*(\d+(?:\.\d+)?)", value)
    if rng:
        number = f"{rng.group(1)}–{rng.group(2)}"
    if "%" in unit or "％" in unit:
        return f"{number}% ({value})"
    duration = next((en for zh, en in DURATIONS if unit.endswith(zh)), None)
    if duration:
        return f"{number} {duration} ({value})"
    return f"{number} ({value})"


# how long something takes, in English (8个工作日 → 8 working days)
DURATIONS = (("工作日", "working days"), ("个月", "months"), ("小时", "hours"), ("天", "days"), ("年", "years"))


def _table_unit(t: Target | None, en: bool) -> str:
    """A table cell is a bare number; its unit stands in the indicator's name: say it."""
    if t is None or not t.unit or t.unit in t.value_text or len(table_cells(t.quote)) < 3 or (en and "%" in t.unit):
        return ""
    return f" (unit: {t.unit})" if en else f"（单位：{t.unit}）"


# Reading.detail → the field it names in an answer
FIELD_LABELS = {"起施行": ("施行日期", "Takes effect"), "有效期至": ("有效期至", "Valid until"), "有效期": ("有效期", "In force for"),
                "附件": ("附件", "Annex"), "牵头": ("牵头部门", "Led by"), "解释": ("解释部门", "Interpreted by"),
                "截止": ("截止日期", "Due by"), "所引文件": ("所引文件出台时间", "Cited document issued"),
                "所引文件制定": ("所引文件制定部门", "Cited document made by"),
                "所解读文件": ("所解读文件文号", "Document number of the document explained"),
                "制定": ("制定部门", "Drawn up by"), "标题": ("标题", "Title"), "主送": ("主送", "Addressed to"),
                # a web page's header fields (【发布单位】流通发展司)
                "发布单位": ("发布单位", "Publishing unit"), "发文单位": ("发文单位", "Issuing unit"),
                "发布机构": ("发布机构", "Publishing body"), "索引号": ("索引号", "Index number"),
                "主题分类": ("主题分类", "Subject category"), "发布文号": ("文号", "Document number"),
                "发文字号": ("文号", "Document number")}


def compose(q: Question, reading: Reading, text: str, related: list[Citation]) -> Answer:
    doc, clause = reading.document, reading.clause
    cite = citation(doc, clause, text, reading.quote_start, reading.quote_end, reading.score)
    if SYMBOL_Q.search(q.text):
        # 表中“#”/“*”/[] 表示什么: the table's 注 is what answers; cite it first
        notes = [(c, s, e) for c, s, e in reading.support if c.kind == "note"]
        if notes:
            c, s, e = notes[0]
            reading.support = [(clause, reading.quote_start, reading.quote_end)] + [x for x in reading.support if x is not notes[0]]
            cite = citation(doc, c, text, s, e, reading.score)
            clause = c
    # spans the answer also states (table header and 注, the deadline phrase) are cited too
    related = [citation(doc, c, text, s, e, reading.score) for c, s, e in reading.support] + related
    value, deadline = reading.value, reading.deadline
    en = q.language == "en"
    lines: list[str] = []
    if reading.kind in ("value", "deadline") and value:
        t = reading.target
        if en:
            when = f"By {deadline}" if (deadline and t and t.is_target) else (f"In {deadline}" if deadline else "Value")
            if reading.kind == "deadline" and deadline:
                lines.append(f"**Deadline: {deadline}** — {_english_value(value, t)}")
            elif _table_unit(t, en) and re.fullmatch(r"-?[\d.]+", value) and not re.search(r"[/%％]", t.unit):
                lines.append(f"**{when}: {_english_value(value + t.unit, t)}**")  # 36.42 (36.42万元): the table's unit
            else:
                lines.append(f"**{when}: {_english_value(value, t)}**" + _table_unit(t, en))
        else:
            when = (f"到{deadline}年" if t and t.is_target else f"{deadline}年") if deadline else ""
            if reading.kind == "deadline" and deadline:
                lines.append(f"**目标年份：{deadline}年**" + (f"（{value}）" if value != f"{deadline}年" else ""))
            else:
                # a table cell is a bare number; its unit stands in the 单位 column: 8260 → 8260亿元
                value += t.unit if _table_unit(t, en) and re.fullmatch(r"-?[\d.]+", value) else ""  # ([16] keeps its 注)
                lines.append(f"**{when + '：' if when else ''}{value}**")
        if reading.detail:
            lines.append(("Note: " if en else "说明：") + reading.detail)
    elif reading.kind == "metadata" and value:
        label = {"date": ("成文日期", "Date"), "doc_number": ("文号", "Document number"), "issuer": ("发文机关", "Issued by")}.get(q.kind, ("", ""))
        if q.kind == "date" and reading.detail.startswith("成文"):
            label = ("印发日期", "Printed")
        if reading.detail in FIELD_LABELS:  # what the reading is, when the question's kind does not say it
            label, extra = FIELD_LABELS[reading.detail], ""
        elif not label[0] and reading.detail:
            label, extra = (reading.detail, reading.detail), ""  # a header's own field (指南编号：…)
        elif reading.document.doc_number != value and q.kind == "doc_number" and reading.document.doc_number:
            extra = ""  # a 文号 the document cites, not its own
        else:
            extra = f"；{reading.detail}" if reading.detail and not en else (f"; printed {reading.detail}" if reading.detail else "")
        if q.kind == "issuer":
            value = "、".join(split_issuers(value))  # 南京市数据局、南京市城市数字治理中心
        lines.append(f"**{label[1]}: {value}**{extra}" if en else f"**{label[0]}：{value}**{extra}")
    elif value:
        lines.append(f"**{value}**")
    if reading.kind == "sentence" and reading.detail:
        lines.append(("Table: " if en else "表中：") + reading.detail)
    quote = cite.quote if len(cite.quote) <= 400 else cite.quote[:400] + "…"
    lines.append(("Quote: " if en else "原文：") + f"「{quote}」")
    lines.append(("Source: " if en else "出处：") + source_label(cite))
    return Answer(
        text="\n\n".join(lines), refused=False, citations=[cite] + related,
        targets=[reading.target] if reading.target else [], value=value, deadline=deadline,
        language=q.language,
    )


def refusal(q: Question, missing: str, related: list[tuple[Citation, str]]) -> Answer:
    en = q.language == "en"
    if en:
        lines = [f"The documents do not answer this: {missing}."]
        if related:
            lines.append("Related facts (not what was asked):")
            lines += [f"- {fact} — {source_label(c)}" for c, fact in related]
    else:
        lines = [f"语料中没有{missing}。"]
        if related:
            lines.append("相关（并非所问）：")
            lines += [f"- {fact}（{source_label(c)}）" for c, fact in related]
    return Answer(text="\n".join(lines), refused=True, citations=[c for c, _ in related], language=q.language)


def missing_description(q: Question, reason: str, area: str | None = None) -> str:
    en = q.language == "en"
    if reason == "region":
        places = area or "、".join(q.districts or q.cities or q.regions) or ("the whole country" if en else "全国")
        return f"information about {places}" if en else f"关于{places}的相关内容"
    if reason == "year":
        years = "、".join(str(y) for y in q.years)
        return f"a figure for {years} on this indicator" if en else f"该指标{years}年的目标或数值"
    if reason == "unit" and not q.unit:  # 增速 asked, an amount found
        return "a figure of this kind for this indicator" if en else "该指标这一口径（如增速、比重）的数值"
    if reason == "unit":
        return f"a figure in {q.unit} for this indicator" if en else f"该指标以“{q.unit}”计的数值"
    if reason == "later":  # 申报时间另行通知
        return ("this yet: the document says it will be announced separately (see the related clause)" if en
                else "这一事项的具体内容：文件说明另行通知或发布（见相关条款）")
    if reason == "excluded":  # the document states the case is outside it (不适用本政策, 不予支持)
        return ("support for this case: the document excludes it (see the related clause)" if en
                else "适用于这一情形的支持内容：文件明确将其排除在外（见相关条款）")
    return "a passage that matches the question" if en else "与该问题对应的内容"
