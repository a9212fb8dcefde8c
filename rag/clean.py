"""Stage 2 — clean: undo the layout artefacts of PDF text extraction.

Only whitespace and page-number markers are ever removed; every content
character is kept in order. (tests/test_clean.py checks this on every file.)

- page numbers: `—2—`, `**— 7 —**`, `-2-` alone on a line or glued to its end;
- hard line breaks and blank lines inside a sentence: lines are joined into
  paragraphs unless the line ends a sentence, is a heading/title, or the next
  line starts a new numbered item, bullet or table row;
- spaces inserted between characters and digits: `32. 7` → `32.7`, `5 000万元` → `5000万元`,
  `20 万个` → `20万个`, `领 先` → `领先`; spaces between two Latin words stay.

For PDFs (used by rag.pdf before the text is put together): `layout_lines` finds
the page numbers and the running headers/footers a document repeats on most of
its pages, `continues_title` a title set on two lines; `carry_offsets` maps
offsets of the raw text (page starts, OCR lines) to the cleaned text.
"""
from __future__ import annotations

import math
import re

_DASH = r"[—–\-－]"
_BOLD = r"(?:\*\*)?"
# A page-number marker: dashes around a 1–3 digit number, optionally bold.
PAGE_MARKER = re.compile(
    rf"{_BOLD}\s*{_DASH}{{1,2}}\s*{_BOLD}\s*\d{{1,3}}\s*{_BOLD}\s*{_DASH}{{1,2}}\s*{_BOLD}[ \t\u3000]*$",
    re.MULTILINE,
)
_SPACES = re.compile(r"[ \u3000\u00a0\u2002\u2003\u2009]+")

# Numbering that starts a new clause or list item; a line starting like this is
# never glued to the previous one.
CN_NUM = "一二三四五六七八九十百零〇两"
ITEM_START = re.compile(
    rf"""^(?:
        \#{{1,6}}\s                                  # markdown heading
      | [-*+•·]\s                                     # bullet
      | ——                                            # dash list item
      | [{CN_NUM}]+、                                 # 一、
      | [（(][{CN_NUM}]+[)）]                         # （一） (一)
      | [（(]\d{{1,3}}[)）]                           # （1）
      | \d{{1,3}}(?:[.．](?!\d)|、)                   # 1. 1．1、 (not 4.2%)
      | 第[{CN_NUM}\d]+[章节条]                      # 第三章 第十条
      | 附件 | 注[:：] | 抄送 | 附表
    )""",
    re.VERBOSE,
)
# A line ending like this ends its paragraph.
SENTENCE_END = re.compile(r"[。！？；!?;：:][”\"’」』）)]*$")
SENTENCE_PUNCT = re.compile(r"[。！？；;!?，,：:、]")
DOC_TYPE_END = re.compile(r"(通知|意见|方案|规划|办法|决定|报告|纲要|计划|细则|规定|公告|函|文件)$")


def _is_ascii_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "_%")


def _fix_spaces(line: str) -> str:
    """Remove spaces that PDF extraction put between characters; keep the ones
    that separate two Latin words or numbers (`IPv6 network`, `76.1 *`)."""

    def repl(m: re.Match[str]) -> str:
        s, e = m.start(), m.end()
        left = line[s - 1] if s > 0 else ""
        right = line[e] if e < len(line) else ""
        if not left or not right or left == "\t" or right == "\t":
            return ""
        if re.fullmatch(r"#{1,6}|[-*+•]", line[:s]):
            return " "  # markdown heading / bullet marker keeps its space
        if not left.isascii() or not right.isascii():
            return ""  # next to a CJK character or full-width punctuation
        if left in ".," and right.isdigit() and s >= 2 and line[s - 2].isdigit():
            return ""  # 32. 7 → 32.7
        if left.isdigit() and right == "%":
            return ""
        if re.search(r"(?<![\d.])\d{1,3}$", line[:s]) and re.match(r"\d{3}(?![\dA-Za-z.])", line[e:]) \
                and re.match(r"\d{3}\s*[\u4e00-\u9fff%％]", line[e:]):
            return ""  # 5 000万元 → 5000万元: a space for a thousands separator
        return " "

    return _SPACES.sub(repl, line)


