"""Stage 3 — clauses: the numbered structure of a cleaned document.

Recognised numbering, outermost first:
  第X章 / 第X节, 一、, （一）/(一), 1. / 1、 / 1．, （1）/(1), 第X条, ①;
  markdown `#` headings and short unnumbered heading lines;
  in-paragraph enumerations 一是…二是…; dash list items ——…;
  tab-separated tables (each row a clause carrying its column headers, its
  类别 carried down from the row above, and the table's 注 footnote).

A heading on the same line as its body (`（一）指导思想。深入贯彻…`) is a
heading plus body. Every clause satisfies text == document_text[start:end].
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clean import ONE_BAR, TABLE_CAPTION, is_table_row
from .documents import ISSUER_LINE
from .numbers import clip
from .types import Clause

CN = "一二三四五六七八九十百零〇两"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# (level, pattern) — the label must be at the start of the paragraph content.
LABELS: list[tuple[int, re.Pattern[str]]] = [
    (0, re.compile(rf"第[{CN}\d]+章\s*")),
    (1, re.compile(rf"第[{CN}\d]+节\s*")),
    (2, re.compile(rf"[{CN}]+、\s*")),
    (3, re.compile(rf"[（(]\s*[{CN}]+\s*[)）]\s*")),
    (4, re.compile(r"\d{1,3}(?:[.．](?!\d)|、)\s*")),
    (5, re.compile(r"[（(]\s*\d{1,3}\s*[)）]\s*")),
    (1.5, re.compile(rf"第[{CN}\d]+条\s*")),  # an article holds its own 一、（一） items
    (7, re.compile(rf"[{CIRCLED}]\s*")),
]
UNNUMBERED_HEADING_LEVEL = 2  # a bare heading line sits where 一、 would
ANNEX = re.compile(r"附(?:件|表)\s*\d{0,2}\s*(?:[:：]|$)")
ANNEX_LIST = re.compile(r"(附(?:件|表)\s*[:：]\s*)(1\s*[.．、])(?!\d)")
MARKDOWN_PREFIX = re.compile(r"(?:#{1,6}\s*|[-*+•]\s+)")
ENUM_ITEM = re.compile(rf"(?:(?<=^)|(?<=[。；;！？：:]))\s*([{CN}]{{1,3}})是")
SENTENCE_PUNCT = re.compile(r"[。！？；;!?，,：:、]")
HEAD_END = re.compile(r"[。；;：:！？]")
DATE_ONLY = re.compile(r"^.{0,30}?\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:印\s*发)?$")
CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def cn_to_int(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23 (enough for list numbering)."""
    if not s or any(c not in "零一二三四五六七八九十" for c in s):
        return None
    if "十" not in s:
        return int("".join(str(CN_DIGITS[c]) for c in s)) if len(s) == 1 else None
    tens, _, ones = s.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def _label_number(label: str) -> int | None:
    """（四） → 4, 12. → 12, 一是 → 1."""
    m = re.match(rf"\D*?([{CN}]+|\d+)", label)
    if not m:
        return None
    return int(m.group(1)) if m.group(1).isdigit() else cn_to_int(m.group(1))


@dataclass
class _Draft:
    path: list[str]
    label: str
    start: int
    end: int
    kind: str
    fields: dict[str, str] = field(default_factory=dict)


def _heading_title(label: str, rest: str) -> tuple[str, bool]:
    """(heading text for the path, whether the line is a heading only)."""
    rest_clean = rest.replace("**", "").strip()
    qa = re.match(r"(?:问|问题)\s*\d*\s*[：:]\s*(.{2,60}?[？?])", rest_clean)
    if qa:  # 二十、问：什么时候申报？ — a Q&A's heading is its question
        return label.strip() + rest_clean[: qa.end()].rstrip("？?"), len(rest_clean) == qa.end()
    colon = re.search(r"[：:](?=.)", rest_clean)
    if colon and colon.start() <= 30:
        return label.strip() + rest_clean[: colon.start()], False  # （二）主要目标：到2025年…
    if len(rest_clean) <= 60 and not re.search(r"[。；;！？]", rest_clean.rstrip("。")):
        return (label.strip() + rest_clean.rstrip("。")).strip(), True
    m = HEAD_END.search(rest_clean)
    if m and m.start() <= 30:
        return label.strip() + rest_clean[: m.start()], False
    m = re.search(r"[，,]", rest_clean)
    if m and m.start() <= 30:
        return label.strip() + rest_clean[: m.start()], False
    return label.strip() + rest_clean[:20] + "…", False


