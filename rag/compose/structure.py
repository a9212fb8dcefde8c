"""A document's structure, read for lists: a heading's section and its children
(一、 → （一）（二）…, 1. 2. 3., the paragraphs of an unnumbered section, table rows), the
document's top-level parts, the targets under a goals clause, and the purpose sentence a
document opens with. Pure functions of the clauses; which heading a question asks for is
lists.py's business."""
from __future__ import annotations

import re

from ..clauses import ANNEX, label_level, table_cells
from ..numbers import clip
from ..read import Reader
from ..targets import sentences
from ..types import Clause
from .items import FIGURE, target_segments

STATEMENTS_FOLLOW = re.compile(r"(?:下列|以下|如下)[^。：:]{0,8}[：:]\s*$")
# (总量目标未能实现 / 主要指标完成情况: a report on how goals went is not where they are set)
GOAL_HEADING = re.compile(r"目标(?!\s*(?:未能|未|没有|完成|实现情况|进展|达成情况|执行情况))|(?:发展|战略|功能|总体)定位|"
                          r"(?:主要|预期|关键|核心|发展)指标(?!\s*(?:完成|实现|进展|执行))|指标体系")


def top_level(reader: Reader, doc_id: str) -> list[Clause]:
    """A document's outermost numbered clauses (一、二、三…), before any 附件 (an annex has its own)."""
    clauses = reader.clauses_by_doc[doc_id]
    annex = next((n for n, c in enumerate(clauses) if c.kind == "heading" and ANNEX.match(c.text)), len(clauses))
    numbered = [(label_level(c), c) for c in clauses[:annex]
                if label_level(c) is not None and c.path[:1] not in (["文首"], ["文末"], ["落款"])]
    if not numbered:
        return []
    top = min(level for level, _ in numbered)
    tops = [c for level, c in numbered if level == top]
    # 一是…二是… under unnumbered run-in headings (大力推动…。一是…): the headings are the parts
    parents = [p for p in dict.fromkeys(tuple(c.path[:-1]) for c in tops) if p and p[0] not in ("文首", "正文")]
    if len(parents) >= 2 and all(len(c.path) >= 2 for c in tops):
        leads = [next((c for c in reader.clauses_by_doc[doc_id] if tuple(c.path) == p), None) for p in parents]
        if all(leads):
            return leads
    return tops


def position(clause: Clause) -> int:
    return int(clause.clause_id.rsplit(":", 1)[1])


def section(reader: Reader, anchor: Clause) -> list[Clause]:
    """The clauses under a heading: those after it until the next clause numbered at its
    level or above (or the end matter)."""
    level = label_level(anchor)
    clauses = reader.clauses_by_doc[anchor.doc_id]
    out = []
    for c in clauses[position(anchor) + 1:]:
        if c.path[:1] in (["文末"], ["落款"]):
            break
        own = label_level(c)
        if own is not None and level is not None and own <= level:
            break
        if level is None and own is not None:
            break  # a plain paragraph has no children but its enumeration
        out.append(c)
    return out


def item_text(clause: Clause, text: str, whole: bool = False) -> tuple[str, int, int]:
    """What an item says, shortly: its own heading (1.加快开发智能化新产品), else its lead
    sentence; and the span it is quoted by."""
    s, e = clause.start, clause.end
    spans = sentences(text[s:e], s, full=True)
    first = spans[0] if spans else (s, e)
    if len(spans) > 1 and first[1] - first[0] <= 24:
        first = (first[0], spans[1][1])  # （一）加强组织领导。 is quoted with the sentence that says how
    own = clause.path[-1] if clause.path else ""
    head = own if own and clause.text.replace("**", "").startswith(own.rstrip("…")[: max(1, len(own) - 1)]) else ""
    body = re.sub(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．])\s*", "", text[s:e].replace("**", "")).strip()
    if whole and head and len(body) <= 80 and len([x for x in re.split(r"[。；;]", body) if x.strip()]) == 1:
        head = body  # 符合下列条件：（三）近三年内未发生…事故，未被列入…名单；: a condition is its whole sentence
    if clause.label and (not head or head.endswith("…")):  # a heading cut short in the path: its whole phrase
        head = re.split(r"[。；;：:]", clause.text, maxsplit=1)[0]
    label = head or text[first[0]: first[1]]
    label = re.sub(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]|[一二三四五六七八九十]{1,3}是)\s*", "", label.replace("**", ""))
    label = label.rstrip("。；;：:")
    if len(label) > 80:
        label = label[:80] + "…"
    return label, first[0], first[1]


# 第三节 三片区：龙潭片区、白沙片区、石门片区 / 两翼：临港物流翼和资源保障翼: a heading that names its parts
NAMED_PARTS = re.compile(r"[^。；;，,！？：:]{1,30}[：:]\s*([^：:。；;，,！？（）()]{4,80}?)\s*$")


