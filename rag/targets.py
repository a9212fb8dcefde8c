"""指标库: every quantitative target and reported figure in a clause.

A value is a number with a unit, magnitude or qualifier (20万个以上, 65%以上,
3—5家, 突破2万亿元, 不低于30%). Its deadline is the nearest 到20XX年 before it
in the same clause (or a year in the clause's headings, such as 2020年工作成效);
its indicator is the phrase it stands in. Table rows give one value per year
column, with the table's 注 footnote symbols explained ([]=5年累计, *=2019年数值).
"""
from __future__ import annotations

import re

from .clauses import table_cells
from .clean import TABLE_CAPTION
from .numbers import PREFIX_QUALIFIERS, VALUE, value_number
from .types import Clause, Target

SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
FULL_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
SUBCLAUSE_BREAK = re.compile(r"[，,；;。：:！？]")
BASE_YEAR_LEAD = re.compile(r"(?:比|较|相比|同比|与|跟)\s*$")
YEAR_MARK = re.compile(r"(到|至|截至|截止到?|力争到?|预计到?)?\s*((?:19|20)\d{2})\s*年(底|末|前)?")
REVIEW_HEADING = re.compile(r"发展基础|工作成效|成效|回顾|现状|进展情况|取得.{0,4}成绩")  # sections that report, not plan
TARGET_WORDS = re.compile(r"力争|目标|争取|预计|计划|将|到(?:19|20)\d{2}年")
YEAR_COLUMN = re.compile(r"((?:19|20)\d{2})\s*年?")
UNIT_IN_NAME = re.compile(r"[（(]\s*([^()（）]{1,8})\s*[)）]\s*$")


def sentences(text: str, base: int = 0, full: bool = False) -> list[tuple[int, int]]:
    """Sentence spans (absolute offsets) split at 。；！？ (full=True: at 。！？ only,
    so items after ； keep the subject and period that opened the sentence)."""
    spans = []
    for m in (FULL_SENTENCE if full else SENTENCE).finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            spans.append((base + s, base + e))
    return spans


def _is_value(text: str, m: re.Match[str]) -> bool:
    num, mag, unit, suffix = m.group("num"), m.group("mag"), m.group("unit"), m.group("suffix") or m.group("about")
    before = text[max(0, m.start() - 8) : m.start()].replace("**", "")
    after = text[m.end() : m.end() + 1]
    if not num[0].isdigit():  # 一批, 十大, 两化: Chinese numerals count only with a magnitude
        if not mag or (not unit and after == "级"):
            return False  # (百亿级产业集群 is a class of cluster, not a figure)
    if re.fullmatch(r"(?:19|20)\d{2}", num) and (unit == "年" or not (unit or mag or suffix)):
        return False  # a year, not a value
    if (before[-1:].isascii() and before[-1:].isalpha()) or (after.isascii() and after.isalpha() and not unit):
        return False  # IPv6, 5G
    if before.endswith("第"):
        return False
    if unit == "年" and not mag and not re.search(r"期限?(?:为|是)?(?:不超过|最长|最多)?$|(?:最长|最多)(?:不超过)?$", before):
        return False  # 3年 is rarely asked, unless it says how long a term lasts (贴息期限不超过2年)
    qualified = any(before.endswith(q) for q in PREFIX_QUALIFIERS)
    return bool(unit or mag or suffix or qualified)


def _qualifier(text: str, start: int, suffix: str | None, about: str | None = None) -> str:
    window = text[max(0, start - 8) : start].replace("**", "")
    prefix = next((q for q in PREFIX_QUALIFIERS if window.endswith(q)), "")
    return "".join(x for x in (prefix, about or "", suffix or "") if x)


def _heading_year(clause: Clause) -> int | None:
    for heading in reversed(clause.path):
        m = re.search(r"((?:19|20)\d{2})\s*年", heading)
        if m:
            return int(m.group(1))
    return None


def _note_meanings(note: str) -> dict[str, str]:
    """注:#为扣除国家单列项目;[]为5年累计;\\*为2019年数值。 → {'#': …, '[]': …, '*': …}"""
    body = re.sub(r"^注\s*[:：]", "", note).rstrip("。")
    out = {}
    for part in re.split(r"[;；]", body):
        m = re.match(r"\s*(.+?)\s*为\s*(.+)", part)
        if m:
            out[m.group(1).replace("\\", "")] = m.group(2).strip()
    return out


# a cell that states a quantity: 300万元, 36, 不超过…的20%
# (24个月 is a time, not 24个: the longer units first)
CELL_FIGURE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?\s*(?:%|％|个月|个工作日|工作日|小时|天|[万亿千百]*元|[个家项台套件人名条座所次]|[万亿]?[台套个])?")


