"""Stage 2 — clean: undo the layout artefacts of PDF text extraction.

Only whitespace and page-number markers are ever removed; every content
character is kept in order. (tests/test_clean.py checks this on every file.)

- page numbers: `—2—`, `**— 7 —**`, `-2-` alone on a line or glued to its end;
- hard line breaks and blank lines inside a sentence: lines are joined into
  paragraphs unless the line ends a sentence, is a heading/title, or the next
  line starts a new numbered item, bullet or table row;
- spaces inserted between characters and digits: `32. 7` → `32.7`,
  `20 万个` → `20万个`, `领 先` → `领先`; spaces between two Latin words stay.
"""
from __future__ import annotations

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
        return " "

    return _SPACES.sub(repl, line)


def _is_heading_like(line: str) -> bool:
    """A short line without sentence punctuation: a title, heading, issuer or date."""
    if line.startswith("#"):
        return True
    if "\t" in line:
        return True
    item = ITEM_START.match(line)
    rest = line[item.end():] if item else line  # 一、工作目标: the 、 is numbering, not a sentence
    if not SENTENCE_PUNCT.search(rest) and len(line) <= 80:
        return True
    if not re.search(r"[。；;！？!?]", line) and DOC_TYPE_END.search(line):
        return True
    return False


YEAR_HEADING = re.compile(r"^(?:19|20)\d{2}\s*年[\u4e00-\u9fff]{2,10}$")  # 2021年工作思路
ISSUER_ONLY = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,30}?(?:人民政府办公厅|人民政府|办公厅|办公室|委员会|领导小组|厅|局|委|部|院|中心|协会|联合会)$"
)


def _should_join(prev: str, nxt: str) -> bool:
    if "\t" in nxt or ITEM_START.match(nxt):
        return False
    if YEAR_HEADING.match(nxt) or ISSUER_ONLY.match(nxt):
        return False  # a section heading or a signature line, after a paragraph that lost its 。
    if SENTENCE_END.search(prev):
        return False
    if _is_heading_like(prev):
        return False
    return True


def clean_text(raw: str) -> str:
    """Return the cleaned text of a document (paragraphs separated by one newline)."""
    text = raw.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = PAGE_MARKER.sub("", text)
    lines = [_fix_spaces(line.strip(" \u3000\u00a0\t") if "\t" not in line.strip() else line.strip(" \u3000\u00a0"))
             for line in text.split("\n")]
    paragraphs: list[str] = []
    last_raw_line = ""
    for line in lines:
        if not line.strip():
            continue
        if paragraphs and _should_join(last_raw_line, line):
            sep = " " if _is_ascii_word_char(paragraphs[-1][-1]) and _is_ascii_word_char(line[0]) else ""
            paragraphs[-1] += sep + line
        else:
            paragraphs.append(line)
        last_raw_line = line
    return "\n".join(paragraphs) + ("\n" if paragraphs else "")


def strip_page_markers(raw: str) -> str:
    """The raw text without page-number markers (used by the invariant test)."""
    return PAGE_MARKER.sub("", raw.replace("\r\n", "\n").replace("\r", "\n"))