def _is_heading_like(line: str) -> bool:
    """A short line without sentence punctuation: a title, heading, issuer or date."""
    if line.startswith("#"):
        return True
    if "\t" in line:
        return True
    if WRAPPED_ARTICLE.match(line):
        return False  # 第四十五条　县级以上人民政府…在促进制造业高质量发展工作 ⏎ 中有下列行为之一的: a law's article runs on
    item = ITEM_START.match(line)
    rest = line[item.end():] if item else line  # 一、工作目标: the 、 is numbering, not a sentence
    if not SENTENCE_PUNCT.search(rest) and len(line) <= 80:
        return True
    if item and len(line) <= 60 and re.fullmatch(r"[^。；;！？!?，,：:]{1,16}[：:][^。；;！？!?，,：:]+", rest.strip()):
        return True  # 第三节 三片区：龙潭片区、白沙片区、石门片区: a heading that names its parts
    if not re.search(r"[。；;！？!?]", line) and DOC_TYPE_END.search(line):
        return True
    return False


WRAPPED_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇\d]{1,5}条[\s\u3000]*[^。；;！？!?：:]{24,}$")
YEAR_HEADING = re.compile(r"^(?:19|20)\d{2}\s*年[\u4e00-\u9fff]{2,10}$")  # 2021年工作思路
ISSUER_ONLY = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,30}?(?:人民政府办公厅|人民政府|办公厅|办公室|委员会|领导小组|厅|局|委|部|院|中心|协会|联合会)$"
)


# a row of a table written with bars (指标 | 单位 | 绝对数 | 比上年增长%), as Markdown and web pages set them
BAR_ROW = re.compile(r"^[^。；;|｜]*(?:[|｜][^。；;|｜]*){2,}$")
TABLE_CAPTION = re.compile(r"^(?:附)?表\s*\d")
ONE_BAR = re.compile(r"^[^。；;，,|｜]{1,20}[|｜][^。；;，,|｜]{1,20}$")


def is_table_row(line: str) -> bool:
    return "\t" in line or bool(BAR_ROW.match(line.strip()))



# 牵头单位：市工业和信息化局 / 完成时限：2027年12月底前: a line that is one labelled field
FIELD_LINE = re.compile(r"^[\u4e00-\u9fff]{2,6}[：:][^。；;：:]{1,60}$")
FIELD_START = re.compile(r"^[\u4e00-\u9fff]{2,6}[：:](?![^。；;]*[。；;]$)")
# 副厅长　许清源: a short line whose words stand apart by a wide gap is a roster line (a post and a name)
ROSTER_LINE = re.compile(r"^[^。；;，,]{2,24}[\u4e00-\u9fff][\u3000 ]{1,4}[\u4e00-\u9fff]{2,4}$")


def _should_join(prev: str, nxt: str) -> bool:
    if is_table_row(prev) or is_table_row(nxt) or ONE_BAR.match(nxt) or ONE_BAR.match(prev):
        return False  # table rows (tab- or bar-separated) stay one a line
    if "\t" in nxt or ITEM_START.match(nxt):
        return False
    if YEAR_HEADING.match(nxt) or ISSUER_ONLY.match(nxt):
        return False  # a section heading or a signature line, after a paragraph that lost its 。
    if FIELD_LINE.match(prev.strip()) and FIELD_LINE.match(nxt.strip()) or (
            FIELD_START.match(prev.strip()) and FIELD_START.match(nxt.strip())):
        return False  # 牵头单位：… ⏎ 责任单位：… / 发布时间：…10:00 ⏎ 发布地点：…: one field a line
    if FIELD_START.match(prev.strip()) and len(prev.strip()) <= 20:
        return False  # 分类标记：A类 ⏎ 琅工信建〔2026〕12号 / 签发人：周启航: a short header field stands alone (a line broken mid-sentence is full)
    if SENTENCE_END.search(prev):
        return False
    if _is_heading_like(prev):
        return False
    return True