def table_caption(clause: Clause) -> str:
    """The caption a table row stands under (表3　2025年各设区市主要工业指标完成情况), or ''."""
    return next((h for h in clause.path[:-1] if TABLE_CAPTION.match(h)), "")


def caption_year(clause: Clause) -> int | None:
    """The year a table row's caption names (表2　澄湾区、望岭区2028年主要目标 → 2028)."""
    m = re.search(r"((?:19|20)\d{2})\s*年", table_caption(clause))
    return int(m.group(1)) if m else None


def _cell_targets(clause: Clause, name: str, unit: str, cells: list[str], offsets: list[int]) -> list[Target]:
    """A table without year columns (支持标准: 申报方向 | 支持比例 | 单个项目最高支持额度; 推荐名额: 城市 | 名额):
    each figure cell answers for its row and its column, 工业大模型创新应用项目 + 单个项目最高支持额度."""
    out = []
    # 表2　澄湾区、望岭区2028年主要目标: the year a table of targets is for is every cell's deadline
    # (a statistics table's year, 表1 2024年年末人口数, leaves its cells as reported figures)
    caption = table_caption(clause)
    year = caption_year(clause) if re.search(r"目标|预期|计划", caption) else None
    for i, (header, raw) in enumerate(zip(clause.fields, cells)):
        if raw.strip() == name.strip() or header in ("序号", "编号") or not raw.strip():
            continue
        m = CELL_FIGURE.search(raw)
        if not m or re.fullmatch(r"(?:19|20)\d{2}", m.group().strip()):
            continue
        column_unit = UNIT_IN_NAME.search(header)
        value = m.group().strip()
        s = offsets[i] + m.start()
        # 产业链 | 链长 | 2027年目标产值: a column that names its target year gives its cells that year
        column_year = re.match(r"((?:19|20)\d{2})\s*年[底末]?(?=.{0,4}(?:目标|预期|计划))", header.strip())
        # (2025年实际 | 2020年基期 | 2025年决算数: a column that names its year gives its cells that year)
        reported_year = re.match(r"((?:19|20)\d{2})\s*年(?:度)?[底末]?(?=[\u4e00-\u9fff])", header.strip())
        cell_year = int(column_year.group(1)) if column_year else year
        out.append(Target(
            doc_id=clause.doc_id, clause_id=clause.clause_id, deadline=cell_year or (int(reported_year.group(1)) if reported_year else None),
            indicator=f"{name}{header}", value_text=value, number=float(re.match(r"\d+(?:\.\d+)?", value).group()),
            unit=re.sub(r"^[\d.\s]+", "", value) or (column_unit.group(1) if column_unit else unit),
            qualifier=next((q for q in ("以上", "左右", "以内", "以下") if q in raw), ""),
            quote=clause.text, start=clause.start, end=clause.end, is_target=cell_year is not None,
            value_start=s, value_end=s + len(m.group().rstrip()),
        ))
    return out


def _table_targets(clause: Clause, doc_text: str) -> list[Target]:
    fields = clause.fields
    name_key = next((k for k in fields if "指标" in k or "名称" in k or k.strip() in ("项目", "项目类别")), None)
    indicator = fields.get(name_key, "") if name_key else clause.path[-1]
    unit_m = UNIT_IN_NAME.search(indicator)
    # 规上工业亩均增加值(万元/亩), else a 单位 column (上云企业数 | 家)
    unit = unit_m.group(1) if unit_m else next((v.strip() for k, v in fields.items() if k.strip() in ("单位", "计量单位")), "")
    unit = "" if unit in ("—", "-", "/") else unit
    meanings = _note_meanings(fields.get("注", ""))
    split = table_cells(clause.text)
    cells = [c for c, _ in split]
    offsets = [clause.start + at for _, at in split]
    if not any(YEAR_COLUMN.fullmatch(h.strip()) for h in fields):
        return _cell_targets(clause, indicator, unit, cells, offsets)
    out = []
    for i, (header, cell) in enumerate(fields.items()):
        year_m = YEAR_COLUMN.fullmatch(header.strip())
        if not year_m or i >= len(cells):
            continue
        raw = cells[i]
        m = re.search(r"\d+(?:\.\d+)?", raw)
        if not m:
            continue
        year = int(year_m.group(1))
        notes = [meaning for sym, meaning in meanings.items() if sym and all(ch in raw + indicator for ch in sym)]
        for meaning in notes:
            ym = re.search(r"((?:19|20)\d{2})\s*年", meaning)
            if ym and "数值" in meaning:
                year = int(ym.group(1))  # *为2019年数值: the cell is the 2019 value
        first_year = min(int(YEAR_COLUMN.fullmatch(h.strip()).group(1)) for h in fields if YEAR_COLUMN.fullmatch(h.strip()))
        suffix = next((q for q in ("以上", "左右", "以内", "以下") if q in raw), "")
        s = offsets[i] + (len(raw) - len(raw.lstrip()))
        out.append(
            Target(
                doc_id=clause.doc_id,
                clause_id=clause.clause_id,
                deadline=year,
                indicator=indicator + (f"（{'；'.join(notes)}）" if notes else ""),
                value_text=raw.strip(),
                number=float(m.group()),
                unit=unit,
                qualifier=suffix,
                quote=clause.text,
                start=clause.start,
                end=clause.end,
                is_target=int(year_m.group(1)) > first_year,
                value_start=s,
                value_end=s + len(raw.strip()),
            )
        )
    return out


