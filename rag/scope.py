"""Scope of a document and of a piece of evidence: the level (国家/省/市/区县/园区),
the place and the period it speaks for.

A city plan's figure is not its province's, a 2022 目标 is not a 2023 one, and a
national bulletin's total is no province's. The place comes from the title first,
then the issuer, then the 文号's issuing-body prefix (浙政发 → 浙江, 深工信 → 深圳),
then the body; the period from the title's year span (2025—2027年), the plan
period (十四五), the 到20XX年 deadlines, or the year a report is about.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from .lexical import everyday
from .lexicon import english_places, places

PLAN_PERIODS = {"十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}
YEAR_SPAN = re.compile(r"((?:19|20)\d{2})\s*[—–\-~～至到]\s*((?:19|20)\d{2})\s*年?")
NATIONAL = re.compile(r"国务院|中华人民共和国|全国|国家(?:发展|统计|市场|数据|工业|网信|知识)|^(?:商务|财政|工业和信息化|科学技术|教育|人力资源)部|部办公厅|部等")
# 文号 prefixes of national bodies (国发, 国办发, 商办流通函, 工信部…)
NATIONAL_NUMBER = re.compile(r"^(?:国|商|财|工信|发改|科|教|人社|国办|中办)")
# a figure for part of a year (1—10月, 上半年, 前三季度) is not the year's figure
PARTIAL_PERIOD = re.compile(r"\d{1,2}\s*[—–\-~～至到]\s*\d{1,2}\s*月|[上下]半年|前三季度|(?:第|一)?[一二三四1-4]季度")
EN_PARTIAL_PERIOD = re.compile(r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december|"
                               r"quarter|half|months?)\b", re.I)
FULL_YEAR = re.compile(r"全年|年度|full[- ]year|whole year|annual", re.I)
LEVEL_ORDER = {"国家": 0, "省": 1, "市": 2, "区县": 3, "园区": 4}
# 全省/全市/全县 asked: the level of area a figure must speak for
WHOLE_AREA_LEVEL = {"全市": "市", "全省": "省", "全县": "区县", "全区": "区县"}


@dataclass(frozen=True)
class Scope:
    level: str | None  # 国家 | 省 | 市 | 区县 | 园区
    place: str | None  # the most specific place: 杭州 rather than 浙江
    province: str | None  # the province it lies in (None for 国家)
    period: tuple[int, int] | None

    def label(self) -> str:
        """How a related fact is labelled in a refusal: 全省, 杭州市, 全国."""
        if self.level == "国家":
            return "全国"
        if self.level == "省" and self.place:
            return f"{self.place}全省" if self.place not in ("北京", "天津", "上海", "重庆") else f"{self.place}全市"
        if self.place:
            return self.place + ("市" if self.level == "市" and not self.place.endswith("市") else "")
        return "文件"


def _places_in(text: str) -> list[str]:
    """Places named in a text, most specific first, by position within a level."""
    found = [(LEVEL_ORDER.get(p.level, 9), text.find(name), name) for name, p in places().items()
             if p.level != "国家" and name in text]
    # 苏州 contains no 江苏, but 江苏省苏州市 names both: keep the deepest
    return [name for _, _, name in sorted(found, key=lambda x: (-x[0], x[1]))]


def _from_doc_number(doc_number: str | None) -> str | None:
    if not doc_number:
        return None
    prefix = doc_number.split("〔")[0]
    if NATIONAL_NUMBER.match(prefix):
        return "全国"
    first = prefix[:1]
    cities = [p.name for p in places().values() if first in p.short and p.level != "省"]
    provs = [p.name for p in places().values() if first in p.short and p.level == "省"]
    # 浙政发: a province's government; 深工信, 宁数发: a city's bureau. A short form shared by a
    # province and a city (苏 江苏/苏州, 宁 南京/宁夏) is ambiguous: say nothing.
    if len(cities) + len(provs) != 1:
        return None
    return (cities or provs)[0]


# kinds of area (开发区, 示范区, 新区 of a plan, 各区县, 市辖区) and words that end in 区 without naming a district
GENERIC_AREA = re.compile(r"^(?:全|各|本|该|所|城|市|辖|主城|中心城)|(?:示范|开发|园|功能|片|地|试验|先行|自贸|保税|高新|经济|产业|"
                          r"集聚|核心|重点|城|市|辖|社|街|景|湾|特)(?:新)?区$|^新区$|(?:所辖|下辖)")


def _district_in(title: str, issuer: str | None) -> tuple[str, str | None] | None:
    """(district, its city) when a district's or county's own body issues the document
    (青岛市崂山区人民政府办公室) or the title opens with it (崂山区支持…若干政策)."""
    cities = [p.name for p in places().values() if p.level == "市"]
    city_names = "|".join(map(re.escape, sorted(cities, key=len, reverse=True)))
    m = re.search(rf"(?:({city_names})市?)?([\u4e00-\u9fff]{{2,3}}?[区县])(?:人民政府|政府|委员会|管委会|[\u4e00-\u9fff]{{0,4}}局)", issuer or "")
    if m is None or GENERIC_AREA.search(m.group(2)):
        # 岷阳市溧安区人民政府办公室: a district of a city the gazetteer does not know
        m = re.match(r"[\u4e00-\u9fff]{2,3}?市()([\u4e00-\u9fff]{2,3}?[区县])(?:人民政府|政府|委员会|管委会|[\u4e00-\u9fff]{0,4}局)", issuer or "") or m
    if m is None:
        m = re.match(rf"(?:({city_names})市?)?([\u4e00-\u9fff]{{2,3}}?[区县])(?=支持|关于|促进|加快|推进|推动|进一步|扶持|鼓励|[\u4e00-\u9fff]{{2,8}}(?:政策|措施|办法|方案|计划|规划))", title)
    if m is None or GENERIC_AREA.search(m.group(2)) or m.group(2) in places():
        return None
    return m.group(2), m.group(1) or None


def document_scope(title: str, issuer: str | None, doc_number: str | None, body: str,
                   target_years: tuple[int, int] | None, kind: str) -> Scope:
    head = f"{title}\n{issuer or ''}"
    district = _district_in(title, issuer)
    if district is not None:
        name, city = district
        city = city or next((p for p in _places_in(head) if places()[p].level == "市"), None)
        province = places()[city].parent if city else None
        return Scope(level="区县", place=name, province=province, period=_period(title, body, target_years, kind))
    named = _places_in(head)
    place = named[0] if named else None
    if place is None:
        place = _from_doc_number(doc_number)
    if place is None:
        # a place the gazetteer does not know names itself in the title or issuer (河阳市2025年…统计公报,
        # 江屿省人民政府办公厅关于…): its level is its suffix
        # a 政府工作报告 names its place in its dateline or speaker (——在萦山县第十八届人民代表大会…上, 萦山县人民政府县长)
        m = re.match(r"([\u4e00-\u9fff]{2,4}?)(省|市|县)(?=人民政府|政府|[\u4e00-\u9fff\d“])", title) or \
            re.match(r"([\u4e00-\u9fff]{2,4}?)(省|市|县)(?:人民政府|政府|统计局|工业和信息化|发展和改革|经济和信息化)", issuer or "") or \
            re.search(r"(?m)在([\u4e00-\u9fff]{2,4}?)(省|市|县)第[一二三四五六七八九十\d]+届人民代表大会|"
                      r"^([\u4e00-\u9fff]{2,4}?)(省|市|县)人民政府(?:代)?(?:省长|市长|县长)", body[:300])
        name, suffix = ([g for g in m.groups() if g][:2] + [None, None])[:2] if m else (None, None)
        if m and not re.match(r"[全本各我该每]|关于", name):
            level = {"省": "省", "市": "市", "县": "区县"}[suffix]
            return Scope(level=level, place=name, province=name if level == "省" else None,
                         period=_period(title, body, target_years, kind))
    if place is None and NATIONAL.search(head):
        place = "全国"
    if place is None and NATIONAL.search(body[:300]):
        place = "全国"  # 我代表国务院…
    if place is None:
        # an untitled plan names its place in its opening lines (深圳市…)
        opening = _places_in(body[:300])
        place = opening[0] if opening else None
    info = places().get(place) if place else None
    level = info.level if info else None
    if level == "国家":
        place = None
    province = None
    if info is not None:
        province = info.name if info.level == "省" else info.parent
    return Scope(level=level, place=place, province=province, period=_period(title, body, target_years, kind))


def _period(title: str, body: str, target_years: tuple[int, int] | None, kind: str) -> tuple[int, int] | None:
    m = YEAR_SPAN.search(title)
    if m:
        return int(m.group(1)), int(m.group(2))
    for name, span in PLAN_PERIODS.items():
        if name in title:
            return span
    years = [int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", title)]
    if target_years:
        start = min(years) if years else target_years[0]
        return min(start, target_years[0]), target_years[1]
    if years:
        return min(years), max(years)
    return None


# 去年/今年/明年: years relative to the year a report is written in
RELATIVE_YEAR = {"前年": -2, "去年": -1, "上年": -1, "今年": 0, "本年": 0, "当年": 0, "明年": 1,
                 "last year": -1, "this year": 0, "next year": 1}


def relative_years(text: str) -> list[int]:
    """The offsets a question's relative years name (去年 → -1, 今年 → 0), in order."""
    lower = text.lower()
    return [off for word, off in RELATIVE_YEAR.items() if word in lower and not re.search(rf"比{word}", text)]