CN_ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"] + [f"十{d}" for d in "一二三四五六七八九"] + ["二十"]
PAREN_LABEL = re.compile(r"[（(]([一二三四五六七八九十]{1,3}|\d{1,2})[)）]")


def _continues_inline_list(paragraph: str, nxt: str) -> bool:
    """申报材料主要包括：（一）…；（二）…；⏎（三）…: a line that carries on the numbering a
    paragraph began inside a sentence belongs to that paragraph, not to a new clause."""
    m = PAREN_LABEL.match(nxt)
    if m is None or paragraph.rstrip().endswith("。"):
        return False
    label = m.group(1)
    previous = str(int(label) - 1) if label.isdigit() else (
        CN_ORDINALS[CN_ORDINALS.index(label) - 1] if label in CN_ORDINALS[1:] else None)
    if previous is None:
        return False
    inline = [x for x in PAREN_LABEL.finditer(paragraph) if x.start() > 0]
    return bool(inline) and inline[-1].group(1) == previous


def clean_text(raw: str) -> str:
    """Return the cleaned text of a document (paragraphs separated by one newline)."""
    text = raw.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = PAGE_MARKER.sub("", text)
    raws = [line.strip(" \u3000\u00a0\t") if "\t" not in line.strip() else line.strip(" \u3000\u00a0") for line in text.split("\n")]
    lines = [_fix_spaces(line) for line in raws]
    paragraphs: list[str] = []
    last_raw_line = last_unfixed = ""
    for line, unfixed in zip(lines, raws):
        if not line.strip():
            continue
        roster = bool(ROSTER_LINE.match(last_unfixed)) and bool(ROSTER_LINE.match(unfixed))
        if paragraphs and not roster and (_should_join(last_raw_line, line) or _continues_inline_list(paragraphs[-1], line)):
            sep = " " if _is_ascii_word_char(paragraphs[-1][-1]) and _is_ascii_word_char(line[0]) else ""
            paragraphs[-1] += sep + line
        else:
            paragraphs.append(line)
        last_raw_line, last_unfixed = line, unfixed
    return "\n".join(paragraphs) + ("\n" if paragraphs else "")


def strip_page_markers(raw: str) -> str:
    """The raw text without page-number markers (used by the invariant test)."""
    return PAGE_MARKER.sub("", raw.replace("\r\n", "\n").replace("\r", "\n"))


# ---- page level: PDF layout learned from the document itself -----------------

# A page number alone on a line: —3—, - 3 -, 第3页, 第 3 页 共 12 页, 3/12, 3
_OCR_DASH = r"[—–\-－一]"  # OCR reads the dashes of —3— as 一 at times
PAGE_NUMBER_LINE = re.compile(
    rf"^(?:{_OCR_DASH}{{1,2}}\s*\d{{1,3}}\s*{_OCR_DASH}{{1,2}}"
    r"|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})$"
)
BARE_NUMBER = re.compile(r"^\d{1,3}$")  # a page number only as a page's first or last line
EDGE_LINES = 3  # running headers and footers stand among a page's first or last lines
RUNNING_SHARE = 0.6  # a line on this share of the pages (and on at least two) is a running header


_PAGE_TOKEN = re.compile(rf"{_DASH}{{1,2}}\d{{1,3}}{_DASH}{{1,2}}|第\d{{1,3}}页(?:共\d{{1,3}}页)?")


def _layout_key(line: str) -> str:
    """A running header may carry the page number at either end:
    浙江省人民政府公报 —3— → 浙江省人民政府公报#. Other digits stay: dates differ."""
    tokens = line.split()
    if len(tokens) > 1:  # a bare number only counts when it stands apart: 公报 3
        for i in (0, -1):
            if BARE_NUMBER.match(tokens[i]):
                tokens[i] = "#"
    key = "".join(tokens)
    return re.sub(rf"^(?:{_PAGE_TOKEN.pattern})|(?:{_PAGE_TOKEN.pattern})$", "#", key)