def _local_phrase(sentence: str, matches: list[re.Match[str]], k: int) -> str:
    """The words a value belongs to: from the previous value (or the start of its
    phrase) to the next value (or the end of its phrase). 建成5G基站20万个以上 →
    建成5G基站; 4个世界级和15个优势制造业集群 → 15个: 世界级和…优势制造业集群."""
    m = matches[k]
    left_limit = matches[k - 1].end() if k > 0 else 0
    right_limit = matches[k + 1].start() if k + 1 < len(matches) else len(sentence)
    sub_start = max([b.end() for b in SUBCLAUSE_BREAK.finditer(sentence, 0, m.start())] + [left_limit])
    nb = SUBCLAUSE_BREAK.search(sentence, m.end())
    sub_end = min(nb.start() if nb else len(sentence), right_limit)
    left = sentence[sub_start : m.start()].strip("、和及与 ")
    raw_right = sentence[m.end() : sub_end]
    # 国家绿色产品215个、绿色工厂164家: what follows 、 belongs to the next value
    right = "" if (left and raw_right[:1] in "、和及与") else raw_right.strip("、和及与 ")
    phrase = (left + ("…" if left and right else "") + right).strip()
    phrase = re.sub(rf"^(?:{'|'.join(PREFIX_QUALIFIERS)})|(?:{'|'.join(PREFIX_QUALIFIERS)})$", "", phrase)
    if GRANT.match(left) and sub_start > 0:
        # 对首次被认定为…“小巨人”企业的，给予一次性奖励100万元: the 对…的 clause before says for whom
        recipient = RECIPIENT.search(sentence[:sub_start])
        if recipient:
            phrase = f"{recipient.group(1)}{phrase}"
    if k > 0 and (CHANGE_OF_PREVIOUS.match(left) or BARE_CHANGE.fullmatch(left)):
        # 实现增加值13214.4亿元，同比增长3.9%: a change refers to the figure just stated
        subject = re.sub(r"[\d.]+.*$", "", _local_phrase(sentence, matches, k - 1))
        phrase = f"{subject}{phrase}"
    return phrase


# a grant (给予…奖励/补助) and the 对…的 clause just before it that names who gets it
GRANT = re.compile(r"(?:按照[^，,；;]{0,20})?(?:给予|奖励|补助|补贴|资助|支持)")
RECIPIENT = re.compile(r"(?:^|[；;。，,]|第[一二三四五六七八九十百\d]+条)\s*(对[^；;。]{2,60}?)[的，,]+\s*$")
CHANGE_OF_PREVIOUS = re.compile(r"(?:同比|比上年|较上年|较去年|比去年|环比)")
# 出口254545亿元，增长7.1%: a bare change right after a figure is that figure's change
BARE_CHANGE = re.compile(r"(?:增长|下降|提高|降低|增加|减少)了?")


RESPECTIVELY = re.compile(r"分别(?:增长|下降|提高|降低|达到?|为|占|是|超过|给予|奖励|补助|补贴|资助)?")


def _figure_run(sentence: str, matches: list[re.Match[str]], before: int, size: int) -> list[int]:
    """The last run of `size` figures joined by 、和及 that ends before `before`."""
    earlier = [k for k, m in enumerate(matches) if m.end() <= before]
    for end in range(len(earlier) - 1, size - 2, -1):
        run = earlier[end - size + 1: end + 1]
        if all(re.fullmatch(r"\s*[、和及与]\s*", sentence[matches[a].end(): matches[b].start()]) for a, b in zip(run, run[1:])):
            return run
    return []