def partial_period(question: str, evidence: str) -> bool:
    """The evidence speaks of part of a year (1—10月, 上半年) that the question does not ask about."""
    found = [m.group() for m in PARTIAL_PERIOD.finditer(evidence)]
    return bool(found) and not PARTIAL_PERIOD.search(question) and not EN_PARTIAL_PERIOD.search(question)


# 12月当月, 1—2月, 3月份: a part of a year a question asks about by its months
MONTHS_ASKED = re.compile(r"(?:\d{1,2}\s*[—–-]\s*)?\d{1,2}月(?:份|当月|单月)?")


def _flat(text: str) -> str:
    return re.sub(r"\s", "", text).replace("–", "—").replace("-", "—").replace("~", "—")


@lru_cache(maxsize=4096)
def months_named(text: str) -> frozenset[str]:
    """The months a text names (4月, 1—4月), written one way (4月份, 4月当月 → 4月)."""
    return frozenset(re.sub(r"份|当月|单月", "", m.group()) for m in MONTHS_ASKED.finditer(_flat(text)))


def months_unstated(question: str, evidence: str, document: str = "") -> str | None:
    """The months a question asks about (12月当月, 1—2月) that the evidence does not answer for:
    it names other months, or a single month asked is not where the figure stands, or the document
    never names the span asked (a report's opening 1—11月 may date its later sentences)."""
    flat = _flat
    said = months_named(evidence)
    for m in MONTHS_ASKED.finditer(question):
        months = re.sub(r"份|当月|单月", "", flat(m.group()))
        if months == "1—12月" or months in said:
            continue
        if said or re.search(r"当月|单月|份", m.group()) or (document and months not in flat(document)):
            return m.group()
    return None