def heading_parts(reader: Reader, anchor: Clause) -> list[tuple[str, Clause, int, int]]:
    """The parts a heading line names after its colon, each with its own offsets."""
    if anchor.kind not in ("heading", "item"):
        return []
    text = reader.texts[anchor.doc_id]
    line_end = text.find("\n", anchor.start, anchor.end)
    m = NAMED_PARTS.match(text, anchor.start, anchor.end if line_end < 0 else line_end)
    if m is None:
        return []
    names = m.group(1)
    cut = r"、" if "、" in names else r"和|与|及"
    spans, pos = [], m.start(1)
    for piece in re.split(rf"({cut})", names):
        if not re.fullmatch(cut, piece):
            spans.append((piece.strip(), pos, pos + len(piece)))
        pos += len(piece)
    if len(spans) < 2 or not all(2 <= len(name) <= 16 for name, _, _ in spans):
        return []
    return [(name, anchor, a, b) for name, a, b in spans]


def children(reader: Reader, anchor: Clause) -> list[tuple[str, Clause, int, int]]:
    """The items of a heading: the parts its line names (三片区：A、B、C), its outermost numbered
    children, or the paragraphs of an unnumbered section, or the 一是…二是… items of the anchor itself."""
    named = heading_parts(reader, anchor)
    if named:
        return named
    text = reader.texts[anchor.doc_id]
    under = [c for c in section(reader, anchor) if c.kind not in ("table_header", "note")]
    numbered = [(label_level(c), c) for c in under if label_level(c) is not None and c.kind != "table_row"]
    if numbered:
        top = min(level for level, _ in numbered)
        picked = [c for level, c in numbered if level == top]
    else:
        rows = [c for c in under if c.kind == "table_row"]
        picked = rows or [c for c in under if c.kind == "paragraph" and len(c.text) > 4]
    # 应当同时符合下列条件： / 提交以下材料：: each item is a whole statement, not a heading phrase
    whole = bool(STATEMENTS_FOLLOW.search(anchor.text))
    items = []
    for c in picked:
        if c.kind == "table_row":
            items.append((row_name(c), c, c.start, c.end))
        else:
            label, s, e = item_text(c, text, whole)
            items.append((label, c, s, e))
    return items


def row_name(row: Clause) -> str:
    """A table row's name: its 指标/名称/项目 column, else its longest non-numeric cell."""
    for key, value in row.fields.items():
        if re.search(r"指标|名称|项目|内容|任务", key) and value:
            return value
    cells = [v for k, v in row.fields.items() if v and not re.fullmatch(r"[\d.%％\s~—-]+", v) and k not in ("类别", "属性", "序号", "注")]
    return max(cells, key=len) if cells else table_cells(row.text)[0][0]


# 为推动…高质量发展，建设…，制定本措施: the purpose a document opens with states its aims
PURPOSE = re.compile(r"^为(?:了)?(?P<aims>.{8,}?)[，,]\s*(?:结合[^，,。]{2,30}[，,]\s*)?(?:特|现|特此|经研究)?(?:制定|制订|出台|印发)(?:本|如下|以下)")


def purpose_sentence(clause: Clause) -> tuple[str, int, int] | None:
    """The aims of a document's purpose sentence, with the sentence's span (None if it has none)."""
    if clause.kind not in ("paragraph", "item"):
        return None
    m = PURPOSE.match(clause.text.lstrip())
    if m is None:
        return None
    lead = len(clause.text) - len(clause.text.lstrip())
    end = clause.text.find("。", m.end())
    end = clause.start + (end + 1 if end >= 0 else len(clause.text))
    aims = re.sub(r"^(?:进一步|深入|全面|加快)+", "", m.group("aims"))
    return aims, clause.start + lead, end