def _respectively(sentence: str, matches: list[re.Match[str]]) -> dict[int, str]:
    """A、B、C增加值分别增长x、y、z: give each value its own subject."""
    out: dict[int, str] = {}
    for r in RESPECTIVELY.finditer(sentence):
        values = [k for k, m in enumerate(matches) if m.start() >= r.end()]
        # the run of values right after 分别, joined by 、 和 及
        run = []
        for k in values:
            gap = sentence[(matches[run[-1]].end() if run else r.end()) : matches[k].start()]
            if run and not re.fullmatch(r"\s*[、和及与,，]\s*", gap):
                break
            if not run and gap.strip():
                break
            run.append(k)
        if len(run) < 2:
            continue
        head_start = max([b.end() for b in SUBCLAUSE_BREAK.finditer(sentence, 0, r.start())] + [0])
        head = sentence[head_start : r.start()]
        parts = [p for p in re.split(r"[、和及与]", head) if p]
        if len(parts) != len(run):
            # 对营业收入首次突破1亿元、5亿元、10亿元的企业，分别给予50万元、150万元、300万元: each grant
            # goes with the figure of the same place in the run of figures before 分别
            conditions = _figure_run(sentence, matches, r.start(), len(run))
            if conditions:
                lead = sentence[max([b.end() for b in SUBCLAUSE_BREAK.finditer(sentence, 0, matches[conditions[0]].start())] + [0]):
                                matches[conditions[0]].start()]
                for k, c in zip(run, conditions):
                    out[k] = f"{lead}{matches[c].group()}{r.group()[2:]}"
            continue
        # a shared tail (…产业增加值) belongs to every subject: 高技术制造业、战略性新兴产业增加值
        tail = ""
        last = parts[-1]
        for word in ("增加值", "产值", "营业收入", "利润", "投资", "比重", "占比"):
            if last.endswith(word) and not parts[0].endswith(word):
                tail = word
        if not tail and all(len(p) == len(parts[0]) for p in parts[:-1]) and len(last) > len(parts[0]) + 1:
            tail = last[len(parts[0]):]  # 东部、中部、西部地区中央承担比例: what follows the last subject is every one's
        verb = r.group()[2:]
        for k, part in zip(run, parts):
            subject = part if part.endswith(tail) else part + tail
            out[k] = f"{subject}{verb}"
    return out


def extract_targets(clause: Clause, doc_text: str) -> list[Target]:
    if clause.kind == "table_row":
        return _table_targets(clause, doc_text)
    if clause.kind in ("table_header", "note"):
        return []
    text = clause.text
    # 较2023年增长15%: 2023 is the base the change is measured from, not the year it is due
    year_marks = [(m.start(), int(m.group(2)), bool(m.group(1)), m.end()) for m in YEAR_MARK.finditer(text)
                  if not BASE_YEAR_LEAD.search(text[max(0, m.start() - 3): m.start()])]
    heading_year = _heading_year(clause)
    reviewing = any(REVIEW_HEADING.search(h) for h in clause.path)
    out: list[Target] = []
    for s, e in sentences(text, full=True):
        sentence = text[s:e]
        if re.search(r"[？?]\s*$", sentence):
            continue  # 这20条产业链全部由省里牵头吗？: a question states no figure
        matches = [m for m in VALUE.finditer(sentence) if _is_value(sentence, m)]
        respectively = _respectively(sentence, matches)
        for k, m in enumerate(matches):
            vstart = s + m.start()
            prior = [mark for mark in year_marks if mark[0] < vstart]
            deadline_span = (-1, -1)
            if prior:
                mark_start, year, is_by, mark_end = prior[-1]
                quote_start = min(s, mark_start)
                deadline_span = (clause.start + mark_start, clause.start + mark_end)
            else:
                year, is_by, quote_start = heading_year, False, s
            # keep the quote to the sentence, extended back to its year if that stands close by
            if quote_start < s and s - quote_start > 200:
                quote_start = s
            indicator = respectively.get(k) or _local_phrase(sentence, matches, k)
            value_text = m.group()
            qualifier = _qualifier(sentence, m.start(), m.group("suffix"), m.group("about"))
            quote_end = clause.start + e
            out.append(
                Target(
                    doc_id=clause.doc_id,
                    clause_id=clause.clause_id,
                    deadline=year,
                    indicator=indicator,
                    value_text=value_text,
                    number=value_number(m.group("num"), m.group("mag")),
                    unit=(m.group("mag") or "") + (m.group("unit") or ""),
                    qualifier=qualifier,
                    quote=doc_text[clause.start + quote_start : quote_end],
                    start=clause.start + quote_start,
                    end=quote_end,
                    is_target=bool(is_by or TARGET_WORDS.search(sentence)) and not reviewing,
                    value_start=clause.start + vstart,
                    value_end=clause.start + vstart + len(value_text),
                    deadline_start=deadline_span[0],
                    deadline_end=deadline_span[1],
                )
            )
    return out
