"""What a question pins down: deadline year or plan period, province or city,
document hints (文号, title words), the kind of answer and quantity asked, and
the language. Also resolves follow-ups ("那2022年呢？", "安徽呢？") against
the previous question without a generative model."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .documents import DOC_NUMBER, PROVINCES
from .lexicon import abbreviations, cities, colloquial, english_places, english_terms, places, provinces
from .numbers import to_halfwidth
from .scope import GENERIC_AREA

PLAN_PERIODS = {"十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}
# Place names and the English policy-term list are data (rag/data/*.tsv), not code.
EN_PROVINCES = {en: zh for en, zh in english_places().items() if zh in provinces()}
EN_PLACES = english_places()
CITIES = cities()

# when applications are taken: a window in the year, not a target's deadline
APPLY_WHEN_Q = re.compile(r"(?:什么时候|何时|几月份?|啥时候|哪个月)(?:可以|能|开始|集中)?(?:申)?报(?!告)|申报(?:时间|日期|期|窗口)|when (?:can|do|does|should) (?:[\w-]+ ){0,4}apply|application (?:window|period)", re.I)
DEADLINE_Q = re.compile(r"哪一?年|何年|几几年|什么时候|何时|截至|截止|期限|时间节点|by when|what year|which year|deadline|(?:^|[,;]\s*)when\s+(?:is|was|will|does|did|should|must|are|were|do)\b", re.I)
EFFECTIVE_Q = re.compile(r"施行|生效|到期|失效|过期|expir|\buntil when\b.{0,120}\bvalid|起实施|管多(?:长时间|久)|管几年|管到(?:哪|什么时候|何时)|(?:到|至)哪(?:年|天|一天)[^？?，,]{0,4}为止|有效多久|多长时间有效|开始(?:执行|实施)|起执行|执行(?:日期|时间)|有效期|有效(?:到|至)|take effect|effective|come into force|in force|valid", re.I)
DATE_Q = re.compile(r"(?:什么时候|啥时候|何时|哪天|哪一天|哪年哪月)(?:到期|失效|过期)|几号[^？?，,]{0,4}(?:挂|公布|公开|贴)(?:出来|出)?的?|(?:哪天|哪一天|什么时候|何时)挂(?:出来|出)的?|\buntil when\b.{0,120}\b(?:valid|in force|effective)|(?:哪天|哪一天|何时|什么时候)(?:在[^？?，,]{0,16})?(?:作|做|发表|宣读)的?(?:报告)?[？?]?$|(?:到期|失效)(?:日期|时间)|\bexpires?\b|有效期.{0,6}(?:哪|何时|什么时候|截止|多久|多长|几年)|管多(?:长时间|久)|管几年|管到(?:哪|什么时候|何时)|(?:到|至)哪(?:年|天|一天)[^？?，,]{0,4}为止|有效多久|有效(?:到|至)(?:哪|何时|什么时候)|how long .{0,120}(?:in force|valid|effective)|(?:stays?|remains?) in force|validity period|until (?:what|which) (?:date|day)\b.{0,160}(?:valid|in force|effective)|(?:valid|in force|effective) (?:until|till|through) (?:what|which|when)|(?:自|从)?哪(?:天|一天|日)(?:起|开始)?(?:施行|生效|实施|执行)|(?:施行|生效)(?:日期|时间)|何时(?:起)?(?:施行|生效)|(?:date|when).{0,160}(?:take effect|effective|come into force)|(印发|发布|出台|成文|签发|落款|下发|发文|发出).{0,6}(时间|日期|哪天|哪一天|何时|什么时候|哪年|哪一年)|(时间|日期|何时|什么时候|哪天|哪一天).{0,8}(印发|发布|出台|成文|签发|下发|发出|发的)|(?:哪天|哪一天|何时|什么时候)(?:上)?报的|when (was|were|did).{0,80}(issued|published|signed|released|printed|dated|held)|(?:什么时候|啥时候|哪天|哪一天|何时)(?:召开|举行|举办|开的)|(?:召开|举行|举办|发布会)(?:时间|日期)|(what|which) (date|day).{0,160}(issued|published|signed|released|printed|dated)|(?:on )?(?:what|which) (?:date|day) did .{0,160}\b(?:sign|issue|publish|release|print)\b|(issue|publication|release|signing) date", re.I)
PERIOD_Q = re.compile(r"规划期限|规划期(?![末内满])|(?:管|覆盖|涵盖|跨|包括)哪几年|时间跨度|规划期是|规划期为|实施期限|planning period|plan period|period does", re.I)
# whom a letter or notice is addressed to (主送)
ADDRESSEE_Q = re.compile(r"主送|发给(?:谁|哪)|(?:答复|回复|复函|函)(?:的是|给了?)(?:谁|哪)|哪位代表|代表是谁|\baddressed to\b|\bto whom\b", re.I)
DOCNUM_Q = re.compile(r"文号|发文字号|哪一?号公告|第几号公告|公告(?:编号|号)|公告(?:是|为)?第?几号|document number|reference number|announcement (?:no\.?|number)", re.I)
ISSUER_Q = re.compile(r"(哪个|哪家|什么|哪些)(部门|单位|机关|机构|处室|处|科室).{0,6}(印发|发布|制定|出台|的|发|写|出|编|提出|牵头|负责|统筹|推进|联合|组织实施)|哪[两几三四][家个](?:部门|单位|机关|机构)(?:联合|共同|一起)?(?:印发|发布|发文|出台|制定|发的|出的)|由哪(?:些|个|家)(?:部门|单位|机关|机构)|出自哪个(部门|单位|机关)|发文机关|印发单位|发文单位|who (issued|wrote|published)|which (department|body|authority|office|agency|ministry|government|organ)s?\b(?=[^?]{0,100}\b(?:issued?|publish(?:ed)?|released?|wrote|written|authored|compiled|drew up|drafted|signed|put out|is behind)\b)", re.I)
NUMBER_Q = re.compile(r"多少|(?:要|需要|得|用)?多(?:长时间|久)(?![^？?，,。]{0,6}一次)|how long (?:does|do|did|will|would|is|are|was)\b(?!.{0,120}(?:in force|valid|effective|period))|多大(?:的)?(?:规模|体量)|\b(?:the )?(?:cap|ceiling|upper limit|maximum|minimum|floor) (?:on|for|of)\b|what(?: is|'s|’s| was) the (?:maximum|minimum|max|min|most|least)\b|(?:规模|金额|体量|总量|面积|幅度)(?:有|为|是)?多(?:大|高|少)|(?:有|是)多大[？?]?$|(?<![第哪那这])几[个家项台座条所种批次倍位]|几成|比重|占比|百分之|how many|how much|what percent|what(?: was| is)? (?:the )?share|what proportion|what is the value|what value|what (?:[\w'’-]+ ){0,3}(?:rates?|scores?)\b|\bwhat (?:was|is|were|are)\b[^?]{0,80}\bgrowth\??$|\bhow fast did\b|\(in (?:trillion |billion |million )?(?:yuan|rmb)\)|\bwhat absolute\b|\bpercentage\b|what(?: is|'s| was| were| are) .{0,60}\btarget\b|\btarget (?:value|for)\b|\btargets? for (?:the )?(?:scale|size|number|share|value|amount|output|revenue|growth|rate)\b|how (?:big|large|high)\b|what (?:was|is|were|are) the (?:absolute |actual |total )?(?:value|amount|number|total|growth|output)|what (?:was|is|were|are) (?:[\w'’-]+\s+){1,5}?(?:growth|growth rate|output|total|share)(?:\s+(?:in|of|for|by)\b|\s*[?(]|$)|what total", re.I)
# (not the first character of a word: 多少项目资助, 多少人才)
EXPLICIT_UNIT = re.compile(r"(?:多少|几)(万元/人|万元/亩|万亿元|亿元|万元|个百分点|万个|万家|万台|家|个|项|台|套|件|人|名|座|条|所|种|批|倍|亩|吨|辆|分|只|户|次|款)(?![目才员单电钟之])")
ATTRIBUTE_Q = re.compile(r"属性|约束性|预期性|binding|anticipatory|\bexpected or\b", re.I)
QUOTED = re.compile(r"[“\"「『《]([^”\"」』》]{1,30})[”\"」』》]")
# 能获得多少补贴: a grant is an amount or a share, never a count
# 那篇的标题是什么 / 全称是什么: a document's own title (an annex's title is asked by 附件…名称)
TITLE_Q = re.compile(r"(?<!附件)(?:标题|题目|全称|全名|文件名称|文件名)(?:是什么|叫什么|是啥|为何)|(?:文件|方案|计划|通知|意见|办法|措施|规划|报告|纲要|公报|解读|份|篇)(?:的)?(?:名字|名称)?(?:到底)?叫什么(?:名字|标题)?[？?]?$|"
                     r"what is the (?:full |exact )?(?:title|name) of (?:the |this |that )?(?:document|report|plan|notice|opinion|measures)", re.I)
GRANT_Q = re.compile(r"多少(?:钱|补贴|补助|奖励|资助|资金|经费|奖补)|(?:补|奖|补贴|补助|奖励|资助|支持|给)(?:了)?多少(?![家个项台座条所种批次倍位])|"
                     r"how much (?:subsidy|support|reward|funding|money)|(?:maximum|most|highest|largest) (?:\w+ )?(?:support|subsidy|subsidies|grant|reward|funding|award)", re.I)
UNIT_HINTS = [
    (re.compile(r"比重|占比|百分|比例|增速|增长率|增幅|(?<![效频汇产])率(?:目标|是|为|要|定|有|多少|[？?，,])|percent|share|proportion|growth rate|\brate\b", re.I), "%"),
    # English counts only when asked for (how much did it save enterprises is an amount)
    (re.compile(r"多少家|几家|how many (?:[\w-]+ ){0,4}(?:companies|enterprises|firms)", re.I), "家"),
    (re.compile(r"多少个|几个", re.I), "个"),
    (re.compile(r"多(?:长时间|久)(?![^？?，,。]{0,6}一次)|多少天|几天|how long\b.{0,80}\b(?:take|takes|took|last|lasts|wait)\b|how many (?:years|months|days|working days)\b", re.I), "天"),  # a duration: 30天, 8个工作日, 3个月
    (re.compile(r"多少万亿|\btrillions?\b", re.I), "万亿元"),
    (re.compile(r"多少亿|billion|hundred million", re.I), "亿元"),
    (re.compile(r"多少钱|how much money|how much (?:in |of )?(?:[\w'’-]+ ){0,4}(?:vouchers?|money|funding|cash|yuan)\b|\bin (?:yuan|rmb|renminbi)\b|absolute (?:value|amount|size)|绝对(?:值|额|量)", re.I), "元"),  # 能补多少钱: an amount of money
    (re.compile(r"多少台|几台|how many (?:[\w-]+ ){0,4}(?:robots|units)", re.I), "台"),
    (re.compile(r"(?:多少|几)项(?!目)|how many (?:[\w-]+ ){0,4}projects", re.I), "项"),
]


@dataclass
class Question:
    text: str  # the question as asked (after follow-up resolution)
    language: str  # zh | en
    years: list[int] = field(default_factory=list)  # explicit years asked about
    period: tuple[int, int] | None = None  # 十四五 → (2021, 2025)
    regions: list[str] = field(default_factory=list)  # provinces named
    cities: list[str] = field(default_factory=list)
    doc_number: str | None = None
    kind: str = "text"  # number | deadline | date | period | doc_number | issuer | text
    unit: str | None = None  # the quantity's unit asked for, if the question says
    quoted: list[str] = field(default_factory=list)  # “…” phrases: the focus of the question
    search_text: str = ""  # text used for lexical search (English glossary terms added)
    resolved_from: str | None = None  # the previous question a follow-up was merged with
    base_years: list[int] = field(default_factory=list)  # 比2023年: years a change is measured from
    source: str = ""  # 经信部门报的: who reported the figure (names the document, not the figure)
    document_words: list[str] = field(default_factory=list)  # English: glossary terms that name a kind of document
    districts: list[str] = field(default_factory=list)  # 杭州滨江区: a district or county inside a named city
    doc_years: list[int] = field(default_factory=list)  # 2018年那份…实施方案: a year that names the document
    named_doc: str | None = None  # the document the question names by its title (set once documents are known)
    # (it stays in `years` for ranking; the policy does not hold a figure to it when it is the document's own year)


DOC_YEAR = re.compile(
    r"((?:19|20)\d{2})\s*年\s*(?:的|那份|这份|那个|这个|出台的|印发的|发布的|制定的)?\s*[“\"《]?[^，,。？?；;）)和与及、]{0,30}?"
    r"(?:实施方案|行动方案|工作方案|方案|规划|实施意见|意见|通知|行动计划|办法|措施|纲要|工作要点|要点|文件|工作报告|报告|公报|工作总结|总结|通报|公告|指南)[”\"》]?"
    r"(?=[，,（(的里中和与及、给第]|提出|要求|明确|定|点名|规定|指出|说|讲|提|把|对|将|要|多少|各|分别|安排)")


# 经信部门报的…, 据统计局公布的…: who reported the figure picks the document; those words are not the figure's
SOURCE_FRAME = re.compile(
    r"(?:据|按照?|根据)?(?:(?!年)[\u4e00-\u9fff]){0,8}?(?:部门|厅|局|委|办|政府|机关)(?:所|自己)?"
    r"(?:报|上报|发布|公布|统计|通报|披露|报告|给出|提供|列出|说)的")
DOC_TYPE_WORD = re.compile(r"(?:报告|公报|通知|方案|计划|要点|意见|规划|办法)$")


def written_form(text: str) -> str:
    """A question as documents would word it: spoken forms (啥, 盘子有多大) replaced, and a run of
    provinces' one-character names that counts them (浙皖两省, 苏浙沪三地) spelled out, and a year
    said with two digits (21年) written with four."""
    for pattern, written in colloquial():
        text = pattern.sub(written, text)
    short = {s: p.name for p in places().values() if p.level == "省" for s in p.short}
    run = "[" + "".join(short) + "]"
    def spell(m: re.Match[str]) -> str:
        names = [short[ch] for ch in m.group(1)]
        return "、".join(names[:-1]) + "和" + names[-1]
    text = re.sub(rf"(?<!{run})({run}{{2,4}})(?=[两三四五](?:省|地|家|市|方|个))", spell, text)
    # 21年, 25年底: a year said with two digits where a phrase starts or a part of a year follows
    return re.sub(r"(?:(?<=^)|(?<=[，,。？?、；;：:\s到在至从和与及])|(?<=截至)|(?<=截止))(1[5-9]|[23]\d)(?=年(?![来内间以多左后前]))"
                  r"|(?<![\d.])(1[5-9]|[23]\d)(?=年(?:底|末|初|年底|年初|全年|上半年|下半年|目标|计划))",
                  lambda m: "20" + (m.group(1) or m.group(2)), text)


def _long_forms(text: str) -> list[str]:
    """The written-out form of each abbreviation a text uses (社零 → 社会消费品零售总额), where the
    abbreviation list gives one as its first, plain alternative."""
    out = []
    for pattern, short in abbreviations():
        first = pattern.pattern.split("|")[0]
        # (a two-character short form, 经信 or 技改, is common enough in the documents themselves)
        if len(short) >= 3 and not short.isascii() and (short in text.lower() or pattern.search(text)) \
                and re.fullmatch(r"[\u4e00-\u9fff]{3,}", first):
            out.append(first)
    return out


def detect_language(text: str) -> str:
    letters = sum(1 for c in text if c.isascii() and c.isalpha())
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    if letters > 3 * max(cjk, 1) or (cjk == 0 and letters > 0):
        return "en"
    # what was 漪川市's Jan–Apr 规上工业增加值 growth?: an English sentence around Chinese terms
    grammar = len(re.findall(r"(?i)\b(?:what|how|which|who|when|where|is|was|are|were|does|did|do|the|of|in|for|by)\b", text))
    asks = re.search(r"(?i)\b(?:what|how|which|who|when|where)\b", text)
    return "en" if asks and grammar >= 2 and not re.search(r"[吗呢多少什么哪几是否怎]", text) else "zh"


def _years(text: str) -> list[int]:
    """Years asked about: 2025年 (a bare 2025 only in English: 中国制造2025 is a name,
    1900亿元 an amount)."""
    years = [int(y) for y in re.findall(r"(?<![\d.])((?:19|20)\d{2})(?=\s*年)", text)]
    # English: "by 2025", "in 2020", "2025 target" (not "Made in China 2025", a name)
    years += [int(m.group(2)) for m in re.finditer(
        r"(?i)\b(by|in|for|until|before|after|from|to|since|of|end of|during)\s+(?:the end of\s+)?((?:19|20)\d{2})\b(?![\w.%])", text)]
    years += [int(y) for y in re.findall(r"(?i)\b((?:19|20)\d{2})\s+(?:target|goal|plan|work report|report)", text)]
    # the 2025 GDP growth target (not the 2025 government work report: that year names a document)
    years += [int(y) for y in re.findall(r"(?i)\b((?:19|20)\d{2})\s+(?:[a-z-]+\s+){1,3}?(?:targets?|goals?)\b", text)]
    years += [int(y) for y in re.findall(r"(?i)(?:january|february|march|april|may|june|july|august|september|october|november|december),?\s+((?:19|20)\d{2})\b", text)]
    return list(dict.fromkeys(years))


def analyse(text: str) -> Question:
    text = re.sub(r"\s+", " ", text).strip()
    if re.search(r"[\u4e00-\u9fff]", text):
        text = written_form(text)
    half = to_halfwidth(text)
    lower = half.lower()
    language = detect_language(half)
    q = Question(text=text, language=language)
    q.years = _years(half)
    # 比2023年增长多少: a base year is what the change is measured from, not the year asked about
    q.base_years = [int(y) for y in re.findall(r"(?:比|较|相比|同比)\s*((?:19|20)\d{2})\s*年", half)]
    # 2018年那份…实施方案 / 2018年的…方案点名…: the year names which document, not the year asked about
    elsewhere = _years(DOC_YEAR.sub("", half))  # a year also asked about outside the document's name stays asked
    q.doc_years = [int(m.group(1)) for m in DOC_YEAR.finditer(half) if int(m.group(1)) not in elsewhere]
    for name, span in PLAN_PERIODS.items():
        if name in half:
            q.period = span
    m = re.search(r"(\d{1,2})th five[- ]year", lower)
    if m:
        q.period = {"11": (2006, 2010), "12": (2011, 2015), "13": (2016, 2020), "14": (2021, 2025), "15": (2026, 2030)}.get(m.group(1))
    q.regions = [p for p in PROVINCES if p in half]
    q.regions += [zh for en, zh in EN_PROVINCES.items() if re.search(rf"\b{en}\b", lower) and zh not in q.regions]
    q.cities = [c for c in CITIES if c in half]
    # the Yiwu-Ningbo-Zhoushan corridor: places joined by hyphens name a thing, not places asked about
    named = " ".join(m.group() for m in re.finditer(r"\b[a-z]+(?:-[a-z]+)+\b", lower)
                     if sum(part in EN_PLACES for part in m.group().split("-")) >= 2)
    loose = re.sub(r"\b[a-z]+(?:-[a-z]+)+\b", lambda m: " " if m.group() in named.split() else m.group(), lower)
    q.cities += [zh for en, zh in EN_PLACES.items() if zh in CITIES and zh not in q.cities and re.search(rf"\b{re.escape(en)}\b", loose)]
    q.districts = [m.group(1) for m in re.finditer(
        rf"(?:{'|'.join(map(re.escape, CITIES))})市?([\u4e00-\u9fff]{{2,3}}?(?:新区|区|县))", half)
        if not GENERIC_AREA.search(m.group(1)) and not re.search(r"[各全本所该每与和及的在对将把有要求是为等]", m.group(1))]
    dn = DOC_NUMBER.search(half)
    q.doc_number = dn.group(0) if dn else None

    source = SOURCE_FRAME.search(half)
    q.source = source.group(0) if source else ""
    named_doc = DOC_YEAR.search(half)
    if not q.source and named_doc and int(named_doc.group(1)) in q.doc_years and re.match(r"[里中第]", half[named_doc.end():]):
        q.source = named_doc.group(0)  # 2020年经信工作总结里: the words name the document, not the figure
    q.quoted = [m.strip() for m in QUOTED.findall(text) if m.strip()]
    # a quoted title may hold quotes of its own: 《国务院关于深入实施“人工智能+”行动的意见》
    q.quoted += [t for t in re.findall(r"《([^《》]{2,80})》", text) if t not in q.quoted]
    if DATE_Q.search(half):
        q.kind = "date"
    elif ATTRIBUTE_Q.search(half):
        q.kind = "text"
    elif PERIOD_Q.search(half):
        q.kind = "period"
    elif TITLE_Q.search(half):
        q.kind = "title"
    elif DOCNUM_Q.search(half):
        q.kind = "doc_number"
    elif ISSUER_Q.search(half):
        q.kind = "issuer"
    elif APPLY_WHEN_Q.search(half):
        q.kind = "text"  # 什么时候报: the window an application is open, said in a sentence (每年3月1日至4月30日)
    elif DEADLINE_Q.search(half) and not re.search(r"多少|(?<![哪那这])几[个家项台座条所种批次倍位]|how many|how much", half, re.I):
        q.kind = "deadline"
    elif NUMBER_Q.search(half):
        q.kind = "number"
    explicit = EXPLICIT_UNIT.search(half)
    if re.search(r"(?:多少|几)个?(?:百分)?点", half):
        # 再贴几个点, 比重提高几个点: percentage points of a rate or share; 社零涨了几个点: a growth in %
        rate = re.search(r"率|比重|占比|比例|份额|贴息|利率", half) or "百分点" in half
        q.unit = "个百分点" if rate else "%"
    elif explicit:
        q.unit = explicit.group(1)
    else:
        for pattern, unit in UNIT_HINTS:
            if pattern.search(half):
                q.unit = unit
                break

    extra = []
    if language == "en":
        extra = english_terms(lower)
        months = "january february march april may june july august september october november december".split()
        for a, b in re.findall(r"(?i)\b(" + "|".join(months) + r")\s*(?:[-–—]|to|through)\s*(" + "|".join(months) + r")\b", lower):
            extra.append(f"{months.index(a) + 1}—{months.index(b) + 1}月")
        extra += [zh for en, zh in EN_PROVINCES.items() if re.search(rf"\b{en}\b", lower)]
        extra += [c for c in q.cities if c not in extra]  # Hefei → 合肥: the documents write the place in Chinese
    # government work report → 政府工作报告 names which document; as a search word it would weigh
    # every passage of that document alike
    q.document_words = [t for t in extra if DOC_TYPE_WORD.search(t)]
    # 社零 in a question searches for 社会消费品零售总额 too: retrieval does not know the short form
    extra += [long for long in _long_forms(half) if long not in half]
    if APPLY_WHEN_Q.search(half) and "申报时间" not in half:
        extra.append("申报时间")  # 什么时候报: documents say 申报时间为每年…
    if re.search(r"全年|一整年", half) and not re.search(r"\d{1,2}\s*[—–-]\s*\d{1,2}月", half):
        extra.append("1—12月")  # a statistics report writes the full year as 1—12月
    q.search_text = " ".join([half] + [t for t in extra if t not in q.document_words])
    return q


def _history_questions(history) -> list[str]:
    """Accept a list of questions, (question, answer) pairs, or chat messages."""
    out: list[str] = []
    if isinstance(history, str):
        history = [history]
    if not isinstance(history, (list, tuple)):
        return out  # anything else is no usable history
    for item in history:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            content = item.get("content")
            if isinstance(content, list):  # Gradio 6: [{"type": "text", "text": …}, …]
                content = " ".join(part.get("text", "") for part in content if isinstance(part, dict))
            if item.get("role") == "user" and isinstance(content, str):
                out.append(content)
        elif isinstance(item, (list, tuple)) and item and isinstance(item[0], str):
            out.append(item[0])
    return [h for h in out if h.strip()]


def _content_left(text: str) -> str:
    """What remains of a question once years, places and filler are removed."""
    t = to_halfwidth(text)
    t = re.sub(r"(?:19|20)\d{2}\s*年?", "", t)
    for p in PROVINCES + CITIES + list(PLAN_PERIODS):
        t = t.replace(p, "")
    t = re.sub(r"\b(" + "|".join(EN_PROVINCES) + r")\b", "", t, flags=re.I)
    t = re.sub(r"那么|那|呢|的|省|市|又|如何|怎么样|what about|how about|and|in|by|the|for|year|[?？!！,，。.\s]", "", t, flags=re.I)
    return t


def resolve_follow_up(text: str, history) -> tuple[str, str | None]:
    """"那2022年呢？" after "到2025年建成多少个5G基站？" → "到2022年建成多少个5G基站？"."""
    previous = _history_questions(history)
    if not previous:
        return text, None
    half = to_halfwidth(text.strip())
    if len(half) > 30 or len(_content_left(half)) > 4:
        return text, None  # a question of its own
    base = previous[-1]
    # the previous question may itself have been a follow-up: walk back to a full one
    for earlier in reversed(previous):
        if len(_content_left(earlier)) > 4:
            base = earlier
            break
    new = analyse(half)
    new_years = new.years or [int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", half)]  # "What about 2022?"
    merged = base
    if new_years:
        old_years = _years(to_halfwidth(base))
        if old_years:
            # replace the year asked about (2025年 / by 2025), never a name like 中国制造2025
            pattern = rf"{old_years[0]}(?=\s*年)|(?<=\s){old_years[0]}\b"
            merged = re.sub(pattern, str(new_years[0]), merged, count=1)
        else:
            merged = f"{new_years[0]}年" + merged
    if new.regions or new.cities:
        place = (new.regions or new.cities)[0]
        old = analyse(base)
        old_place = (old.regions or old.cities or [None])[0]
        if old_place and old_place in merged:
            merged = merged.replace(old_place, place)
        elif old.language == "en" and old.regions:
            en = next((e for e, z in EN_PROVINCES.items() if z == old.regions[0]), None)
            new_en = next((e for e, z in EN_PROVINCES.items() if z == place), place)
            merged = re.sub(en, new_en.title(), merged, flags=re.I) if en else merged
        else:
            merged = place + merged
    if merged == base:
        return text, None
    return merged, base