# 第二批 / 首批 / 第2批: which batch of a list, an award round or a pilot the text speaks of
BATCH = re.compile(r"第\s*([一二三四五六七八九十\d]{1,3})\s*批|(首|头)批")
CN_DIGITS = {c: n for n, c in enumerate("一二三四五六七八九十", 1)}


def batches(text: str) -> set[int]:
    """The batch numbers a text names (首批 and 第一批 are both 1)."""
    out = set()
    for m in BATCH.finditer(text):
        if m.group(2):
            out.add(1)
        elif m.group(1).isdigit():
            out.add(int(m.group(1)))
        elif len(m.group(1)) == 1:
            out.add(CN_DIGITS[m.group(1)])
    return out


def batch_mismatch(question: str, evidence: str) -> bool:
    """The question asks for one batch (第二批链主企业) and the evidence names only others (名单（第一批）)."""
    asked, said = batches(question), batches(evidence)
    return bool(asked) and bool(said) and not asked & said


def years_stated(text: str) -> set[int]:
    """Every year a text names (2025年, 2021—2025年 as both ends, 十四五 as its span)."""
    out = {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?=\s*[年—–\-~～至到])", text)}
    for m in YEAR_SPAN.finditer(text):
        out |= set(range(int(m.group(1)), int(m.group(2)) + 1))
    for name, (a, b) in PLAN_PERIODS.items():
        if name in text:
            out |= set(range(a, b + 1))
    return out


# a place a question names that the gazetteer does not know, but the documents write the same way
# (屿州市, 望川区, 松浦经开区): two characters and the suffix of a city, county, district or zone
LOCAL_PLACE = re.compile(r"([\u4e00-\u9fff]{2})(省|市|县|区|园区|(?:工业|产业|科技|食品产业)园|经开区|高新区|开发区|新区|镇|乡)(?![场民长委级属域内外政直中里份村])")
NOT_A_NAME = set("个的了是在和与及等全本各我该每城地市区县上省有这那些哪几到年月日新旧大小多少其中对为将把被某")


def _is_local(name: str, whole: str, listed: bool = False) -> bool:
    """Whether 屿州市 names a place the gazetteer lacks (not 推进区, not 自治区, a kind of place); a
    name listed beside other places may hold 城 (岚城市 in 禾阳市、雁桥市、岚城市), elsewhere 中心城市 is none."""
    known = places()
    return name not in ("自治", "直辖") and not (set(name) & (NOT_A_NAME - {"城"} if listed else NOT_A_NAME) or name in known or whole in known or any(whole.startswith(k) for k in known))


# 澄湾区、望岭区 / 全市 | 澄湾区 | 望岭区: places listed side by side, each a two-character name and its suffix
PLACE_PAIR = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2})(区|县|市)\s*[、和与及|｜]\s*([\u4e00-\u9fff]{2})(区|县|市)(?![\u4e00-\u9fff]{0,1}[场民长委级属域内外政直中里份])")


