"""Comparisons and multi-part questions: each part (a region, a year, an indicator)
is answered on its own as a value question, with its own citation; a part the
documents do not state is marked 未找到 and the rest still answered. Which side is
higher is said only when both figures are in the same unit."""
from __future__ import annotations

import re
from typing import Callable

from ..clauses import TABLE_UNIT
from ..lexical import words
from ..numbers import clip
from ..query import analyse
from ..shapes import HIGHER, Part as PartQuestion
from ..types import Answer, Citation, Part, Target
from .policy import asked_head


def _cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def compose_compare(question_text: str, language: str, parts: list[PartQuestion],
                    answer_part: Callable[[str], Answer]) -> Answer:
    en = language == "en"
    answered: list[tuple[PartQuestion, Answer]] = _one_figure_one_part([(p, answer_part(p.question)) for p in parts])
    if any(a.shape in ("list", "goals") and not a.refused for _, a in answered):
        return _compare_lists(answered, language)
    out_parts, citations, targets = [], [], []
    support: list[Citation] = []  # spans a row also rests on (a table header naming its year)
    rows = []
    for p, a in answered:
        if a.refused or not a.citations:
            out_parts.append(Part(label=p.label, refused=True))
            rows.append(f"| {_cell(p.label)} | {'not found' if en else '未找到'} | | |")
            continue
        c = a.citations[0]
        value = a.value or clip(c.quote, 60)
        t = a.targets[0] if a.targets else None
        if t is not None and t.unit and re.fullmatch(r"\d+(?:\.\d+)?", value.strip()):
            # a table cell is a bare number: its column gives the unit (30 → 30万元/亩); a unit stated above the
            # table (单位：万元) is shown beside the figure, not read into it
            value = f"{value.strip()}{t.unit}" if t.unit in c.quote else f"{value.strip()}（{t.unit}）"
        if a.deadline and analyse(p.question).kind == "deadline":
            value = f"{a.deadline}" if en else f"{a.deadline}年"  # 目标年份分别是哪一年: the year is the value asked
        when = (f"{a.deadline}" if en else f"{a.deadline}年") if a.deadline else ""
        # (单位：万元 above a table states the unit its bare cells are in)
        cited = [c, *_year_source(a, c), *(x for x in a.citations[1:] if TABLE_UNIT.match(x.quote.strip()))]
        out_parts.append(Part(label=p.label, value=value, deadline=a.deadline, citations=cited))
        citations.append(c)
        support += cited[1:]
        targets += a.targets
        number = f"（{c.doc_number}）" if c.doc_number else ""
        rows.append(f"| {_cell(p.label)} | **{_cell(value)}** | {when} | 《{_cell(c.title)}》{number} {_cell(c.clause)} [{len(citations)}] |")
    header = "| part | value | year | source |\n|---|---|---|---|" if en else "| 对象 | 数值 | 期限/年份 | 出处 |\n|---|---|---|---|"
    lines = [header, *rows]
    verdict = _which_higher(answered, en) if HIGHER.search(question_text) else ""
    if verdict:
        lines.append("")
        lines.append(verdict)
    found = [p for p in out_parts if not p.refused]
    if not found:
        return Answer(text=("The documents answer none of the parts of this question." if en else "语料中没有该问题各部分的数值。")
                      + "\n\n" + "\n".join(lines), refused=True, language=language, shape="compare", parts=out_parts)
    quotes = [f"[{n}] 「{clip(c.quote, 160)}」" for n, c in enumerate(citations, 1)]
    text = "\n".join(lines) + "\n\n" + ("Quotes:\n" if en else "原文：\n") + "\n".join(quotes)
    return Answer(text=text, refused=False, citations=citations + support, targets=targets, language=language,
                  value=None, shape="compare", parts=out_parts)