def _lead_phrase(text: str) -> str | None:
    """`建设"产业大脑"。建设…` → 建设"产业大脑": the short lead sentence of a paragraph."""
    m = HEAD_END.search(text)
    if text[:1] in "（(《“\"":
        return None
    if m and 2 <= m.start() <= 24 and m.end() < len(text) and not re.search(r"[，,、]", text[: m.start()]):
        return text[: m.start()].replace("**", "")
    return None


def _split_enumeration(text: str, base: int) -> list[tuple[str, int, int]]:
    """Find 一是…二是… items in a paragraph: [(label, start, end)], or [] if the
    paragraph has no run of at least two consecutive items starting at 一是."""
    hits = [(m.group(1), base + m.start(1)) for m in ENUM_ITEM.finditer(text)]
    seq, expect = [], 1
    for label, pos in hits:
        if cn_to_int(label) == expect:
            seq.append((label + "是", pos))
            expect += 1
    if len(seq) < 2:
        return []
    ends = [p for _, p in seq[1:]] + [base + len(text)]
    return [(lab, pos, end) for (lab, pos), end in zip(seq, ends)]


def table_cells(line: str) -> list[tuple[str, int]]:
    """A table row's cells with where each starts in the line: split at tabs, else at bars
    (the outer bars of | a | b | enclose no cell)."""
    bars = "\t" not in line
    sep = re.compile(r"[|｜]" if bars else r"\t")
    out, start = [], 0
    for m in [*sep.finditer(line), None]:
        end = m.start() if m else len(line)
        piece = line[start:end]
        out.append((piece.strip(), start + len(piece) - len(piece.lstrip())))
        start = m.end() if m else end
    if bars and out and not out[0][0]:
        out.pop(0)
    if bars and out and not out[-1][0]:
        out.pop()
    return out


TABLE_UNIT = re.compile(r"^[（(]?\s*(?:金额)?单位\s*[:：]\s*([^\s，,。；;）)]{1,8})\s*[)）]?$")


def _parse_table(lines: list[tuple[int, str]], path: list[str]) -> list[_Draft]:
    header = [h for h, _ in table_cells(lines[0][1])]
    # a header set on two lines (指标 | 全国 ⏎ 城市 | 农村): the second line's words, no figure among
    # them, add the columns the rows have beyond the first line's
    widest = max(len(table_cells(line)) for _, line in lines)
    head_end = 1
    while head_end < len(lines) and len(header) < widest and not re.search(r"\d", lines[head_end][1]):
        header += [h for h, _ in table_cells(lines[head_end][1])]
        head_end += 1
    end = lines[head_end - 1][0] + len(lines[head_end - 1][1])
    drafts = [_Draft(path + ["表头"], "", lines[0][0], end, "table_header")]
    carried: dict[int, str] = {}
    for start, line in lines[head_end:]:
        cells = [c for c, _ in table_cells(line)]
        fields: dict[str, str] = {}
        for i, name in enumerate(header):
            cell = cells[i] if i < len(cells) else ""
            if not cell and i == 0 and carried.get(0):
                cell = carried[0]  # 类别 spans several rows; carry it down
            fields[name or f"列{i + 1}"] = cell
        if cells and cells[0]:
            carried[0] = cells[0]
        # the row's name: the 指标/名称 column, else the first column that is words (not 序号, not a figure)
        name = next(
            (v for k, v in fields.items() if ("指标" in k or "名称" in k or k.strip() in ("项目", "项目类别")) and v),
            next((c for c in cells[1:] if c and not re.fullmatch(r"[\d.*_\[\]%\s]+", c)), line[:20])
            if header and re.search(r"序号|编号|类别|^$", header[0]) else
            next((c for c in cells if c and not re.fullmatch(r"[\d.*_\[\]%\s]+", c)), line[:20]),
        )
        label = next((v for k, v in fields.items() if k in ("序号", "编号") and v), "")
        drafts.append(_Draft(path + [name], label, start, start + len(line), "table_row", fields))
    return drafts