def goal_items(reader: Reader, anchor: Clause) -> list[tuple[str, Clause, int, int]]:
    """A goals clause's targets: per paragraph, its lead (打造数字化转型引领区) with the
    sentences that state a figure or a deadline; a paragraph without a lead gives each such
    sentence (split at ；too, one target each); an indicator table gives its rows. Under a goals
    heading every sentence is a goal; elsewhere only those with a figure or a deadline."""
    text = reader.texts[anchor.doc_id]
    out = []
    under = section(reader, anchor)
    headed = bool(anchor.path) and bool(GOAL_HEADING.search(anchor.path[-1]))
    if label_level(anchor) is None:
        # a run-in goals paragraph (今年发展主要预期目标是：…) reaches to the end of its own topic
        own = [c for c in under[:3] if c.path == anchor.path][:2]
        # 到2030年，…。then ——产业规模持续壮大。…: the dash items that follow state its targets
        clauses = reader.clauses_by_doc[anchor.doc_id]
        rest = clauses[position(own[-1] if own else anchor) + 1:]
        dashes = []
        for c in rest:
            if c.label != "——" or c.path[: len(anchor.path)] != anchor.path:
                break
            dashes.append(c)
        under = own + dashes
    # goals stated as led paragraphs (——全球先进制造新支点。…): the opening sentence is one item
    led = sum(1 for c in under if c.kind != "table_row" and c.path and c.text.replace("**", "").lstrip("—一- ").startswith(c.path[-1][:4]))
    caption = bool(re.match(r"\s*(?:附)?表\s*\d", anchor.text))  # 表1 …主要指标 names the table; it is not a target
    if caption:  # …and it heads its table only, not the paragraphs after it
        rows = [c for c in under if c.kind in ("table_row", "table_header", "note")]
        under = under[: next((n for n, c in enumerate(under) if c.kind not in ("table_row", "table_header", "note")), len(under))] if rows else under
    for c in ([] if caption else [anchor]) + under:
        if c.kind in ("table_header", "note", "heading") and c is not anchor:
            continue
        if c.kind == "table_row":
            out.append((row_name(c), c, c.start, c.end))
            continue
        lead = c.path[-1] if c.path and c is not anchor and c.text.replace("**", "").lstrip("—一- ").startswith(c.path[-1][:4]) else ""
        figures = []
        for s, e in sentences(text[c.start:c.end], c.start):
            sentence = text[s:e].replace("**", "")
            body = re.sub(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．])?\s*[^。；：:，,]{0,12}(?:目标|指标)(?:是|为)?[。：:]?", "", sentence) if c is anchor else sentence
            if lead and sentence.lstrip("—一- ").startswith(lead):
                continue
            # (the years of a cited 《…（2025—2027年）》 or a bare year state no target)
            stated = bool(re.search(r"\d|到\s*20|力争|基本|达到|形成|建成|突破|超过|以上",
                                    re.sub(r"《[^》]*》|(?<!到)(?:19|20)\d{2}\s*[—–\-~年]", "", body)))
            if len(body.strip("。；; ")) < 6 or not (stated or headed):
                continue
            body = body.strip().rstrip("。；;")
            if (c is anchor and led >= 2) or not FIGURE.search(body):
                figures.append((clip(body, 160), s, e))  # one item, not its clauses
            else:
                figures += target_segments(body, text, s, e)
        if lead:
            label = lead.rstrip("。") + ("：" + "；".join(f for f, _, _ in figures) if figures else "")
            end = figures[-1][2] if figures else c.end
            out.append((clip(label, 200), c, c.start, end))
        else:
            out += [(clip(f, 160), c, s, e) for f, s, e in figures]
    return out


def table_categories(reader: Reader, doc_id: str) -> dict[str, list[Clause]]:
    """An indicator table's groups: the value of its first column when that column names a
    group over several rows (类别: 技术创新 × 2 rows, 产业结构 × 2 rows), with the group's rows."""
    groups: dict[str, list[Clause]] = {}
    for row in reader.clauses_by_doc[doc_id]:
        if row.kind != "table_row" or not row.fields:
            continue
        first = next(iter(row.fields.values()))
        if 2 <= len(first) <= 12 and not re.search(r"\d", first):
            groups.setdefault(first, []).append(row)
    # a first column of row names is not a grouping: every group would hold one row
    return groups if sum(len(rows) >= 2 for rows in groups.values()) >= 2 else {}


def annexes(reader: Reader, doc_id: str) -> list[tuple[str, list[Clause]]]:
    """A document's annexes (附件 …) that have parts of their own: each annex's title (the text
    after 附件： and the title lines under it) and its outermost numbered clauses."""
    clauses = reader.clauses_by_doc[doc_id]
    starts = [n for n, c in enumerate(clauses) if c.kind == "heading" and ANNEX.match(c.text)]
    out = []
    for i, first in enumerate(starts):
        body = clauses[first + 1: starts[i + 1] if i + 1 < len(starts) else len(clauses)]
        title = ANNEX.sub("", clauses[first].text.replace("**", ""), count=1).strip()
        for c in body:  # 附件 ⏎ 杭州市加快建设…的 ⏎ 若干政策举措: the annex's title lines
            if c.kind != "heading" or c.label:
                break
            title += c.text.replace("**", "").strip()
        numbered = [(label_level(c), c) for c in body if c.label and label_level(c) is not None]
        if len(numbered) >= 2:
            top = min(level for level, _ in numbered)
            out.append((title, [c for level, c in numbered if level == top]))
    return out