def layout_lines(pages: list[list[str]]) -> list[set[int]]:
    """For each page, the indexes of its layout lines: page numbers and running
    headers/footers that repeat among the edge lines of most pages. Content is never
    a layout line: a table row (tabs) or a line found on fewer pages stays."""
    def edges(lines: list[str]) -> list[int]:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        return sorted(set(filled[:EDGE_LINES] + filled[-EDGE_LINES:]))

    seen: dict[str, int] = {}
    for lines in pages:
        for key in {_layout_key(lines[i]) for i in edges(lines) if "\t" not in lines[i]}:
            seen[key] = seen.get(key, 0) + 1
    needed = max(2, math.ceil(len(pages) * RUNNING_SHARE))
    running = {key for key, n in seen.items() if n >= needed and key}
    out = []
    for number, lines in enumerate(pages):
        drop = set()
        filled = [i for i, line in enumerate(lines) if line.strip()]
        # the first page's top is the title block (红头, 文号, title): a line there that
        # later pages repeat as their running header is the title itself, and stays
        title_block = set(filled[:EDGE_LINES]) if number == 0 else set()
        for i in edges(lines):
            line = re.sub(r"\s+", " ", lines[i]).strip()
            if "\t" in lines[i]:
                continue
            outermost = i in (filled[0], filled[-1])
            if PAGE_NUMBER_LINE.match(line) or (outermost and BARE_NUMBER.match(line)) or (
                    _layout_key(line) in running and i not in title_block):
                drop.add(i)
        out.append(drop)
    return out


_NO_SENTENCE = re.compile(r"^[^。！？；;!?，,：:]{4,60}$")


def continues_title(first: str, second: str) -> bool:
    """A title set on two lines: 关于印发浙江省全球先进制造业基地建设 / “十四五”规划的通知.
    The first line has no sentence punctuation and no document-type ending; the second
    one ends with it (通知, 意见, 方案 …)."""
    first, second = first.strip(), second.strip()
    if not _NO_SENTENCE.match(first) or not re.match(r"^[^。！？；;!?，,：:]{2,40}$", second):
        return False
    if DOC_TYPE_END.search(first) or not DOC_TYPE_END.search(second) or ITEM_START.match(second):
        return False
    if "关于" in second or re.search(r"(?:号|文件)$", first):  # a whole title after a 文号 or 红头
        return False
    return "关于" in first or len(first) >= 12


# ---- offsets through cleaning ------------------------------------------------


def _content_count(raw: str) -> int:
    """Characters that cleaning keeps: all but whitespace, the BOM and page markers."""
    text = raw.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = PAGE_MARKER.sub("", text)
    return sum(1 for ch in text if not ch.isspace())


def carry_offsets(raw: str, cleaned: str, offsets: list[int], ends: bool = False) -> list[int]:
    """Map offsets of `raw` to offsets of `clean_text(raw)`.

    Cleaning keeps every content character in order (the invariant tested on every
    corpus file), so the n-th content character of the raw text is the n-th of the
    cleaned one. Offsets should stand at line boundaries (page starts, line ends), as
    a page marker is recognised one line at a time. An offset maps to its first content
    character at or after it (len(cleaned) when none follows); with `ends`, to just
    after the last content character before it (the end of a span)."""
    positions = [i for i, ch in enumerate(cleaned) if not ch.isspace() and ch != "\ufeff"]
    order = sorted(range(len(offsets)), key=lambda i: offsets[i])
    out = [0] * len(offsets)
    count, done = 0, 0
    for i in order:
        offset = max(0, min(offsets[i], len(raw)))
        count += _content_count(raw[done:offset]) if offset > done else 0
        done = max(done, offset)
        if ends:
            out[i] = positions[count - 1] + 1 if count else 0
        else:
            out[i] = positions[count] if count < len(positions) else len(cleaned)
    return out