# a transcript's turn: 许清源： / 主持人　周远航： / 岱川日报记者： alone on its line
SPEAKER_LINE = re.compile(r"(?:主持人[\s　]*)?[\u4e00-\u9fff·]{2,20}[：:]")


def _speakers(paragraphs: list[tuple[int, str]]) -> dict[str, str]:
    """The speaker lines of a transcript (a name that takes the floor twice, a 记者, the 主持人), each
    with the line of the front matter that gives its speaker's post (峄阳市人民政府副市长　程立新)."""
    lines = [line.strip() for _, line in paragraphs if SPEAKER_LINE.fullmatch(line.strip())]
    hosted = any(re.search(r"记者[：:]$|^主持人", line) for line in lines)
    if len(lines) < 3 or not (hosted or len(set(lines)) < len(lines)):
        return {}  # (not a transcript: a field named once, 目标：, is no one taking the floor)
    out = {}
    for line in dict.fromkeys(lines):
        name = re.sub(r"^主持人[\s　]*|[：:]$", "", line)
        first = next(n for n, (_, l) in enumerate(paragraphs) if l.strip() == line)
        post = next((l.strip() for _, l in paragraphs[:first] if name in l and len(l.strip()) <= 40
                     and l.strip() != line and not re.search(r"[。，,；;！？!?]", l)), "")
        if post or lines.count(line) >= 2 or re.search(r"记者[：:]$|^主持人", line):
            out[line] = re.sub(r"[\s　]+", " ", post.split("：")[-1]) if post else name
    return out