@lru_cache(maxsize=4)
def _corpus_places(corpus_text: str) -> dict[str, str]:
    """name → the place the corpus writes with its suffix (澄湾 → 澄湾区): only names it lists side by side
    with another place (澄湾区、望岭区), so that a phrase ending in 区 (推进开发区) is not taken for one."""
    wholes: dict[str, set[str]] = {}
    # (overlapping: in 禾阳市、雁桥市、岚城市 each place stands beside the next)
    for m in re.finditer(r"(?=" + PLACE_PAIR.pattern + ")", corpus_text):
        for name, suffix in ((m.group(1), m.group(2)), (m.group(3), m.group(4))):
            if _is_local(name, name + suffix, listed=True):
                wholes.setdefault(name, set()).add(name + suffix)
    return {name: next(iter(w)) for name, w in wholes.items() if len(w) == 1}


def _named_alone(whole: str, corpus_text: str) -> bool:
    """Whether the corpus writes 屿州市 as a name of its own somewhere, not only as the end of a longer
    word (业强县 of 工业强县: 工业 is an everyday word)."""
    return any(at == 0 or not re.match(r"[\u4e00-\u9fff]", corpus_text[at - 1]) or not everyday(corpus_text[at - 1] + whole[0], 500)
               for at in (m.start() for m in re.finditer(re.escape(whole), corpus_text)))


def unknown_places(question: str, corpus_text: str) -> list[str]:
    """Places a question names that no document writes (槐亭区 when the corpus knows 临溪区 and
    望川区): a specific name with a place's suffix, never in the corpus. No evidence speaks for them."""
    out = []
    for m in LOCAL_PLACE.finditer(question):
        name, whole = m.group(1), m.group()
        if m.group(2) in ("省", "市") or whole in places() or name in corpus_text:
            continue  # (a province or a city the gazetteer lacks may be a document's own place, named loosely)
        before = question[m.start() - 1] if m.start() > 0 else ""
        if before and everyday(before + name[0], 500):
            continue  # (申报某区: 申报 is a word, 报某 no name)
        # (南山 is an everyday word, yet 南山区 standing alone after a comma is a district's name)
        # (…工业园 is a park's name whatever the words before it: 产业园区 alone is a kind of zone, never matched so)
        alone = bool(re.match(r"[，,。；;：:\s]", before)) and m.group(2) in ("区", "县") or m.group(2).endswith("园")
        if _is_local(name, whole) and (alone or not everyday(name, 300)) and not re.search(r"[a-zA-Z\d]", name):
            out.append(whole)
    return out


# one toneless pinyin syllable (qiao, nan, zhang): a place's name in an English question is made of them
PINYIN_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|"
                   r"ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un|ue|a|o|e|i|u)")
EN_PLACE = re.compile(r"\b([A-Z][a-z]{3,14})(?:'s)?\s+(?:province|provincial|city|municipal|municipality|county|district|prefecture)\b")
NOT_PINYIN_NAMES = {"chinese", "china", "whole", "same", "home", "local", "capital", "central", "which", "other"}


def unknown_english_places(question: str) -> list[str]:
    """Qiaonan provincial… / Langxi city…: a pinyin name before a level word that the corpus does not
    know (its known names were written back in Chinese before): a place no document speaks for."""
    known = {e.lower() for e in english_places()}
    return [m.group(1) for m in EN_PLACE.finditer(question)
            if m.group(1).lower() not in known and m.group(1).lower() not in NOT_PINYIN_NAMES
            and re.fullmatch(f"(?:{PINYIN_SYLLABLE}){{2,4}}", m.group(1).lower())]


def listed_places(corpus_text: str) -> set[str]:
    """The places the corpus lists side by side (澄湾区、望岭区; 禾阳市、雁桥市、岚城市)."""
    return set(_corpus_places(corpus_text).values())


def local_places(question: str, corpus_text: str) -> list[str]:
    """Places a question names that the corpus also names (屿州市), outside the gazetteer; a name
    asked without its suffix (澄湾和望岭…) when the corpus writes it with one (澄湾区, 望岭区)."""
    out = []
    listed = _corpus_places(corpus_text)
    for m in LOCAL_PLACE.finditer(question):
        if m.group(2) == "园区" and everyday(m.group(1), 500):
            continue  # 产业园区, 工业园区 are kinds of zone; 青原园区 is the zone of 青原县
        if listed.get(m.group(1)) == m.group() or (_is_local(m.group(1), m.group()) and _named_alone(m.group(), corpus_text)):
            out.append(m.group())
    for name, whole in listed.items():
        at = question.find(name)
        if at >= 0 and whole not in out and not question.startswith(whole[len(name):], at + len(name)) \
                and question[at + len(name): at + len(name) + 1] not in ("省", "市", "县", "区", "镇", "乡"):
            # (青岚县 asked is not 青岚市 listed elsewhere: the question gives its own suffix)
            out.append(whole)  # (the documents list these names as places: 澄湾和…, 苍泺去年…)
    return sorted(out, key=lambda p: question.find(p[:2]))
