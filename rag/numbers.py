"""Numbers in Chinese policy text: parsing value spans and normalising them so
that 20万 = 200,000 = 200000 and 65% = 百分之六十五 compare equal."""
from __future__ import annotations

import re
import unicodedata

CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNIT = {"十": 10, "百": 100, "千": 1000}
MAGNITUDE = {"万亿": 10**12, "千亿": 10**11, "百亿": 10**10, "亿": 10**8, "千万": 10**7, "百万": 10**6, "万": 10**4}

NUM = r"\d+(?:\.\d+)?"
CN_NUM = r"[零〇一二两三四五六七八九十百千]+"
DASH = r"[—–\-~～至到]"
# Measure words and units that follow a value in policy text.
UNIT = (
    r"(?:个百分点|百分点|个工作日|工作日|个月|万元/人|万元/亩|元/人|元/亩|万千瓦时|千瓦时|万千瓦|千瓦|兆瓦|吨标准煤|万吨|吨|平方公里|平方米|亩|公里|千米|"
    r"亿美元|亿元|万元|美元|元|个|家|项|台|套|件|人|名|户|座|条|所|款|种|批|次|倍|位|类|只|辆|张|组|部|县|大|小时|天|年|分(?![钟之])|%|％|‰|"
    r"(?:EFLOPS|PFLOPS|TFLOPS|Gbps|Mbps|GB|TB|PB|kWh/t|Wh/kg|W/kg|mAh/g|mol/L|mg/L|g/cm3|GWh|MWh|mAh|ms|MW|GW|kWh|kW|Ah|μm|nm|mm|ppm|℃|°C)(?![A-Za-z]))"
)
PREFIX_QUALIFIERS = ("≥", "≤", "不低于", "不少于", "不超过", "不高于", "超过", "突破", "达到", "力争", "累计", "至少", "接近", "约", "超", "达", "近", "逾")
# the prefixes among them that bound a figure (不少于10个 is not 10个), shown with it
BOUNDS = ("≥", "≤", "不低于", "不少于", "不超过", "不高于", "超过", "突破", "至少", "接近", "约", "超", "近", "逾")
SUFFIX_QUALIFIERS = ("以上", "左右", "以内", "以下", "上下", "多", "余")

VALUE = re.compile(
    rf"(?P<num>{NUM}(?:\s*{DASH}\s*{NUM})?|{CN_NUM}(?:{DASH}{CN_NUM})?)"
    rf"(?P<mag>万亿|千亿|百亿|亿|千万|百万|万)?"
    rf"(?P<about>多|余)?"  # 1300多名, 40余项
    rf"(?P<unit>{UNIT})?"
    rf"(?P<suffix>以上|左右|以内|以下|上下|多|余)?"
)


def to_halfwidth(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def cn_numeral(s: str) -> float | None:
    """一百二十 → 120, 两 → 2, 三十五 → 35; None if not a numeral."""
    if not s or any(c not in CN_DIGIT and c not in CN_UNIT for c in s):
        return None
    total, current = 0, 0
    for c in s:
        if c in CN_DIGIT:
            current = CN_DIGIT[c]
        else:
            total += (current or 1) * CN_UNIT[c]
            current = 0
    return float(total + current)


def parse_number(s: str) -> float | None:
    s = s.replace(",", "").strip()
    try:
        return float(s)
    except ValueError:
        return cn_numeral(s)


def value_number(num: str, mag: str | None) -> float | None:
    """The numeric value of a span's first number times its magnitude (20, 万 → 200000)."""
    first = re.split(DASH, num)[0]
    n = parse_number(first)
    if n is None:
        return None
    return round(n * MAGNITUDE.get(mag or "", 1), 6)


def fmt_number(x: float) -> str:
    """200000.0 → 200,000; 3.4 → 3.4."""
    if abs(x - round(x)) < 1e-9:
        return f"{int(round(x)):,}"
    return f"{x:,.6f}".rstrip("0").rstrip(".")


ANY_NUMBER = re.compile(rf"\d[\d,]*(?:\.\d+)?\s*(?:万亿|千亿|百亿|亿|千万|百万|万)?|百分之{CN_NUM}|{CN_NUM}(?:万亿|亿|万)")


def numbers_in(text: str) -> set[float]:
    """Every number a text states, in all the forms it could be written:
    20万 → {20, 200000}; 200,000 → {200000}; 百分之六十五 → {65}."""
    text = to_halfwidth(text)
    out: set[float] = set()
    for m in re.finditer(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(万亿|千亿|百亿|亿|千万|百万|万)?", text):
        n = float(m.group(1).replace(",", ""))  # 200,000: thousands separators only
        out.add(round(n, 6))
        if m.group(2):
            out.add(round(n * MAGNITUDE[m.group(2)], 6))
    for m in re.finditer(rf"百分之({CN_NUM})", text):
        n = cn_numeral(m.group(1))
        if n is not None:
            out.add(n)
    for m in re.finditer(rf"({CN_NUM})(万亿|亿|万)", text):
        n = cn_numeral(m.group(1))
        if n is not None:
            out.add(n)
            out.add(n * MAGNITUDE[m.group(2)])
    return out


def answer_numbers(text: str) -> set[float]:
    """Numbers written in an answer (Arabic numerals only, as we write them)."""
    return {n for n in numbers_in(re.sub(r"\[\d+\]", "", text))}


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with "…", never inside a number (城镇新增就业1… would
    state a 1 the source does not)."""
    if len(text) <= limit:
        return text
    cut = limit
    run = re.search(r"[\d.,]+$", text[:cut])
    if run and re.match(r"[\d.,%％]", text[cut]):
        cut = run.start()
    return text[:cut] + "…"


def unit_kind(unit: str) -> str:
    """money | percent | time | count | other — to tell 多少亿元 from a share in %."""
    if re.search(r"元", unit):
        return "money"
    if re.search(r"%|％|‰|千分点|百分点|比重|占比|率", unit):
        return "percent"
    if re.search(r"工作日|天|小时|分钟|个月|周$|日$|^年$", unit):
        return "time"  # 8个工作日, 30天: how long something takes
    if re.search(r"[个家项台套件人名户座条所款种批次辆张组部县类]", unit):
        return "count"
    return "other"


def answers_unit(asked: str, unit: str) -> bool:
    """Whether a figure in `unit` can answer a question that names the unit `asked`: 多少亿元 is
    not answered by a share in %, nor 多少家企业 by 40%; a count may come in another measure
    word (多少个 by 20家)."""
    want, found = unit_kind(asked), unit_kind(unit)
    if want == "money" and found == "money" and "亿" in asked and re.search(r"[/／每](?!年|月)", unit):
        return False  # 多少万亿元 is a total, not a rate per mu or per head (136万元/亩)
    return found not in ("percent", "money") if want == "count" else want == found