def parse_clauses(text: str, doc_id: str) -> list[Clause]:
    """Turn a cleaned document text into its clauses, in document order."""
    paragraphs: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append((pos, line))
        pos += len(line) + 1

    drafts: list[_Draft] = []
    stack: list[tuple[int, str]] = []  # (level, heading)
    numbers: dict[int, int | None] = {}  # level → number of the last label seen there
    seen_label = False
    seen_body = False  # a sentence of body text has been read (front matter is over)
    in_end_matter = False
    before_caption: list[tuple[int, str]] = []
    speakers = _speakers(paragraphs)
    i = 0
    while i < len(paragraphs):
        start, line = paragraphs[i]
        # a table: a run of tab- or bar-separated lines (a two-line header may have one bar a line:
        # 指标 | 全国 ⏎ 城市 | 农村 ⏎ 居民消费价格 | 0.2 | 0.2 | 0.3)
        j = i
        while j < len(paragraphs) and (is_table_row(paragraphs[j][1]) or ONE_BAR.match(paragraphs[j][1].strip())):
            j += 1
        if any(is_table_row(p) for _, p in paragraphs[i:j]):
            table = _parse_table(paragraphs[i:j], [h for _, h in stack])
            # 单位：万元 set above a table states the unit of every figure in it (kept last: cells align with fields)
            unit = TABLE_UNIT.match(paragraphs[i - 1][1].strip()) if i else None
            for d in table if unit else ():
                if d.kind == "table_row" and not any(k.strip() in ("单位", "计量单位") for k in d.fields):
                    d.fields["单位"] = unit.group(1)
            drafts.extend(table)
            if stack and TABLE_CAPTION.match(stack[-1][1]):
                stack.pop()  # 表10 …增长速度 heads its table, not the paragraphs after it…
                stack = before_caption or stack  # …which stand in the section the table stood in
                before_caption = []
            i = j
            continue
        i += 1
        prefix = MARKDOWN_PREFIX.match(line)
        cstart = start + (prefix.end() if prefix else 0)
        content = text[cstart : start + len(line)]
        is_markdown_heading = bool(prefix and prefix.group().startswith("#"))
        end = start + len(line)

        if content.startswith("抄送") or (DATE_ONLY.match(content) and seen_label) or (
            in_end_matter and not any(p.match(content) for _, p in LABELS) and not ANNEX.match(content)
        ):  # (附件1 after the signature opens the annex: the end matter is over)
            stack = []  # end matter: 抄送, signature and date lines
            in_end_matter = True
            drafts.append(_Draft(["文末"], "", cstart, end, "paragraph"))
            continue
        in_end_matter = False
        if ISSUER_LINE.match(content.replace("**", "").strip()) and not any(p.match(content) for _, p in LABELS) \
                and not re.search(r"[布格]局$", content.strip()):  # (第三章 空间布局 ends in 局 and is no issuer)
            drafts.append(_Draft(["落款" if seen_body else "文首"], "", cstart, end, "paragraph"))
            continue
        if re.match(r"注\s*[:：]", content) and drafts and drafts[-1].kind == "table_row":
            note = content
            for d in reversed(drafts):
                if d.kind not in ("table_row", "table_header"):
                    break
                d.fields.setdefault("注", note)
            drafts.append(_Draft([h for _, h in stack] + ["注"], "注", cstart, end, "note"))
            continue

        if content.strip() in speakers:
            # a speaker takes the floor: what follows is theirs, under their post and name
            stack = [(UNNUMBERED_HEADING_LEVEL, speakers[content.strip()])]
            drafts.append(_Draft([speakers[content.strip()]], "", cstart, end, "heading"))
            continue
        listed = ANNEX_LIST.match(content)
        if listed:
            # 附件：1.…规范条件 ⏎ 2.…管理办法: a notice's list of its annexes — 附件 heads it, each name is an item
            numbers[4] = 1
            stack = [(UNNUMBERED_HEADING_LEVEL, "附件")]
            drafts.append(_Draft(["附件"], "", cstart, cstart + listed.end(1), "heading"))
            name = content[listed.end(1):].replace("**", "").strip()
            stack.append((4, name))
            drafts.append(_Draft(["附件", name], listed.group(2), cstart + listed.end(1), end, "item"))
            continue
        if ANNEX.match(content):
            # 附件：重点项目表 opens a part of its own, outside the last numbered section
            title = content.replace("**", "").strip().rstrip("。")
            stack = [(UNNUMBERED_HEADING_LEVEL, title)]
            drafts.append(_Draft([title], "", cstart, end, "heading"))
            continue
        level, label = None, ""
        for lv, pat in LABELS:
            m = pat.match(content)
            if m:
                level, label = lv, m.group()
                break
        if level is not None:
            seen_label = True
            title, heading_only = _heading_title(label, content[len(label):])
            number = _label_number(label)
            restarted = number == 1 and bool(stack) and stack[-1][0] == level and (numbers.get(level) or 0) > 1
            numbers[level] = number
            while stack and stack[-1][0] >= level:
                stack.pop()
            if restarted and stack and stack[-1][0] == UNNUMBERED_HEADING_LEVEL and level > UNNUMBERED_HEADING_LEVEL:
                # （一） again after （四） with no new heading: a section whose heading the
                # source lost; the old one (e.g. 2020年工作成效) no longer applies
                stack.pop()
            path = [h for _, h in stack] + [title]
            stack.append((level, title))
            kind = "heading" if heading_only else "item"
            body_start = cstart
        elif is_markdown_heading or (
            len(content) <= 40 and not SENTENCE_PUNCT.search(content) and not DATE_ONLY.match(content)
        ) or (
            # 表2　澄湾区、望岭区2028年主要目标: a table's caption, whatever its punctuation
            TABLE_CAPTION.match(content) and len(content) <= 60 and not re.search(r"[。；;]$", content)
        ) or (
            # a one-sentence line after the body began, in a document without numbered headings:
            # a run-in section heading (under 八、 it is one of the section's sentences)
            seen_body and not seen_label and len(content) <= 40 and re.fullmatch(r"[^。！？；;!?\d]+。", content)
        ):
            title = content.replace("**", "").strip().rstrip("。")
            if not (seen_label or seen_body) and not is_markdown_heading:
                drafts.append(_Draft(["文首"], "", cstart, end, "heading"))
                continue
            if TABLE_CAPTION.match(title):
                before_caption = list(stack)  # (the section a table stands in goes on after it)
            while stack and stack[-1][0] >= UNNUMBERED_HEADING_LEVEL:
                stack.pop()
            stack.append((UNNUMBERED_HEADING_LEVEL, title))
            path = [h for _, h in stack]
            drafts.append(_Draft(path, "", cstart, end, "heading"))
            continue
        else:
            # PDF extraction reads the dash of a dash item as 一 at times (一全国营商环境最优省。): after
            # a dash item, a line opening so is the next one
            misread = (content.startswith("一") and not re.match(r"一[是、，,．.\d]", content)
                       and bool(drafts) and drafts[-1].label == "——")
            if content.startswith("——") or misread:
                label = "——"
            lead = _lead_phrase(content[1:] if misread else content.lstrip("—"))
            path = [h for _, h in stack] + ([lead] if lead else [])
            if not stack and not seen_label and not seen_body:
                path = ["文首"] + path
            elif not path:
                path = ["正文"]  # body text outside any heading
            kind = "paragraph"
            body_start = cstart
            if re.search(r"[。；;！？]", content) and len(content) > 40:
                seen_body = True

        items = _split_enumeration(content, cstart)
        if items:
            lead_text = text[body_start : items[0][1]].strip()
            if not label and 0 < len(lead_text) <= 40 and lead_text.endswith(("。", "：", ":")):
                # 大力推动…改造提升。一是…二是…: the lead sentence heads the items
                path = [p for p in path if p not in ("文首", "正文")] + [lead_text.rstrip("。：:")]
            if items[0][1] > body_start:
                drafts.append(_Draft(path, label, body_start, items[0][1], kind))
            for lab, s, e in items:
                head = _lead_phrase(text[s:e]) or clip(re.split(r"[，,。；;]", text[s:e])[0], 24)
                drafts.append(_Draft(path + [head], lab, s, e, "item"))
        else:
            drafts.append(_Draft(path, label, body_start, end, kind))

    clauses = []
    for n, d in enumerate(drafts):
        s, e = d.start, d.end
        while e > s and text[e - 1].isspace():  # clause text never ends in whitespace
            e -= 1
        clauses.append(
            Clause(
                clause_id=f"{doc_id}:{n:04d}",
                doc_id=doc_id,
                path=d.path,
                label=d.label.strip(),
                text=text[s:e],
                start=s,
                end=e,
                kind=d.kind,
                fields=d.fields,
            )
        )
    return clauses


def label_level(clause: Clause) -> float | None:
    """How deep a clause's own number sits (一、 2, （一） 3, 1. 4 …; 一是 6); an unnumbered
    heading line sits where 一、 would; a plain paragraph has none."""
    if clause.label:
        if re.fullmatch(rf"[{CN}]{{1,3}}是", clause.label):
            return 6
        if clause.label == "——":
            return 6.5
        for level, pattern in LABELS:
            if pattern.match(clause.label):
                return level
        return None
    if clause.kind == "heading" and clause.path[:1] not in (["文首"], ["文末"], ["落款"]):
        return UNNUMBERED_HEADING_LEVEL
    return None