def _compare_lists(answered: list[tuple[PartQuestion, Answer]], language: str) -> Answer:
    """技术创新和产业结构两类分别设了哪些指标: one list per part, each item cited; a part whose
    list the documents do not give is marked 未找到."""
    en = language == "en"
    lines, out_parts, citations, support = [], [], [], []
    for p, a in answered:
        items = [item for item in a.parts if item.citations] if a.shape in ("list", "goals") and not a.refused else []
        if not items:
            out_parts.append(Part(label=p.label, refused=True))
            lines += [f"**{p.label}**: not found" if en else f"**{p.label}**：未找到", ""]
            continue
        # a blank line before each numbered run: a list numbered from 3. cannot interrupt a paragraph in Markdown
        lines += [f"**{p.label}** ({len(items)} items):" if en else f"**{p.label}**（共{len(items)}项）：", ""]
        for item in items:
            citations.append(item.citations[0])
            lines.append(f"{len(citations)}. {item.label} [{len(citations)}]")
        lines.append("")
        shown = {id(c) for c in citations}
        support += [c for c in a.citations if id(c) not in shown][:1]  # the heading the items stand under
        out_parts.append(Part(label=p.label, value="；".join(item.label for item in items),
                              citations=[item.citations[0] for item in items]))
    if not citations:
        return Answer(text=("The documents answer none of the parts of this question." if en else "语料中没有该问题各部分的内容。")
                      + "\n\n" + "\n".join(lines), refused=True, language=language, shape="compare", parts=out_parts)
    return Answer(text="\n".join(lines).rstrip(), refused=False, citations=citations + support, language=language,
                  shape="compare", parts=out_parts)


def _one_figure_one_part(answered: list[tuple[PartQuestion, Answer]]) -> list[tuple[PartQuestion, Answer]]:
    """Two parts answered by the same figure (吸引参与企业不少于50家 for 参与企业 and for 智能体)
    cannot both be right: it stays with the part whose own noun its phrase names; the other
    part is not stated."""
    by_figure: dict[tuple[str, int], list[int]] = {}
    for n, (_, a) in enumerate(answered):
        if not a.refused and a.targets and a.parts == []:
            by_figure.setdefault((a.targets[0].doc_id, a.targets[0].value_start), []).append(n)
    out = list(answered)
    for group in (g for g in by_figure.values() if len(g) > 1):
        t = answered[group[0]][1].targets[0]
        named = [n for n in group if (head := asked_head(analyse(answered[n][0].question))) and head in t.indicator]
        if len(named) != 1:
            # 小巨人企业 and 单项冠军企业 share their head: the words that tell the parts apart decide
            named = [n for n in group if any(w in t.quote for w in _own_words(answered[n][0].label, [answered[k][0].label for k in group if k != n]))]
        keep = named[0] if len(named) == 1 else None
        for n in group:
            if keep is not None and n != keep:
                p, a = out[n]
                out[n] = (p, Answer(text="", refused=True, language=a.language, shape="value"))
    return out


def _own_words(label: str, others: list[str]) -> list[str]:
    """The words of one part's label that no other part's label has (单项冠军 of 国家级制造业单项冠军企业)."""
    return [w for w in words(label) if len(w) >= 2 and not any(w in o for o in others)]


def _year_source(a: Answer, main: Citation) -> list[Citation]:
    """The span that states a figure's year when its own quote does not: a table row's year
    stands in the header row, a sentence's in the 到2020年底 that opens its paragraph."""
    if not a.deadline or str(a.deadline) in main.quote:
        return []
    return [c for c in a.citations[1:] if str(a.deadline) in c.quote and c.doc_id == main.doc_id][:1]


def _which_higher(answered, en: bool) -> str:
    figures: list[tuple[str, Target]] = [(p.label, a.targets[0]) for p, a in answered
                                         if not a.refused and a.targets and a.targets[0].number is not None]
    if len(figures) != len(answered) or len(figures) < 2:
        return ""
    units = {t.unit.replace("％", "%") for _, t in figures}
    if len(units) != 1:
        return ("The figures are in different units, so they are not compared." if en else "各项单位不同，不作大小比较。")
    label, top = max(figures, key=lambda x: x[1].number)
    if sum(1 for _, t in figures if t.number == top.number) > 1:
        return "The figures are equal." if en else "两者相同。"
    return (f"{label} is higher ({top.value_text})." if en else f"{label}更高（{top.value_text}）。")
