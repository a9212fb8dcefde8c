"""When evidence may answer a question: scope (place, level, year), unit kind and
word coverage. Every composer asks here before it states anything; a figure from
the wrong scope is worse than a refusal, so a mismatch refuses and lists the
nearest facts labelled with their real scope ("浙江全省，并非杭州")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..answer import MIN_COVERAGE, citation, compose, missing_description, refusal
from ..lexical import nouns, words
from ..lexicon import english_terms, places, qualifiers
from ..numbers import answers_unit, clip, unit_kind
from ..query import GRANT_Q, Question
from ..read import SUB_AREA, Reader, planned_or_actual, canonical, term_found, unpunctuated
from ..scope import FULL_YEAR, batch_mismatch, batches, LEVEL_ORDER, WHOLE_AREA_LEVEL, NOT_A_NAME, Scope, listed_places, months_unstated, partial_period, relative_years, years_stated
from ..targets import table_caption
from ..types import Answer, Citation, Document, Reading


# a place named as the subject of a part of a sentence: 岚城市作为省会城市, 禾阳市依托…
LOCAL_NAMED = re.compile(r"[\u4e00-\u9fff]{2}(?:市|县|区)(?=[作依以在实完全规的，,])")


def asked_place(q: Question) -> str | None:
    """The most specific place the question names: a city before its province."""
    if q.cities:
        return q.cities[0]
    return q.regions[0] if q.regions else None


def doc_scope(doc: Document) -> Scope:
    province = doc.region
    return Scope(doc.level, doc.place, province, doc.period)


# a question whose subject is the whole country (全国…多少, 我国…), not 全国 as a modifier (创建全国…示范区)
NATIONAL_Q = re.compile(r"^(?:到\s*\d{4}\s*年[，,]?\s*)?(?:全国|我国|国家层面)|全国范围|全国(?:共|总共|合计)|\bnationwide\b|\bnational total\b|china as a whole", re.I)
RANKING = r"(?:第[一二三四五六七八九十\d]+位?|前列|领先|首位|之首)"


def _without_rankings(evidence: str) -> str:
    """居全国第四, 长三角第一位: a place named in a ranking is a comparison, not the scope."""
    names = "|".join(re.escape(p) for p in sorted(places(), key=len, reverse=True))
    return re.sub(rf"(?:{names}){RANKING}", "", evidence)


def _same_place(name: str | None, asked: str, title: str = "") -> bool:
    """萦山 is 萦山县: a document's place is written without the suffix a question may add; 青原园区 is
    the zone of 青原县 in the plan of 青原县新能源材料产业园."""
    if not name:
        return False
    if name == asked or re.sub(r"(?<=..)(?:省|市|县|区)$", "", asked) == name:
        return True
    zone = re.fullmatch(r"(..)园区", asked)
    return bool(zone and name.startswith(zone.group(1)) and re.search(r"园|开发区|高新区", title))


def place_mismatch(q: Question, doc: Document, evidence: str) -> str | None:
    """The place the question asks about when the evidence speaks for another one."""
    if doc.level == "区县" and doc.place in q.districts:
        return None  # 青岛崂山区…: the district's own document (also for a zone inside it the question names)
    for district in q.districts:
        if _same_place(doc.place, district, doc.title):
            continue  # 萦山县's own 政府工作报告: its 全县 is the county
        # 杭州滨江区: a city-wide figure does not answer for one of its districts
        if district not in evidence and district not in doc.title and district[:-1] not in f"{evidence}{doc.title}":
            return district
        # 市区（临溪区、望川区、北汇区）实现…: named only among the parts of a group, the figure is the group's
        if district in evidence and not re.sub(r"[（(][^）)]*[）)]", "", evidence).count(district) and district not in doc.title:
            return district
    place = asked_place(q)
    if place is None:
        # a national question answered from a province's or a city's document
        if NATIONAL_Q.search(q.text) and doc.level in ("省", "市", "区县", "园区"):
            return "全国"
        return None
    evidence = _without_rankings(evidence)
    if place in evidence or _same_place(doc.place, place):
        return None
    if place.endswith("地区") and re.search(rf"{re.escape(place[:-2])}[、，,和及与]", evidence):
        return None  # 东部地区 in 东部、中部、西部地区
    info = places().get(place)
    if doc.level is None and doc.place is None and doc.region is None:
        return None  # a document of unknown scope: nothing to contradict
    if info is not None and info.level == "省" and doc.region == place and doc.level == "省":
        return None
    if info is not None and info.level != "省" and doc.place is None and doc.level is None and doc.region == info.parent:
        return None
    return place


# 正式印发后的 / 最终定稿: the version a draft for comment (征求意见稿, 草案) is not
FINAL_VERSION_Q = re.compile(r"正式(?:印发|发布|出台|实施|施行|版)|最终(?:版|稿|定|确定|出台)|定稿|final (?:version|text)|(?:formally|officially) (?:issued|adopted|published)", re.I)
DRAFT = re.compile(r"征求意见稿|草案|送审稿|讨论稿|draft", re.I)

# 申报时间另行通知, 试点城市名单另行发布: what a document leaves to a later notice it does not state
LATER_NOTICE = re.compile(r"另行(?:通知|发布|公布|明确|确定|制定|下达|部署)")

ZONE = re.compile(r"产业园|园区|开发区|高新区|经开区|新区")


def whole_area_mismatch(q: Question, doc: Document, evidence: str, indicator: str = "", frame: str = "") -> str | None:
    """全省…营收目标 answered from a city's plan (全市…突破600亿元), 全县 by the figure of its 园区: the
    whole area asked is not the area the evidence speaks for. (浙江全省和杭州市 compares areas: there each
    part's place decides.)"""
    if len(set(q.regions + q.cities + q.districts)) > 1:
        return None
    for word, level in WHOLE_AREA_LEVEL.items():
        if word not in q.text or word in evidence:
            continue
        # (a table row's caption says whose figures it holds: 表1 青原县新能源材料产业园主要发展指标)
        # (工业大市大县 asked in so many words is what the question is about, not a part of the whole)
        sub = SUB_AREA.search(indicator)
        if LEVEL_ORDER.get(doc.level or "", -1) > LEVEL_ORDER[level] or (sub and sub.group() not in q.text) \
                or (ZONE.search(frame) and word not in frame):
            return word
    return None


def document_year(doc: Document) -> int | None:
    """The year a document was issued: its 文号's 〔2018〕, else its date."""
    m = re.search(r"〔((?:19|20)\d{2})〕", doc.doc_number or "")
    if m:
        return int(m.group(1))
    date = doc.date or doc.printed_date
    return int(date[:4]) if date else None


def asked_years(q: Question, doc: Document) -> list[int]:
    """The years a figure from `doc` must be for: not a base year (较2023年), nor the year that
    names this very document (2018年那份实施方案 — its targets are for 2020)."""
    own = document_year(doc)
    return [y for y in q.years if y not in q.base_years and not (y in q.doc_years and y == own)]


def year_mismatch(q: Question, doc: Document, evidence: str, reader: Reader | None = None) -> bool:
    """The question asks about years that neither the evidence nor the document's period covers.
    A report covers the year it reports on (its dated headings), not the deadlines it mentions."""
    years = asked_years(q, doc)
    if not years:
        return False
    stated = years_stated(evidence)
    if set(years) & stated:
        return False
    if doc.kind == "report" and reader is not None:
        headed = {int(y) for c in reader.clauses_by_doc[doc.doc_id] if c.kind == "heading"
                  for y in re.findall(r"((?:19|20)\d{2})\s*年", c.text)}
        if headed:
            return not set(years) & headed
    if doc.period and any(doc.period[0] <= y <= doc.period[1] for y in years):
        return False
    if doc.period is None and reader is not None:
        return not set(years) & years_stated(reader.texts[doc.doc_id])
    return True


def scope_label(doc: Document, place: str | None = None) -> str:
    label = doc_scope(doc).label()
    if place and label and place not in label:
        return f"{label}，并非{place}" if doc.level != "国家" else f"全国，并非{place}"
    return label


@dataclass
class Case:
    """One reading under judgement, with the texts every check of the policy looks at."""

    q: Question
    reading: Reading
    doc: Document
    text: str  # the document's text
    quote: str
    evidence: str  # the quote, its clause's path and the spans the answer also rests on
    head: str | None  # what a figure question asks about, when the documents write it (asked_head)

    @property
    def target(self):
        return self.reading.target


class Policy:
    """The answer policy for a value or sentence reading: a reading is answered unless one of the
    checks in CHECKS refuses it, each for one reason, with the nearest facts as related."""

    def __init__(self, reader: Reader):
        self.reader = reader

    def related(self, q: Question, reading: Reading, include_reading: bool, place: str | None = None) -> list[tuple[Citation, str]]:
        out = []
        targets = ([reading.target] if include_reading and reading.target else []) + list(reading.related)
        seen = set()
        for t in targets:
            if t is None or (t.doc_id, t.start, t.end) in seen:
                continue  # two figures of one sentence are one related fact
            seen.add((t.doc_id, t.start, t.end))
            clause = self.reader.clauses[t.clause_id]
            doc = self.reader.documents[t.doc_id]
            c = citation(doc, clause, self.reader.texts[t.doc_id], t.start, t.end, 0.0)
            quote = clip(c.quote, 90)
            label = scope_label(doc, place) if place else ""
            out.append((c, f"{quote}（{label}）" if label and q.language == "zh" else (f"{quote} ({label})" if label else quote)))
            if len(out) >= 2:
                break
        if not out and include_reading:
            doc = reading.document
            c = citation(doc, reading.clause, self.reader.texts[doc.doc_id], reading.quote_start, reading.quote_end, 0.0)
            quote = clip(c.quote, 90)
            label = scope_label(doc, place) if place else ""
            out.append((c, f"{quote}（{label}）" if label else quote))
        return out

    def _segment_of_another_place(self, q: Question, reading: Reading) -> str | None:
        """分地区看，岚城市…突破3000亿元…；禾阳市…；枫泽市…: in a sentence that goes through places one
        by one, a figure belongs to the place its own part names — the place asked when that part names another."""
        t = reading.target
        own = reading.document.place
        asked = [d for d in q.districts if not _same_place(own, d, reading.document.title)] + [c for c in q.cities if c != own]
        if reading.kind != "value" or t is None or not asked:
            return None
        text = self.reader.texts[t.doc_id]
        first = min(t.start, reading.quote_start)
        start = max(max(text.rfind(m, first, t.value_start) for m in "；;。") + 1, first)
        segment = text[start: t.value_start]
        listed = listed_places(self.reader.corpus_text)
        named = [m.group() for m in LOCAL_NAMED.finditer(segment)
                 if m.group() in listed or not set(m.group()[:2]) & NOT_A_NAME]  # (岚城市, but not 设区市)
        if named and not any(a in segment or a[:2] in segment for a in asked):
            return asked[0]
        return None

    def _asker_terms_missing(self, q: Question, evidence: str) -> str | None:
        """An English question that writes a term in Chinese (advanced-level (先进级)) gives the
        documents' own word: the first such term (not a place) the evidence does not hold."""
        if q.language != "en":
            return None
        said = canonical(evidence.lower())
        for term in re.findall(r"[\u4e00-\u9fff]{2,}", q.text):
            if term in said or term in places() or any(term.startswith(p) for p in q.regions + q.cities + q.districts):
                continue
            return term
        return None

    def _missing_object(self, q: Question, reading: Reading, evidence: str) -> str | None:
        """The object of 购买/买/采购/使用 in the question (购买手机) when the documents use that word and
        the evidence's clause does not name it."""
        if q.language == "en":
            # what subsidy applies when buying a new smartphone: the glossary gives the documents' word
            m = re.search(r"\b(?:buy|buys|buying|bought|purchas(?:e|es|ing|ed))\s+(?:an?\s+|the\s+)?(?:new\s+)?([a-z][a-z -]{2,30}?)(?=[?,.]|$| (?:for|in|under|by|from|with)\b)", q.text, re.I)
            obj = next(iter(english_terms(m.group(1))), None) if m else None
            if obj is None or _states(obj, evidence) or "购买" not in evidence:
                return None
            return obj
        m = re.search(r"(?:购买|买|采购|购置|使用|租用)(?:了|新的?|一台|一件)?([\u4e00-\u9fff]{2,6}?)(?=[，,、的可能每要最有获]|$)", q.text)
        if m is not None:
            obj = next((w for w in nouns(m.group(1), verbal=False) if len(w) >= 2), None)
        else:
            # 企业成功上市能拿多少奖励: what a grant is for is the last word before 能拿多少
            m = re.search(r"([\u4e00-\u9fff]{2,16}?)(?:的话|以后|之后|后)?(?:能|可|可以|能够)(?:拿|获得|得到|领|领取|享受)(?:到)?多少", q.text)
            if m is None:
                return None
            obj = next((w for w in reversed(words(m.group(1))) if len(w) >= 2 and w not in QUESTION_FRAME
                        and not re.match(r"[每单一各该本这那两几]", w)), None)
        if obj is None or _states(obj, evidence):
            return None
        verb = re.match(r"购买|买|采购|购置|使用|租用", m.group()) if m.re.pattern.startswith("(?:购买") else None
        # (a word the documents never use may be the asker's paraphrase, unless the evidence itself says
        # what is bought — 对个人消费者购买冰箱、洗衣机…: a 手机 is not among them)
        if obj not in self.reader.corpus_text and not (verb and verb.group() in evidence):
            return None
        return obj

    def _exclusion(self, q: Question, doc: Document, evidence: str) -> Citation | None:
        """The sentence of the evidence's document that excludes what the question names
        (医疗美容…项目不适用本政策; 对通过一致性评价的品种，本政策不予支持), when the evidence itself does
        not name it: a rare question word stands in what is excluded and not in the evidence."""
        text = self.reader.texts[doc.doc_id]
        if q.language != "zh" or not EXCLUSION.search(text) or ASKS_EXCLUSION.search(q.text):
            # (an English question's words are the lexicon's Chinese, not what it names)
            return None  # 低于多少分就不支持: the question asks about the exclusion itself
        terms = self.reader.question_terms(q)
        top = max(terms.values(), default=0.0)
        asked = [t for t, w in terms.items() if w >= 0.6 * top and len(t) >= 2 and not re.fullmatch(r"[\d.]+", t)]
        evidence = canonical(evidence)
        for m in EXCLUSION.finditer(text):
            start = max(text.rfind(p, 0, m.start()) for p in "。；;\n") + 1
            excluded = canonical(text[start: m.start()])
            named = [t for t in asked if canonical(t) in excluded and canonical(t) not in evidence]
            if named:
                clause = next(c for c in self.reader.clauses_by_doc[doc.doc_id] if c.start <= m.start() < c.end)
                return citation(doc, clause, text, start, m.end(), 0.0)
        return None

    def _section_text(self, clause) -> str:
        """The text of the top-level section a clause stands in (四、组织实施 and all below it):
        a qualifier it states once (推荐国家级中试平台) holds for the whole section."""
        if not clause.path or clause.path[0] in ("文首", "正文", "文末", "落款"):
            return ""
        return " ".join(c.text for c in self.reader.clauses_by_doc[clause.doc_id] if c.path[:1] == clause.path[:1])

    def report_year(self, doc_id: str) -> int | None:
        """The year a report is about: the latest year its headings name (2020年工作成效)."""
        years = [int(y) for c in self.reader.clauses_by_doc[doc_id] if c.kind == "heading"
                 for y in re.findall(r"((?:19|20)\d{2})\s*年", c.text)]
        return max(years) if years else None

    def speaking_year(self, doc_id: str) -> int | None:
        """The year a report is written in, which its readers' 去年/今年 count from: the year it is
        dated (a 2025 statistical bulletin dated 2026年3月18日: 去年 is 2025), else the year it is about."""
        doc = self.reader.documents[doc_id]
        dated = doc.date or doc.printed_date
        if dated:
            return int(dated[:4])
        latest = self.report_year(doc_id)
        # 2020年工作成效 with 1—10月 figures, then 2021年工作思路: written late in 2020, about 2021's plans
        results = [int(y) for c in self.reader.clauses_by_doc[doc_id] if c.kind == "heading"
                   for y in re.findall(r"((?:19|20)\d{2})\s*年[^，,。]{0,8}(?:成效|成绩|回顾|总结|进展|完成情况|工作情况)", c.text)]
        partial = re.search(r"1\s*[—–-]\s*\d{1,2}\s*月|前三季度|上半年", self.reader.texts[doc_id])
        if latest and results and partial and max(results) == latest - 1:
            return latest - 1
        return latest

    def resolve_relative_years(self, q: Question, doc_id: str) -> bool:
        """去年/今年 in a question about a report mean years relative to the report's own year
        (合肥去年经济增速 in the 2025 report: 2024). Sets q.years; False when there is nothing to do."""
        offsets = relative_years(q.text)
        doc = self.reader.documents[doc_id]
        # (2025年政府工作报告里…去年: the year that names the report is not the year asked)
        if not offsets or [y for y in q.years if y not in q.doc_years] or doc.kind != "report":
            return False
        year = self.speaking_year(doc_id)
        if year is None:
            return False
        q.years = [year + off for off in offsets]
        return True

    def decide(self, q: Question, reading: Reading | None) -> Answer:
        """The answer a reading gives, or a refusal by the first check it fails (in the order of CHECKS:
        scope first, then the kind of figure, then what the figure measures, then how much it covers)."""
        if reading is None:
            return _refused(q, missing_description(q, "text"), [], "nothing was read")
        c = self._case(q, reading)
        for check in CHECKS:
            refused = check(self, c)
            if refused is not None:
                return refused
        related = [cite for cite, _ in self.related(q, reading, False)]
        return compose(q, reading, c.text, related)

    def _case(self, q: Question, reading: Reading) -> Case:
        doc = reading.document
        text = self.reader.texts[doc.doc_id]
        quote = text[reading.quote_start : reading.quote_end]
        # the spans the answer also rests on (a table's header row names its years) count as evidence
        evidence = " ".join([quote, *reading.clause.path, *(c.text for c, _, _ in reading.support)])
        quoted = [w for w in q.quoted if len(w) >= 4]
        if reading.kind == "metadata" and quoted:
            # “加快杭州良渚…建设”是哪份文件提的: the words the asker quotes, written in this document, are its
            # words too (the place in them is no other scope than the document's), whatever their punctuation
            bare = unpunctuated(text)
            evidence += " " + " ".join(w for w in quoted if unpunctuated(w) in bare)
        # (a growth rate is often stated without its indicator's noun: 规模以上工业同比增长5.3%)
        head = asked_head(q)
        if head and _rate_asked(q.text) and not re.search(r"[a-z0-9]", head):
            head = None  # (M2增速: a code is named even where a rate's noun is left out)
        if head and head not in self.reader.corpus_text:
            # 新手机: the documents say 手机; the noun's last word is what it names
            head = next((head[i:] for i in range(1, len(head) - 1) if head[i:] in self.reader.corpus_text), head)
        # (a word the documents never use is the asker's paraphrase: its absence says nothing; a code —
        # M2, 5G — is never a paraphrase: the evidence must name it even if no document does)
        named_anywhere = bool(head) and (head in self.reader.corpus_text or bool(re.search(r"[a-z0-9]", head)))
        return Case(q, reading, doc, text, quote, evidence, head if named_anywhere else None)

    def _refuse(self, c: Case, reason: str, why: str, place: str | None = None, area: str | None = None) -> Answer:
        return _refused(c.q, missing_description(c.q, reason, area), self.related(c.q, c.reading, True, place or area), why)

    # ---- scope: the place, the document and the year the evidence speaks for ----------------------------
    def _another_region(self, c: Case) -> Answer | None:
        q, doc = c.q, c.doc
        if q.regions and doc.region and doc.region not in q.regions and not any(r in c.quote for r in q.regions):
            return self._refuse(c, "region", "the evidence is another region's", place=asked_place(q))
        return None

    def _another_document(self, c: Case) -> Answer | None:
        if c.q.named_doc and c.doc.doc_id != c.q.named_doc and c.reading.kind in ("value", "deadline", "sentence"):
            # 2025年政府工作报告定的…目标 answered from a city's action plan: the document named is the scope
            return self._refuse(c, "text", "the evidence is from another document than the one named")
        return None

    def _unknown_document(self, c: Case) -> Answer | None:
        # 《浙江省人民政府关于推进5G产业发展的实施意见》的文号和日期: a document the corpus does not hold is
        # not dated or numbered by another one's lines (a document it only cites is read from the citing
        # sentence, detail 所引文件)
        if c.reading.kind != "metadata" or c.reading.detail.startswith(("所引", "所解读")):
            return None
        titles = [t for t in re.findall(r"《([^《》]{6,80})》", c.q.text)]
        known = [d.title for d in self.reader.documents.values()] + re.findall(r"《([^《》]+)》", c.quote)
        if titles and not any(_same_title(t, k) for t in titles for k in known):
            return self._refuse(c, "text", "the document named is not in the corpus")
        return None

    def _another_version(self, c: Case) -> Answer | None:
        if FINAL_VERSION_Q.search(c.q.text) and DRAFT.search(c.doc.title) and c.reading.kind != "metadata":
            # 正式印发以后…最终定的上限: a draft for comment says what was proposed, not what was decided
            return self._refuse(c, "text", "the evidence is a draft, the question asks the final version")
        return None

    def _another_place(self, c: Case) -> Answer | None:
        wrong_place = place_mismatch(c.q, c.doc, c.evidence) or self._segment_of_another_place(c.q, c.reading)
        if wrong_place:
            return self._refuse(c, "region", "the evidence names another place", place=wrong_place)
        if part_of := _figure_of_another_place(c.q, c.reading):
            return _refused(c.q, missing_description(c.q, "text"), self.related(c.q, c.reading, True), f"the figure is {part_of}'s")
        indicator = c.target.indicator if c.target is not None and c.reading.kind == "value" else ""
        frame = table_caption(c.reading.clause) if c.reading.clause.kind == "table_row" else ""
        if area := whole_area_mismatch(c.q, c.doc, c.evidence, indicator, frame):
            return self._refuse(c, "region", "the evidence speaks for a smaller area", area=area)
        return None

    def _another_year(self, c: Case) -> Answer | None:
        q, doc, reading = c.q, c.doc, c.reading
        if asked_years(q, doc) and reading.kind in ("value", "deadline"):
            years_here = {reading.deadline} | {int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", c.quote)}
            t = reading.target
            if t is not None and t.deadline is None:
                # a work report's plan with no year written (力争全年…) is for the latest year its
                # headings name (2021年工作思路), not the one after
                ref = self.report_year(doc.doc_id)
                if ref:
                    years_here.add(ref)
            due = set(asked_years(q, doc))  # 到2030年比2023年: 2030
            if not years_here & due:
                return self._refuse(c, "year", "the figure is for another year")
        elif q.years and reading.kind == "sentence" and year_mismatch(q, doc, c.evidence, self.reader):
            return self._refuse(c, "year", "the sentence is about another year")
        return None

    def _another_batch(self, c: Case) -> Answer | None:
        if batch_mismatch(c.q.text, f"{c.evidence} {' '.join(c.reading.clause.path)}"):
            # 第二批链主企业 answered from 名单（第一批）: another round of the list
            return self._refuse(c, "text", "the evidence is about another batch")
        return None

    # ---- the kind of figure: a unit, a count, a rate, an amount, a share ---------------------------------
    def _another_kind_of_figure(self, c: Case) -> Answer | None:
        q, t = c.q, c.target
        if c.reading.kind != "value" or t is None:
            return None
        kind = unit_kind(t.unit or "")
        if q.unit and not answers_unit(q.unit, t.unit or t.indicator):
            # 多少亿元 answered by a share in %, 多少家企业 by 40%: a different indicator, not an answer
            # (a count may be stated with another measure word: 多少个 by 20家)
            return self._refuse(c, "unit", "the figure is in another unit")
        if re.search(r"\bhow many\b(?! (?:times|percent|percentage|yuan|billion|million|years|months|days|working days))", q.text, re.I) \
                and kind in ("money", "percent"):
            # how many new jobs answered by 突破300亿元: a count is not an amount or a share
            return self._refuse(c, "unit", "a count is not answered by an amount")
        if q.kind == "number" and _rate_asked(q.text) and (kind == "money" or (t.unit and kind == "count")):
            # 增速/增长率 answered by an amount (13214.4亿元): a different quantity
            return self._refuse(c, "unit", "a rate is not answered by an amount")
        if q.kind == "number" and AMOUNT_ASKED.search(q.text) and not SHARE_ASKED.search(q.text) and kind == "percent":
            # 蘅州营收是多少 answered by 三地合计占全省的72.4%: an amount is not a share
            return self._refuse(c, "unit", "an amount is not answered by a share")
        if planned_or_actual(q.text) == "actual" and re.match(r"不超过|不高于|不多于|最高|最多|至多|原则上", c.reading.value or ""):
            # 今年实际新认定了多少家 answered by 原则上每年新认定数量不超过40家: a rule's limit is not what was done
            return self._refuse(c, "text", "an actual figure is not answered by a rule's limit")
        if GRANT_Q.search(q.text) and kind == "count":
            # 能获得多少补贴 answered by 8类 (how many kinds of appliance): a grant is an amount or a share
            return self._refuse(c, "unit", "a grant is not answered by a count")
        return None

    # ---- what the figure measures: the indicator, its qualifiers, its object, its recipient --------------
    def _another_indicator(self, c: Case) -> Answer | None:
        q, reading, t = c.q, c.reading, c.target
        # a level (国家级) the question names may be stated once for the figure's whole section
        section = self._section_text(reading.clause) if reading.kind == "value" and "级" in q.text else ""
        if reading.kind == "value" and _unmet_qualifier(q, f"{c.evidence} {c.doc.title}", section):
            # 16-24岁青年城镇调查失业率 answered by 城镇调查失业率, 出口量 by 产量: another indicator
            return self._refuse(c, "text", "the question narrows the indicator and the evidence does not")
        # (the clause may name it once for all its sentences: 对购买冰箱、洗衣机…给予补贴。…每件补贴不超过2000元)
        if reading.kind == "value" and c.head and not _states(c.head, f"{c.evidence} {reading.clause.text} {c.doc.title}"):
            # 规上工业增加值是多少 answered by 10家…示范企业: a figure of something else
            return self._refuse(c, "text", "the evidence does not name what was asked")
        if reading.kind == "value" and c.head and t is not None and q.unit and t.unit and q.unit[-1:] != t.unit[-1:] \
                and unit_kind(q.unit) == unit_kind(t.unit) == "count" and not _states(c.head, self._figure_phrase(c, t)):
            # 多少个省级智能工厂 answered by 推广应用工业机器人8000台以上，培育一批省级智能工厂: 台 counts something else
            return self._refuse(c, "text", "the figure counts something else")
        unwritten = self._asker_terms_missing(q, f"{c.evidence} {reading.clause.text} {c.doc.title}")
        if reading.kind in ("value", "sentence") and unwritten:
            # national advanced-level (先进级) smart factories answered from a sentence about 卓越级 and 领航级:
            # the asker wrote the document's own word, and this evidence does not
            return self._refuse(c, "text", f"the evidence does not say {unwritten}")
        return None

    def _figure_phrase(self, c: Case, t) -> str:
        """What a figure's own words say it measures: its piece of the sentence, or for a table
        cell its row and column (虚拟现实设备 · 产量)."""
        if c.reading.clause.kind == "table_row":
            return t.indicator
        return _figure_piece(c.text, t)

    def _another_recipient_or_total(self, c: Case) -> Answer | None:
        q, reading, t = c.q, c.reading, c.target
        if reading.kind == "value" and _other_recipient(q.text, c.evidence):
            # 企业单位采购空调能补多少 answered by 对个人消费者购买…给予补贴: a grant for someone else
            return self._refuse(c, "text", "the grant is for another kind of recipient")
        if reading.kind == "value" and t is not None and PER_UNIT.search(q.text) \
                and TOTAL.search(t.indicator) and not PER_UNIT.search(t.indicator):
            # 单个企业一年最多能兑多少 answered by 全市模型券可兑付总额不超过1亿元: a total is no one company's share
            return self._refuse(c, "text", "a total does not answer for one unit")
        if reading.kind == "value" and t is not None and t.is_target \
                and re.search(r"去年|前年|上年|last year", q.text, re.I) and not asked_years(q, c.doc):
            # 去年…到了多少 answered by 到2027年…达到88%: what was reached is not what is planned
            return self._refuse(c, "text", "a past figure is not a target")
        return None

    def _excluded_or_missing_object(self, c: Case) -> Answer | None:
        q, reading = c.q, c.reading
        excluded = self._exclusion(q, c.doc, c.evidence) if reading.kind in ("value", "sentence") else None
        if excluded is not None:
            # 医美项目…能按多少比例补助 while the document says 医疗美容…项目不适用本政策: the rule that applies is the exclusion
            return _refused(q, missing_description(q, "excluded"), [(excluded, clip(excluded.quote, 90))], "the document excludes what was asked")
        missing_object = self._missing_object(q, reading, f"{c.evidence} {reading.clause.text} {c.doc.title}") if reading.kind == "value" else None
        if missing_object:
            # 个人购买手机可以获得多少补贴 answered from a clause about 冰箱、洗衣机…: the thing asked about is not there
            return self._refuse(c, "text", f"the evidence does not name {missing_object}")
        return None

    def _another_period_or_condition(self, c: Case) -> Answer | None:
        q, reading, t = c.q, c.reading, c.target
        # (a table cell's months stand in its column's header: 4月增速（%）)
        column = t.indicator if t is not None and reading.clause.kind == "table_row" else ""
        if reading.kind == "value" and months_unstated(q.text, f"{c.quote} {column}", c.text):
            # 12月当月增速 answered by the year's 9.2, 1—2月 by a full-year figure: other months
            return self._refuse(c, "year", "the figure is for other months")
        if reading.kind == "value" and GRANT_Q.search(q.text) and t is not None and _condition_figure(c.text, t):
            # 给多少安家补贴 answered by 对…引进年薪50万元以上的…人才: who qualifies, not what they get
            return self._refuse(c, "text", "the figure says who qualifies, not the grant")
        if reading.kind == "value" and FULL_YEAR.search(q.text) and partial_period(q.text, c.quote):
            # 全年增长多少 answered by 1—10月…增长3.9%: part of the year is not the year
            return self._refuse(c, "year", "part of a year does not answer the whole year")
        return None

    # ---- what a sentence can answer, and how much of the question the evidence covers -------------------
    def _not_an_answer(self, c: Case) -> Answer | None:
        q, reading = c.q, c.reading
        if q.kind == "number" and reading.kind == "sentence" and not re.search(r"\d|(?<![一])[二三四五六七八九十百千万两]+[个家项座倍]|[一二三四五六七八九十]+[万亿]", c.quote):
            # 多少家 answered by a sentence that states no figure (建设一批…): not an answer
            return self._refuse(c, "text", "the sentence states no figure")
        if reading.kind == "value" and ACTUAL_Q.search(q.text) and c.target is not None and c.target.is_target:
            # 实际增长了多少 answered by a target (预期目标…5%左右): a plan is not an outcome
            return self._refuse(c, "text", "a target does not answer a question about an outcome")
        if reading.kind == "sentence" and LATER_NOTICE.search(c.quote):
            # 2027年度几月份申报 answered by 2027年度、2028年度申报时间另行通知: not yet decided
            return self._refuse(c, "later", "the document leaves it to a later notice")
        return None

    def _too_little_covered(self, c: Case) -> Answer | None:
        q, reading = c.q, c.reading
        floor = MIN_COVERAGE if reading.kind in ("value", "deadline") else 0.3
        weak = reading.coverage < floor or not reading.key_covered
        if weak and reading.kind != "metadata" and not (q.kind == "period" and reading.value) and not reading.heading_match:
            return self._refuse(c, "text", "the evidence covers too little of the question")
        return None


def _refused(q: Question, description: str, related: list, why: str) -> Answer:
    """A refusal that says, in its notes, which rule of the policy refused."""
    answer = refusal(q, description, related)
    answer.notes.append(f"refused: {why}")
    return answer


# 不适用本政策 / 本政策不予支持 / 不纳入支持范围: what a document leaves out
EXCLUSION = re.compile(r"(?:均|一律)?(?:不适用(?:于)?本(?:政策|办法|措施|细则|方案|通知)|(?:本(?:政策|办法|措施)\s*)?不予(?:支持|补助|奖励|资助)|不纳入(?:本(?:政策|办法))?支持范围)")


# words around a grant question that say nothing about what the grant is for
QUESTION_FRAME = {"企业", "单位", "项目", "一家", "一个", "每家", "最多", "最高", "一年", "每年", "一次",
                  # (加起来, 一共: how the asker sums it up, not what the grant is for)
                  "起来", "加起来", "一共", "总共", "合计", "累计", "一起", "下来", "各类"}
# one unit (单个企业, 每家) against a total (总额, 全市…合计)
PER_UNIT = re.compile(r"单个|单家|单户|每家|每个|每户|每位|每件|每台|一家企业|同一(?:企业|项目|单位|主体)|per (?:company|firm|enterprise|project|item|unit)|each (?:company|firm|enterprise|project)|(?:a |one )?single (?:company|firm|enterprise|project|applicant)", re.I)
TOTAL = re.compile(r"总额|总规模|总量|合计|总计|全市|全省|全县|全区")
ASKS_EXCLUSION = re.compile(r"不(?:予|能|会|再|被|得)?(?:支持|补助|补贴|奖励|资助|受理|享受)|不适用|排除|不符合|不纳入|"
                            r"not (?:be )?(?:eligible|supported|funded|covered)|excluded|ineligible", re.I)


ACTUAL_Q = re.compile(r"实际(?:增长|完成|达到|实现|为|是)|实际值|actual(?:ly)?\b", re.I)


GRADE = re.compile(r"(?<![\u4e00-\u9fff])?[\u4e00-\u9fff]{2}级")
# words ending in 级 that are no grade of the thing asked (升级, 等级) or are levels handled as qualifiers
GRADE_WORDS = {"升级", "降级", "分级", "层级", "等级", "超级", "高级", "初级", "中级", "同级", "上级", "下级", "本级", "各级",
               "国家级", "省级", "市级", "区级", "县级", "部级", "家级", "重点级"}
AGE_RANGE = re.compile(r"\d{1,2}\s*[-—–~至到]\s*\d{1,2}\s*(?:周)?岁")


def _unmet_qualifier(q: Question, evidence: str, section: str = "") -> bool:
    """The question narrows its indicator (中位数, 出口, 省级, 每月, an age range…) and the
    evidence does not: the figure found is of the broader indicator. A level (国家级, 省级) may
    be stated once for the whole section the figure stands in (推荐国家级中试平台…: 近三年年均…)."""
    if q.language != "zh":
        return False  # an English question's words are not the corpus's
    asked, evidence, section = canonical(q.text), canonical(evidence), canonical(section)
    levels = ("国家级", "省级", "市级", "县级")
    for x in qualifiers():
        where = evidence + (section if x.word.endswith("级") else "")
        # (省财政 says a fund is the province's, but not when the evidence names another level: 国家级…省财政给予)
        other_level = x.word in levels and any(re.search(w + "(?!以上|及以上)", evidence) for w in levels if w != x.word)
        if x.narrows and x.word in asked and x.word not in where and (other_level or not any(a in where for a in x.alternates if not a.isascii())):
            return True
    # a grade (领航级, 卓越级 of 智能工厂) narrows the figure to it like a level does
    if any(m.group() not in evidence + section for m in GRADE.finditer(asked)
           if m.group() not in GRADE_WORDS and m.group()[1:] not in GRADE_WORDS
           and not re.search(r"[一二三四五六七八九十两]", m.group())):  # (一级能效 is a rating the text writes 1级)
        return True
    # an age group (16-24岁) or a batch (第二批, 首批) narrows the figure to it
    return any(m.group() not in evidence for m in AGE_RANGE.finditer(asked)) or \
        bool(batches(asked) - batches(evidence)) or bool(_sibling_kind(asked, evidence))


def _sibling_kind(asked: str, evidence: str) -> str | None:
    """A word of the question (锂离子电池) the evidence does not write while it writes a sibling of the
    same length that differs only in its first one or two characters (钠离子电池): another kind of it."""
    said = {w for w in words(evidence) if re.fullmatch(r"[\u4e00-\u9fff]{3,}", w)}
    for w in {w for w in nouns(asked, verbal=False) if re.fullmatch(r"[\u4e00-\u9fff]{3,}", w)}:
        if w in evidence or w in places():
            continue
        for cut in (1, 2):
            tail = w[cut:]
            if len(tail) >= 2 and any(len(e) == len(w) and e.endswith(tail) and e[:cut] != w[:cut] and e not in places()
                                      for e in said):
                return w
    return None


# what a figure question asks about: the words after 多少/几 (多少个5G基站), else before it
# (规上工业增加值是多少), without the verbs, frames and attribute nouns (目标值, 额度) around them
ASK_WORD = re.compile(r"多少|多大|(?<!哪)几(?=[个家项台座条所种批次倍位万亿千百])")
FRAME = re.compile(r"(?:是|为|有|不?(?:得|能|应)?(?:高于|低于|少于|多于|超过|小于|大于)|达到?|增长了?|提高到?了?|提升到?了?|下降了?|降低了?|减少了?|"
                   r"相比|比较|对比|较|比上年|同比|计划|要|将|能|可以?|需要?|应|预计|力争|共|累计|一共|分别|各|新增|培育|建成|建设|打造|实现|完成|的|"
                   r"最高|最多|至多|最低|最少|奖|补|给)+$")  # (最高奖多少: a bound and a verb, not what is measured; 奖励 is a noun)
UNIT_LEAD = re.compile(r"^[个家项台座条所种批次倍位万亿千百元人户辆吨张件套款/]+")
# a physical unit named after 多少 (多少纳米工艺): the unit pins the figure, the noun after it is a frame
NAMED_UNIT = re.compile(r"纳米|微米|毫米|千瓦时|兆瓦|吉瓦时?|千瓦|瓦时|毫安时")
YEAR_WORDS = re.compile(r"(?:到|至|在)?(?:19|20)\d{2}\s*年(?:底|末|初)?(?:和|与|及|、)?")
# nouns that name an attribute of the thing asked about, not the thing (语料券的额度)
ATTRIBUTE_NOUNS = {"目标", "目标值", "基期", "基期值", "基数", "数值", "数量", "总量", "规模", "额度", "金额", "比例",
                   "标准", "水平", "幅度", "上限", "下限", "指标", "值", "多少", "报告", "实际", "计划", "预期", "情况", "数字", "数据", "数额"}


# the body that set a figure (经信厅, 工信局, 发改委), not what the figure measures
BODY = re.compile(r"[\u4e00-\u9fff](?:厅|局|委|办|政府)$|[\u4e00-\u9fff](?:厅|局|委|办|政府)(?=定|提|设|给|要|说)")


def asked_head(q: Question) -> str | None:
    """The content word naming what a Chinese figure question asks about: 增加值 of
    规上工业增加值是多少, 基站 of 建成多少个5G基站. None when the question does not say."""
    if q.language != "zh" or q.kind != "number":
        return None
    text = YEAR_WORDS.sub("", re.sub(r"（[^）]*）|\([^)]*\)", "", q.text))  # asides and years name no indicator
    m = ASK_WORD.search(text)
    if m is None:
        return None
    if NAMED_UNIT.match(text, m.end()):
        return None
    after = re.split(r"[从在由于到为，,。？?；;]", UNIT_LEAD.sub("", text[m.end():]))[0]
    after = re.sub(r"(?:以上|左右|呢|啊|吗)$", "", after)
    if len(re.findall(r"[\u4e00-\u9fff]", after)) >= 2:
        phrase = after
    else:
        phrase = FRAME.sub("", re.split(r"[，,；;]", text[: m.start()])[-1])
    if re.search(r"[\u4e00-\u9fff][/／或][\u4e00-\u9fff]", phrase):
        return None  # 算力/智算规模: the asker offers words to choose from, not one the evidence must say
    # M2增速, 5G基站, CPI涨幅: a code with a digit or in capitals names the indicator exactly
    code = re.findall(r"(?<![A-Za-z0-9])(?:[A-Za-z]+\d+[A-Za-z\d]*|\d+[A-Za-z]+|[A-Z]{3,})(?![A-Za-z0-9])", phrase)
    if code and code[-1].lower() not in ("gdp",):
        return code[-1].lower()
    if re.search(r"(?i)gdp|国内生产总值|地区生产总值", phrase):
        return "gdp"  # GDP总量: what documents write as 地区生产总值
    def named(part: str) -> list[str]:
        # (a place's name, 萦山县, is the question's scope, not what it measures; nor is the body that
        # set the figure, 安徽经信厅定了多少台)
        return [w for w in nouns(part) if len(w) >= 2 and w not in places() and w not in ATTRIBUTE_NOUNS
                and not FRAME.fullmatch(w) and not re.search(r"(?:省|市|县|区)$", w) and not BODY.search(w)]
    candidates = named(phrase)
    before = re.split(r"[，,；;]", text[: m.start()])
    if not candidates and phrase is after:
        # 氢能产业到2027年要做到多大规模: 规模 frames the figure; the noun before it is what is measured
        candidates = named(FRAME.sub("", before[-1]))
    if not candidates and len(before) >= 2 and phrase is not after and BODY.search(phrase):
        # 2021年工业机器人推广应用目标，安徽经信厅定了多少台: the clause asking names only who set the
        # figure; the topic before the comma names what it measures
        candidates = named(FRAME.sub("", before[-2]))
    return canonical(candidates[-1]) if candidates else None


def _figure_of_another_place(q: Question, reading: Reading) -> str | None:
    """2018年舟山市工业投资同比增长38.1% in a provincial report, asked for the whole 义甬舟 region: the
    figure's own phrase names a city the question does not ask about and the document is not about."""
    t = reading.target
    if reading.kind != "value" or t is None:
        return None
    doc = reading.document
    asked = set(q.regions + q.cities + q.districts)
    # the place is the phrase's subject: it opens the phrase with its suffix (not 宁波石墨烯…创新中心, a name)
    opening = re.match(r"(?:(?:19|20)\d{2}\s*年(?:底|末)?|其中|全年|同期|[，,\s])*([\u4e00-\u9fff]{2,4}?)[市县区]", t.indicator)
    name = opening.group(1) if opening else ""
    info = places().get(name)
    if info is not None and info.level in ("市", "区县") and not any(name in a or a in name for a in asked) \
            and name not in (doc.place or "") and name not in doc.title:
        return name
    return None


def _same_title(asked: str, title: str) -> bool:
    """A title as the asker writes it (without its 〈〉 or quotes, sometimes shortened) and a document's."""
    a, b = (re.sub(r"[\s〈〉《》“”\"（）()]", "", x) for x in (asked, title))
    return a in b or b in a


def _figure_piece(text: str, t) -> str:
    """The part of its sentence a figure stands in, between the punctuation around it."""
    start = max(text.rfind(p, t.start, t.value_start) for p in "，,；;。：:") + 1
    end = min([i for i in (text.find(p, t.value_end, t.end) for p in "，,；;。") if i >= 0] or [t.end])
    return text[max(start, t.start): end]


def _states(head: str, evidence: str) -> bool:
    return term_found(canonical(head).lower(), re.sub(r"[—–~至到-]", "—", canonical(evidence).lower())) > 0


# an amount asked for (营收是多少, 产值多大), and the words that ask for a share or a rate instead
AMOUNT_ASKED = re.compile(r"(?:营收|营业收入|收入|产值|产业规模|增加值|总额|金额|投资额?|利润)(?:是|为|有|达到?|要达到|定的|目标)?(?:多少|多大|几)(?!个百分点)")
SHARE_ASKED = re.compile(r"占|比重|比例|份额|增速|增长|增幅|率|百分|%|share|percent|rate|growth", re.I)


# who a grant is for: people or organisations (对个人消费者购买…, 对企业采购…)
PERSONS = re.compile(r"个人|消费者|居民|家庭|自然人")
ORGANISATIONS = re.compile(r"企业|单位|法人|机构|公司")


def _other_recipient(question: str, evidence: str) -> bool:
    """The question asks for an organisation and the evidence's recipient is people, or the reverse."""
    rec = re.search(r"对([^，,。；;]{2,20}?)(?:购买|采购|购置|使用|参加|参与)", evidence)
    if rec is None:
        return False
    who = rec.group(1)
    asks_org = bool(ORGANISATIONS.search(question)) and not PERSONS.search(question)
    asks_person = bool(PERSONS.search(question)) and not ORGANISATIONS.search(question)
    return (asks_org and bool(PERSONS.search(who)) and not ORGANISATIONS.search(who)) or \
        (asks_person and bool(ORGANISATIONS.search(who)) and not PERSONS.search(who))


def _condition_figure(text: str, t) -> bool:
    """A figure inside the 对…的 condition of a grant sentence (对…引进年薪50万元以上的…人才，按照…给予奖励):
    it says who qualifies; the grant comes after it."""
    sentence, at = text[t.start: t.end], t.value_start - t.start
    opening = sentence.rfind("对", 0, at)
    if opening < 0 or re.search(r"[，,；;。]|给予|奖励|补助|补贴|资助", sentence[opening:at]):
        return False
    closing = re.match(r"[^，,；;。]{0,15}?的", sentence[at:])
    return closing is not None and bool(re.search(r"给予|奖励|补助|补贴|资助", sentence[at + closing.end():]))


def _rate_asked(text: str) -> bool:
    return bool(re.search(r"增速|增长率|增幅|增长了?多少|growth (?:rate|target)|grow by|increase by", text, re.I)) and not re.search(r"元|金额|总量|规模|amount|value of", text)


# the order the policy asks in: the first check that refuses decides
CHECKS = (Policy._another_region, Policy._another_document, Policy._unknown_document, Policy._another_version, Policy._another_place, Policy._another_year, Policy._another_batch,
          Policy._another_kind_of_figure, Policy._another_indicator, Policy._another_recipient_or_total,
          Policy._excluded_or_missing_object, Policy._another_period_or_condition, Policy._not_an_answer,
          Policy._too_little_covered)
