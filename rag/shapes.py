"""Stage 8a — shape: what kind of answer a question wants, and for comparisons
the parts it splits into.

    value       one figure or deadline             到2025年建成多少个5G基站？
    list        the items under a heading or in    重点任务有哪些？ 涉及哪几个城市？
                an enumeration
    compare     one value per region/year/indicator 浙江和安徽…分别是多少？
    goals       a document's goals clause          …的主要目标是什么？
    definition  the sentence that defines a term   什么是“未来工厂”？
    metadata    date, 文号, issuer, which document …的文号是什么？ 哪份文件提出了…？
    sentence    anything else: the best sentence
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from dataclasses import dataclass

from .lexical import nouns, without_trailing_verb, words
from .lexicon import cities, english_places, places
from .query import ADDRESSEE_Q, Question, analyse

WHICH_DOC = re.compile(r"哪(?:一)?(?:份|个|部|项|篇)(?:文件|政策|方案|规划|通知|意见|计划|措施|报告)|出自哪|哪份|什么文件|which (?:document|policy|plan|notice|file)|what document", re.I)
GOALS = re.compile(
    r"(?:主要|发展|总体|工作|行动|预期|具体|远期|近期|中期)?目标.{0,10}?(?:是什么|有哪些|是哪些|(?:都)?有什么|包括|为何|(?:是)?(?:怎么|如何|怎样)(?:定|设定|确定|规定|安排))|(?:实现|达到|达成|提出|设定|有|定了?|提了?)(?:什么|哪些)(?:样的)?目标|(?:主要|发展|总体|工作|行动|预期|量化|数量|数字)目标|主要指标|硬指标|量化指标|(?:要|能)?达到哪些数|(?:定|提|设|订)了?(?:哪些|什么)(?:数|数字|数据|量化)|哪些[\u4e00-\u9fff]{0,4}(?:目标|指标)|哪些[^，,。？?]{0,12}的(?:目标|指标)|"
    r"(?:发展|战略|功能|总体)定位|(?:怎么|如何|怎样)设想|设想(?:是什么|有哪些)|(?:想|要|希望|计划|打算)(?:做到|达到|实现|干到|发展到)什么(?:程度|水平|样子|目的)|(?:出台|制定|印发)[^，,。？?]{0,12}(?:的)?目的(?:是什么|是啥|何在)|发展到什么(?:程度|水平)|定位(?:是什么|有哪些|是哪些)|主要内容|(?:main|key|overall|development|major|work|headline)\s+(?:goals?|objectives?|targets|indicators)|what (?:are|were) the (?:\w+ )?(?:goals?|objectives?)|goals? of|"
    r"\baims? to (?:achieve|have|reach)\b|\b(?:supposed|expected|meant|set|due) to (?:deliver|achieve|accomplish)\b|\bwhat (?:will|should|must|does|do) (?:[\w'’-]+ ){1,8}(?:deliver|achieve|accomplish)\b|\bwhat (?:[\w'’-]+ ){0,4}targets\b|\benvisage|\benvision",
    re.I)
LIST = re.compile(
    r"哪些|包含哪些|涵盖哪些|涉及哪些|哪几[个项类方家条种批座所大点块步]|哪几个?(?:阶段|环节|步骤)|哪[三四五六七八九十\d]{1,2}(?:个|项|类|条|种|批|大|方面|部分)|哪几部分|哪些方面|哪几方面|主要任务|重点任务|重点工作|重点领域|重点方向|重点品类|重点产业|"
    r"(?<![“\"])([两二三四五六七八九十]{1,2})([\u4e00-\u9fff]).{0,30}?哪\1\2|"  # 两翼是哪两翼 (“三情叠加”是哪三情 defines a term)
    r"保障措施|主要措施|举措|列举|分为几|(?:要求|条件|材料|指标|内容|措施|任务)(?:都|主要)?有(?:啥|哪些|什么)|几[个项类条大种][\u4e00-\u9fff“”+]{1,16}分别(?:是|为|指)(?:什么|哪些|啥)|"
    r"\b(?:which|what) (?:[\w-]+ ){0,3}(?:cities|industries|companies|enterprises|firms|factories|tasks|measures|areas|fields|sectors|chains|projects|categories|products|scenarios|steps|actions|directions|segments|types|kinds|events|departments|platforms|programs|programmes|stages|aspects|tracks|methods|ways|forms|means|modes|conditions|criteria|requirements|materials|attachments|annexes|appendices|issues|problems|challenges|risks|difficulties|shortcomings|priorities)\b|"
    r"\blist\b|what are the (?:main|key|major)|\b(?:which|what) (?:two|three|four|five|six|seven|eight|nine|ten)\b", re.I)
DEFINITION = re.compile(
    r"什么样的[^？?，,]{0,12}(?:才)?(?:算|属于|称为|叫)|(?:怎样|如何|怎么)(?:才)?(?:算|称得上)[“\"「]|什么是|是指什么|指什么|(?:是个?|是一个|属于)?什么概念|(?:怎么|如何|怎样)解释[“\"「]|指的是什么|是什么意思|什么意思|含义|的定义|如何定义|(?:如何|怎样|怎么)(?:界定|定义|认定)|(?:按|用|以)?(?:什么|哪种|哪个)口径|口径(?:是什么|是啥|怎么|如何)|所谓|何为|"
    r"(?:算|包括|包含)(?:哪些|什么)[、，,]?(?:哪些)?(?:不算|不包括|不包含|不含)|"  # 固定资产投资额算哪些、不算哪些: its defined scope
    r"what (?:is|are) meant by|what counts as|what is counted as|what does .{1,60} (?:mean|refer to|stand for)|\bdefin(?:e|ition)\b|what (?:is|are) (?:an? |the )?[\"“'‘]", re.I)
COMPARE = re.compile(r"差多少|相差|差距|差了?几|比[^，,。？?]{0,6}(?:高|多|低|少)(?:出|了)?多少|分别|各自|各为|各是|各(?:增长|达到|有|占|完成|提出?了?|定了?|设了?|计划)|各[\u4e00-\u9fff]{0,4}多少|各[\u4e00-\u9fff]{0,4}几[个家项台座条所种批次倍位]|相比|比较|对比|哪个更|哪个高|哪个多|谁更|更高|更多|更大|更快|高于|低于|多于|少于|"
                     r"respectively|\beach\b|compare|compared|versus|\bvs\.?|which (?:is|was) (?:higher|larger|bigger|greater|more)|difference between", re.I)
HIGHER = re.compile(r"哪个更|哪个高|哪个多|谁更|更高|更多|更大|更快|higher|larger|bigger|greater|more", re.I)
# 两省差多少 / 相差多少 / 差距有多大: the difference asked after the parts is the comparison, not a part
DIFFERENCE = re.compile(r"(?:两省|两市|两地|两者|二者|两个|两项|两年|前后|之间|这两[个项]?|它们)?(?:相|的)?(?:差|相差|差距)(?:了|有|是)?(?:多少|几[个]?(?:百分点|点)?|多大)|(?:高|多|低|少)(?:出|了)?多少|how (?:big|large) is the (?:gap|difference)|what is the difference", re.I)
# 城镇新增就业：今年的预期目标，跟去年实际完成比差多少？: each side of 跟…比 is a part; what the
# question says before its colon is the topic of both
AGAINST = re.compile(r"^(?P<topic>[^：:，,]{2,20}[：:，,])?(?P<a>[^：:]+?)[，,]?\s*(?:跟|与|和|同|较)(?P<b>[^，,？?]{2,40}?)(?:的)?(?:相比|比较|对比|(?<!占)比(?![重例率]))[，,]?\s*(?P<diff>.*)$")


# a question about a thing's goals/tasks/measures is not a definition of that thing
NOT_A_TERM = re.compile(r"(?:目标|任务|指标|措施|日期|文号|内容|要求|重点|方向|路径|原则|思路|期限|时间|标准|条件|数量|金额|比例)$")
# 2025年和2027年… / in 2025 and in 2027: two years asked side by side
YEAR_PAIR = re.compile(r"(?:19|20)\d{2}\s*年?(?:底|末)?\s*(?:和|与|及|以及|、|,?\s*and)\s*(?:in\s+|by\s+)?(?:到|至)?(?:19|20)\d{2}", re.I)
# What were China's birth rate and death rate in 2024? — two values in one English question
EN_PAIR = re.compile(r"^(?:what|how (?:many|much))\b(?:\s+(?:was|were|is|are))?\s+(?P<a>[^?]+?)\s+and\s+(?P<b>(?:the\s+)?[a-z][^?,]*?)(?P<rest>\s+(?:in|by|for|at)\s+[^?]+)?\?$", re.I)
CONJUNCTION = re.compile(r"以及|和|与|及|同|、|跟|\band\b|\bversus\b|\bvs\.?")
RELATIVE_YEAR = "今年|去年|明年|上年|当年"  # a year named from when the text speaks


@lru_cache(maxsize=1)
def _place_names() -> tuple[str, ...]:
    """The gazetteer's names a later question may leave out (not 全国/全省: those are areas, not places)."""
    return tuple(p for p in places() if len(p) >= 2 and not p.startswith("全"))


@dataclass(frozen=True)
class Part:
    """One side of a comparison: its label and the question that asks for it alone."""

    label: str
    question: str


def classify(q: Question) -> str:
    text = q.text
    if (re.search(r"分别|各自|respectively", text, re.I) or FOLLOW_ON.match(text)) and len(split_parts(q)) >= 2:
        return "compare"  # 两份通知分别是哪天发出的: a date or 文号 per document; …是多少？安徽呢？
    if q.kind in ("date", "doc_number", "issuer", "period", "title") or WHICH_DOC.search(text) or ADDRESSEE_Q.search(text):
        return "metadata"
    # (in the eastern region, the western region and the northeastern region: English lists places without 分别)
    en_places = q.language == "en" and len(set(q.regions + q.cities)) >= 2 and re.search(r"\band\b|,", text)
    if (COMPARE.search(text) or len(_questions_in(text)) >= 2 or YEAR_PAIR.search(text) or _en_pair(text) or en_places) \
            and len(split_parts(q)) >= 2:
        return "compare"
    if q.kind == "number" and re.search(r"(?:是|有|包括)(?:哪些|哪几)|(?:分别|各|都)(?:是|为|有|叫)(?:啥|什么|哪些)", text) \
            and not re.search(r"多少|how many|how much", text, re.I):
        return "list"  # 要支持建设的几个大数据中心是哪些 / 一共几条，分别是啥: the 几 counts what is listed
    if (DEFINITION.search(text) or re.search(r"表示|代表|\bmean", text)) and table_mark(text):
        return "definition"  # what does a figure in square brackets mean: the mark, not the figure
    if q.kind in ("number", "deadline"):
        return "value"
    if GOALS.search(text):
        return "goals"
    if DEFINITION.search(text) and not NOT_A_TERM.search(definition_term(q) or "目标"):
        return "definition"
    if LIST.search(text):
        return "list"
    m = re.match(r"^(.{1,20}?)是什么[?？]?$", text)
    if m and not NOT_A_TERM.search(m.group(1)) and not re.search(r"的", m.group(1)[-3:]):
        return "definition"  # 未来工厂是什么？
    return "sentence"


# the marks an indicator table's 注 explains (注：[]为5年累计；*为2019年数值), by the names a question gives them
TABLE_MARKS = ((r"方括号|中括号|[“\"]?(?:\[\]|［］)|square brackets?", "[]"), (r"星号|带\*|[“\"]\*[”\"]|asterisk", "*"),
               (r"井号|带#|[“\"][#＃][”\"]|hash (?:sign|mark)", "#"))


def table_mark(text: str) -> str | None:
    """The mark of an indicator table a question names ([] for 方括号 or square brackets), if any."""
    return next((mark for name, mark in TABLE_MARKS if re.search(name, text, re.I)), None)


def definition_term(q: Question) -> str | None:
    """X of 什么是X / X是指什么 / X的含义 / what is meant by X / what does X mean: the quoted
    phrase next to the asking words, else the words before them after the last 的 (…方案里的MaaS平台)."""
    symbol = table_mark(q.text)
    if symbol:
        return symbol  # 指标表里带方括号的数字什么意思: the mark a table's 注 explains ([]为5年累计)
    # How does the policy define R&D investment (研发投入)?: the asker gave the term itself, set apart
    # (not a place's name written in Chinese: 河阳's bulletin)
    chinese = re.findall(r"[（(“\"'‘]([\u4e00-\u9fff]{2,})[)）”\"'’]", q.text)
    if q.language == "en" and len(chinese) == 1:
        return chinese[0]
    # What does the policy mean by a 数字化车间 (digital workshop)?: the one Chinese term it writes
    named = q.regions + q.cities + q.districts  # (Jingchuan is written 璟川 once read: a place, not the term)
    bare = [w for w in re.findall(r"[\u4e00-\u9fff]{2,}", q.text) if w not in places() and not any(w in p or p in w for p in named)]
    if q.language == "en" and not chinese and len(bare) == 1:
        return bare[0]
    glossed = re.search(r"(?i)\bwhat (?:does|do|is|are)(?: the)? ['\"“‘][^'\"”’]{2,60}['\"”’]\s*[（(]([\u4e00-\u9fff]{2,})[)）]", q.text)
    if glossed:
        return glossed.group(1)  # what does the 'one corridor' (一廊) refer to: the asker's own Chinese for it
    asked = re.search(r"(?i)\bwhat (?:does|do|is|are)(?: the)? ['\"“‘]([^'\"”’]{2,60})['\"”’]", q.text)
    if asked:
        return asked.group(1)  # what does 'OPC' in its 'OPC community' stand for: the first one asked about
    single = re.findall(r"(?<![A-Za-z])'([^']{2,60})'(?![A-Za-z])|[\"“]([A-Za-z][^\"”]{1,59})[\"”]", q.text)
    if single and q.language == "en":
        return "".join(single[-1])  # English: the 'computing power supermarket', the "three overlapping situations"
    text = re.sub(r"[?？。!！\s]+$", "", q.text)
    m = re.search(r"[“\"「『]([^”\"」』]{1,30})[”\"」』](?:中的[“\"「『][^”\"」』]{1,30}[”\"」』])?\s*(?:到底|究竟|具体|实际上|本身)?\s*(?:是指|指的是|指|是什么|(?:是个?|是一个)?什么(?:概念|意思)|的含义|的定义|是何|如何|是?(?:怎么|怎样)(?:界定|定义|认定)|(?:按|用|以)?(?:什么|哪种|哪个)口径|的?口径)", text)
    if m:
        inner = re.findall(r"[“\"「『]([^”\"」』]{1,30})[”\"」』]", m.group())
        return inner[-1]
    m = re.search(r"(?:什么是|何为|所谓|界定|解释|才算|算是|称为|称得上|叫做?)\s*[“\"「『]([^”\"」』]{1,30})[”\"」』]", text)
    if m:
        return m.group(1)
    for pattern in (r"(?:什么是|何为|所谓)(.+)$", r"^(.+?)(?:到底|究竟)?(?:是指什么|指什么|指的是什么|是什么意思|什么意思|(?:是个?|是一个)?什么概念|的含义|含义是什么|的定义|如何定义|是?(?:怎么|怎样|如何)(?:界定|定义|认定)|是?(?:按|用|以)(?:什么|哪种|哪个)口径|是什么|(?:算|包括|包含)(?:哪些|什么)[、，,]?(?:哪些)?(?:不算|不包括|不包含|不含))",
                    r"(?i)what (?:is|are) meant by (.+)$", r"(?i)what does (.+?) (?:mean|refer to|stand for)", r"(?i)\bdefine (.+)$",
                    r"(?i)what (?:is|are) (?:an? |the )?(.+)$"):
        m = re.search(pattern, text)
        if m:
            asked = re.sub(r"[，,\s]*(?:具体|到底|究竟|实际上|又|就|各|分别|各自)*[，,\s]*$", "", m.group(1))  # …工程，具体指的是什么
            pieces = [p for p in re.split(r"[，,；;]", asked) if len(p.strip(" “”\"'‘’「」")) >= 2] or [asked]
            term = pieces[-1].strip(" “”\"'‘’「」")  # …老提OPC社区，OPC到底是啥
            term = re.sub(r"^(?:这个|那个|这一|这里的|该|这)(?=.{2})", "", term)  # …“OPC社区”，这个OPC是什么意思
            if "的" in term and len(term.rsplit("的", 1)[1]) >= 2:
                term = term.rsplit("的", 1)[1]  # 南京方案里的MaaS平台 → MaaS平台
            term = re.sub(r"^.*?(?:方案|办法|规划|意见|通知|计划|措施|报告|文件|政策|总结|月报|公报|年报)(?:里面?|中|当中)", "", term) or term  # 办法里首台套
            quoted = re.findall(r"[“\"「『]([^”\"」』]{1,30})[”\"」』]", term)
            if quoted:
                return quoted[-1]  # “415”产业集群 → 415
            return term.strip(" “”\"'‘’「」") or None
    return None


EN_COMPARE = re.compile(r"^(?P<lead>.*?)\bhow (?:does|do|did|will) (?P<a>.+?) compare (?:with|to|against) (?P<b>.+?)\s*\?*$", re.I)


# English sides of several words: what is <a> vs. <b>? (the words before the colon are both sides' topic)
EN_VERSUS = re.compile(r"^(?P<topic>[^:?]{2,100}:\s*)?(?P<lead>(?:what|how (?:many|much|high|large))\b[^?]*?\b(?:is|was|are|were)\s+)"
                       r"(?P<a>(?:\S+\s+){2,}?\S+?)\s+(?:versus|vs\.?)\s+(?P<b>(?:\S+\s+){2,}?\S+?)\s*\?*$", re.I)


def _en_compare(text: str) -> list[Part] | None:
    """By 2025, how does A compare with B?: one part asks for A, the other for B, each with
    what the question says before (By 2025,)."""
    m = EN_COMPARE.match(text)
    if m is None:
        return None
    lead = m.group("lead").strip()
    lead = lead + " " if lead else ""
    sides = [m.group("a").strip(), re.sub(r"^(?:that of|those of)\s+", "", m.group("b").strip(), flags=re.I)]
    return [Part(side if len(side) <= 48 else side[:47] + "…", f"{lead}What is {side}?") for side in sides]


def _en_pair(text: str) -> tuple[str, str, str] | None:
    """(A, B, what follows) of 'What were A and B in 2024?', when A and B are noun phrases."""
    m = EN_PAIR.search(text)
    sizes = (len(m.group("a").split()), len(m.group("b").split())) if m else (0, 0)
    if min(sizes) < 2 or max(sizes) > 6:
        return None  # two short noun phrases, not a long title that happens to hold 'and'
    if re.search(r"\b(?:does|do|did|will|would|should|can|could|are|is|was|were|has|have|had)\b", m.group("a") + " " + m.group("b"), re.I):
        return None  # 'measures and tasks does Beijing set out': a clause, not two values
    if re.search(r"\b(?:that|which|who|whose|where)\b", m.group("a"), re.I):
        return None  # 'the battles that Zhejiang's industry and IT system fought': the 'and' is inside a clause
    return m.group("a"), m.group("b"), m.group("rest") or ""


def _place_position(text: str, place: str) -> int:
    """Where a place is named, in Chinese or by an English name (parts keep the question's order)."""
    lower = text.lower()
    found = [text.find(place)] + [lower.find(e) for e, zh in english_places().items() if zh == place]
    return min([f for f in found if f >= 0], default=999)


def _remove_place(text: str, place: str) -> str:
    """Drop a place and the conjunction that joined it: 浙江和安徽… → 浙江…"""
    suffix = r"(?:省|市|地区|区)?(?:全省|全市|全县|全区)?"  # (湖南全省和青岚县: the whole area goes with its place)
    # 浙江和安徽 → 安徽 (the place and the conjunction after it), 浙江和安徽 → 浙江 (the conjunction before it)
    text, n = re.subn(rf"{re.escape(place)}{suffix}\s*(?:以及|和|与|及|同|跟|、)", "", text, count=1)
    if not n:
        text = re.sub(rf"(?:以及|和|与|及|同|跟|、|,|，)\s*{re.escape(place)}{suffix}", "", text, count=1)
    text = re.sub(rf"{re.escape(place)}{suffix}\s*", "", text, count=1)
    for name in (e for e, zh in english_places().items() if zh == place):  # Zhejiang and Anhui → Zhejiang
        text = re.sub(rf"(?i)(?:,?\s*\band\s+|,\s*)(?:the\s+)?{re.escape(name)}\b", "", text, count=1)
        # (Guangdong (by 2027) and Shenzhen: an aside on the place goes with it)
        text = re.sub(rf"(?i)\b(?:the\s+)?{re.escape(name)}(?:\s*\([^()]*\))?(?:\s+and\b|\s*,)?\s*", "", text, count=1)
    return text


def _remove_year(text: str, year: int) -> str:
    y = str(year)
    text = re.sub(rf"(?:以及|和|与|及|、|,|，|\band\b)\s*(?:(?:in|by)\s+)?(?:到|至)?{y}\s*年?(?:底|末)?", "", text, count=1)
    text = re.sub(rf"(?:\b(?:in|by)\s+)?(?:到|至)?{y}\s*年?(?:底|末)?\s*(?:以及|和|与|及|、|\band\b)?\s*", "", text, count=1)
    return text


def _tidy(text: str) -> str:
    text = re.sub(r"分别|各自|各为|各是|respectively", "", text)
    text = re.sub(r"[，,？?]?\s*(?:其中)?(?:哪个|哪一个|谁)[\u4e00-\u9fff]{0,4}?更?(?:高|多|大|快|低|少)[?？]?$|[,，]?\s*(?:and )?which (?:is|was) (?:higher|larger|bigger|greater|more)\??$", "", text)
    text = re.sub(r"相比|比较|对比", "", text)
    text = re.sub(r"(?<=[\u4e00-\u9fff])各(?=[\u4e00-\u9fff]{0,4}多少|增长|达到|有|占|完成)", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ，,、？?")
    if re.search(r"[\u4e00-\u9fff]$", text) and not ASKING.search(text):
        text += "是多少"  # 浙江…增速哪个更高 → 浙江…增速是多少
    if not re.search(r"[?？]$", text):
        text += "?" if re.search(r"[a-zA-Z]{3}", text[-12:]) else "？"
    return text


ASKING_FIGURE = re.compile(r"多少|几[个家项台座条所种批次倍位]|哪一?年|how many|how much", re.I)


def _place_segments(text: str, places: list[str]) -> list[Part] | None:
    """广东全省算力规模目标和杭州市投入市场的智算规模目标分别是多少: each place has its own
    phrase; a part is what precedes the first place, its own phrase and what follows the last."""
    starts = [text.find(p) for p in places]
    if sorted(starts) != starts or -1 in starts:
        return None
    m = re.search(r"分别|各自|各为|各是|各(?=[\u4e00-\u9fff]{0,3}(?:多少|几))|respectively|[?？]", text[starts[-1]:])
    end = starts[-1] + (m.start() if m else len(text) - starts[-1])
    # 广东千行百业措施和深圳AI终端方案，对…各定了多少目标: what the last place's phrase says after a comma
    # is asked of every place, when the phrases before it ask nothing of their own
    comma = re.search(r"[，,]", text[starts[-1]:end])
    if comma and not any(ASKING_FIGURE.search(text[a:b]) for a, b in zip(starts, starts[1:])):
        end = starts[-1] + comma.start()
    bounds = starts + [end]
    segments = []
    for i, place in enumerate(places):
        seg = text[bounds[i]: bounds[i + 1]]
        seg = re.sub(r"(?:以及|和|与|及|同|跟|、|,|，|\band\b)\s*$", "", seg.strip())
        segments.append(seg)
    if any(len(seg) - len(place) < 4 for seg, place in zip(segments, places)):
        return None  # 浙江和安徽…: the places share one phrase
    head, tail = text[: starts[0]], text[end:]
    return [Part(place, _tidy(head + seg + tail)) for place, seg in zip(places, segments)]


def _year_segments(text: str, years: list[int]) -> list[Part] | None:
    """改造提升2.0版（到2022年）和“十四五”规划（到2025年）分别定了多少: each year stands in its own
    phrase (a document, an indicator) joined by 和/与/、; a part is the text before the first
    phrase, its own phrase, and what follows the last. None when the years share one phrase."""
    found = [re.search(rf"(?<!\d){y}\s*年", text) for y in years]
    if None in found or [m.start() for m in found] != sorted(m.start() for m in found):
        return None
    cuts = []
    for a, b in zip(found, found[1:]):
        joins = list(re.finditer(r"以及|和|与|及|、", text[a.end(): b.start()]))
        if not joins:
            return None
        cuts.append((a.end() + joins[-1].start(), a.end() + joins[-1].end()))
    start = max(text.rfind(p, 0, found[0].start()) for p in "，,：:") + 1
    close = re.search(r"分别|各自|各是|各为|各(?=[\u4e00-\u9fff]{0,3}多少)", text[found[-1].end():])
    end = found[-1].end() + (close.start() if close else 0)
    if not close:
        after = re.match(r"[）)]?", text[end:])
        end += after.end()
    bounds = [start] + [e for _, e in cuts]
    ends = [s for s, _ in cuts] + [end]
    segments = [text[a:b] for a, b in zip(bounds, ends)]
    if any(len(re.sub(r"(?:到|至)?(?:19|20)\d{2}\s*年(?:底|末)?|[（）()\s]", "", seg)) < 4 for seg in segments):
        return None  # 2025年和2027年…: the years share one phrase
    head, tail = text[:start], text[end:]
    return [Part(_tidy(seg).rstrip("？?是多少") or f"{y}年", _tidy(head + seg + tail)) for seg, y in zip(segments, years)]


def _lead_place_text(text: str, places: list[str]) -> list[Part]:
    segmented = _place_segments(text, places)
    if segmented:
        return segmented
    out = []
    for place in places:
        sub = text
        for other in places:
            if other != place:
                sub = _remove_place(sub, other)
        # 浙江和安徽两省…: the count of places asked about says nothing once they are apart
        sub = re.sub(r"^(.*?)(?:两|二|三|四|五|几)(?:省|市|地|区|省份|城市|个城市|个省)(?=[\u4e00-\u9fff])", r"\1", sub, count=1) \
            if place in sub[:sub.find(place) + len(place) + 1] else sub
        # 杭州和广东全省: 全省 stood with 广东; a city's part is not a province's whole
        if place in cities():
            sub = re.sub(rf"({re.escape(place)}市?)全省", r"\1", sub)
        out.append(Part(place, _tidy(sub)))
    return out


ASKING = re.compile(r"(?:是|为|有|达到|达|增长了?|提高了?|下降了?|又是|要求|计划)?(?:多少|(?<![那这])几[个家项台座条所种批次倍位]?|哪一?年|哪一?天|何时|什么时候|什么|怎样|哪些|哪几[个项类方家条种批大]?)")


def _questions_in(text: str) -> list[str]:
    """Two questions asked at once: …目标是多少？…实际达到多少？ (哪个更高？ is the comparison,
    not a part). A later question that names no subject (比上年增长多少？) borrows the first one's;
    what a single question says before its asking clauses (物价这块，) is context for each."""
    asked = [p.strip(" ，,") for p in re.split(r"[?？]|,?\s+and\s+(?=(?:what|how|which)\b)", text) if len(p.strip()) >= 4]
    # （看…发展基础部分）after the question mark is a note on where to look, not a second question
    asked = [p for p in asked if not re.fullmatch(r"[（(][^（）()]*[)）]", p)]
    # 统计公报里应该有吧: a remark after the question asks nothing
    asked = [p for p in asked if ASKING.search(p) or re.search(r"[吗呢么谁哪几]|有没有|是否|是不是|能不能|能否|可否|会不会|要不要|\b(?:what|which|how|who|when|where|is|are|does|do|did|was|were|can|will)\b", p, re.I)]
    context = ""
    if len(asked) == 1:
        context, asked = _clauses_asking(asked[0])
    asked = [a for a in asked if not re.fullmatch(r"(?:其中)?(?:哪个|哪一个|谁)(?:的)?[\u4e00-\u9fff]{0,4}更[高多大快低少]|which (?:is|was) (?:higher|larger|more|greater)", a)
             and not DIFFERENCE.fullmatch(a)]
    if len(asked) < 2:
        return []
    m = ASKING.search(asked[0])
    subject = re.sub(rf"(?:19|20)\d{{2}}\s*年(?:底|末)?|实际|平均|全年|目标|预期|{RELATIVE_YEAR}", "", asked[0][: m.start()] if m else "")
    subject = without_trailing_verb(subject) if subject else subject
    topic = re.match(r"[^：:？?]{2,30}[：:]", asked[0])
    if topic:
        subject = topic.group()  # 安徽新产品培育：2020年…: the topic before the colon is every part's subject
    if len(re.findall(r"[A-Za-z]", asked[0])) > len(re.findall(r"[\u4e00-\u9fff]", asked[0])):  # (GDP增速：… is Chinese)
        en_topic = re.match(r"[^:?]{2,100}:\s*", asked[0])  # Zhejiang's 小升规 enterprises: what was…, and what is…
        return _english_questions(asked, en_topic.group() if en_topic else "")
    out, borrowed = [asked[0]], 0
    # 广州的“模型券”怎么补？单家企业最多补多少？: the place the first question names is every later one's
    named = _place_names()
    first_places = [p for p in named if p in asked[0]]
    first_years = re.findall(r"(?:19|20)\d{2}\s*年(?!\s*(?:的|那份|这份)?[^，,。？?]{0,20}?(?:方案|规划|意见|通知|计划|办法|措施|报告|公报|总结|文件))", asked[0])
    for a in asked[1:]:
        if subject and re.match(r"(?:这个|这一|这项|该|它)(?:指标)?", a):
            # 这个是约束性指标吗: the pronoun stands for the first question's subject
            a = re.sub(r"^(?:这个|这一|这项|该|它)(?:指标)?", subject, a)
        lead = ASKING.search(a)
        own = a[: lead.start()] if lead else a
        if subject and subject not in a and (topic or _names_a_thing(subject)) and (topic or len(re.sub(r"(?:19|20)\d{2}\s*年|比上年|同比|实际|目标|预期|平均|的|又", "", own)) < 3
                                             or not _names_a_thing(own)):
            a = subject + a  # 比上年增长多少 → 全国国内生产总值比上年增长多少
            borrowed += 1
        if first_places and not any(p in a for p in named):
            a = first_places[0] + a
        if first_years and COUNT_ASKED.search(a) and not re.search(rf"(?:19|20)\d{{2}}|(?<!比)(?:{RELATIVE_YEAR})|本年|十[一二三四五六七八九]五|期间|年底|年末|届时", a):
            a = first_years[0] + a  # 浙江2023年1—10月…多少、同比增多少: the year asked first is the later question's too
        out.append(a)
    if DEFINITION.search(asked[0]) and borrowed == len(asked) - 1:
        return []  # X是啥意思？以什么为特征？: one term explained, asked twice over
    if borrowed == len(asked) - 1 and any(LIST.search(a) for a in asked[1:]) and re.search(r"(?:啥|什么)[\u4e00-\u9fff]", asked[0]) \
            and not GOALS.search(asked[0]) and not any(re.search(r"多少|how (?:many|much)", a, re.I) for a in asked):
        return []  # …按啥阶段往前推？分哪几步？: one list, asked twice over
    return [f"{context}，{o}？" if context else f"{o}？" for o in out if len(o) >= 4]


# nouns that frame a figure (the plan's target, the actual value), not what it counts
FRAME_NOUNS = {"计划", "目标", "预期", "实际", "规划", "方案", "报告", "文件", "情况", "年份", "数值", "时候"}


def _names_a_thing(phrase: str) -> bool:
    """Whether a later question names what it asks about (2021年新产品计划培育多少) or only frames
    it (2021年计划培育多少个, “十四五”规划要2025年到多少) and so borrows the first one's subject."""
    return any(len(w) >= 2 and w not in FRAME_NOUNS and not re.fullmatch(r"[\d.]+|(?:19|20)\d{2}年?", w)
               for w in nouns(re.sub(r"[“”\"《》]?[十一二三四五]{2,3}五[“”\"》]?", "", phrase), verbal=False))


COUNT_ASKED = re.compile(r"多少|(?<![哪那这])几[个家项台座条所种批次倍位]")  # (那几个量化目标 points, it does not ask)


def _clauses_asking(text: str) -> tuple[str, list[str]]:
    """单项冠军企业方面，2.0版提出新增多少家，“十四五”规划提出累计培育多少家: two questions between
    commas (or between 、: 2020年底实际多少、2025年要到多少); what the other clauses say
    (单项冠军企业方面) is context for both. ("", [text]) when it asks one thing."""
    clauses = [c for c in re.split(r"[，,；;]", text) if c.strip()]
    pieces = []
    for c in clauses:
        split = [x for x in c.split("、") if x.strip()]
        pieces += split if len(split) >= 2 and all(COUNT_ASKED.search(x) for x in split) else [c]
    asking = [c for c in pieces if COUNT_ASKED.search(c)]
    if len(asking) < 2:
        return "", [text]
    return "，".join(c for c in pieces if c not in asking), asking


def _english_questions(asked: list[str], topic: str = "") -> list[str]:
    """How many new urban jobs were created in 2024, and what is the target for 2025?: the
    second question's subject is the first one's."""
    # (In 2020, how many 5G base stations had Zhejiang delivered: a year or place may lead)
    m = re.search(r"(?:^|,\s*)(?:how many|how much|what (?:is|was|are|were) (?:the )?)\s*(.+?)\s+(?:were|was|is|are|did|do|does|will|has|have|had)\b",
                  asked[0], re.I)
    subject = m.group(1) if m else ""
    if not subject:  # How long was Hefei's rail transit network in operation in 2024: the subject follows the verb
        m = re.match(r"(?:how long|how many|how much|what) (?:was|were|is|are) (?:the )?(.+?)(?:\s+(?:in|by|at)\s+(?:19|20)\d{2}|\?|$)",
                     asked[0], re.I)
        subject = m.group(1) if m else ""
    out = [asked[0] + "?"]
    for a in asked[1:]:
        own = set(re.findall(r"[a-z]{4,}", a.lower()))
        if topic:
            a = topic + a
        elif subject and not own & set(re.findall(r"[a-z]{4,}", subject.lower())):
            a = f"{a} for {subject}"
        out.append(a[0].upper() + a[1:] + "?")
    return out


def _part_label(question: str) -> str:
    """A short label for one asked part: its own words before 是多少."""
    if re.match(r"[A-Za-z]", question):  # How many new urban jobs were created in 2024? → its words after the wh-
        label = re.sub(r"^(?:how many|how much|what (?:is|was|are|were)(?: the)?|which)\s+", "", question, flags=re.I).rstrip("?. ")
        return label if len(label) <= 48 else label[:47] + "…"
    m = ASKING.search(question)
    label = (question[: m.start()] if m and m.start() >= 2 else question).rstrip("？?，, ")
    label = re.sub(r"(?<=..)(?:定的|定了|设的|设了|订的)$", "", label)  # 规划目标定的多少 → 规划目标
    if m:  # 统建多少个办公类通用智能体: what is counted follows the asking word
        after = re.sub(r"^[个家项台座条所种批次倍位万亿千百元人户辆吨张件套款]+", "", question[m.end():]).rstrip("？?，, ")
        if len(re.findall(r"[\u4e00-\u9fff]", after)) >= 2:
            label += after
    if len(label) <= 24:
        return label
    tail = re.sub(r"^[\d.]+", "", label[-23:]) if re.match(r"[\d.]", label[-24]) else label[-23:]
    return "…" + tail  # (never …0版 for 1.0版: a cut inside a figure would state a figure nobody wrote)


# a closing request about the form of the answer (请分别给出两年数值。) is not a part
REQUEST = re.compile(r"(?<=[。？?！!，,；;])\s*(?:(?:请|please\b)[^。？?！!]*|(?:分别|各自|都)?(?:报|说|列|讲|写|给)一下[^。？?！!]{0,6}|compare (?:the two|them|both)|对比一下|比较一下)[。？?！!.]?\s*$", re.I)


# words an indicator's name ends with: a piece ending so is a whole indicator
INDICATOR_END = re.compile(r"(?:值|率|量|额|比重|占比|收入|支出|规模|增速|增幅|降幅|面积|指数|人数|个数|数量|目标|指标)$")


def _shared_tail(first: str, last: str) -> str:
    """增加值 of 高技术制造业和装备制造业增加值: what follows the last word the two pieces share
    (else what the last piece has beyond the first's length); nothing when the first piece
    names an indicator by itself."""
    if INDICATOR_END.search(first) or not re.search(r"[\u4e00-\u9fff]", last):
        return ""
    fw, lw = words(first, keep_stop=True), words(last, keep_stop=True)
    shared = [i for i, w in enumerate(lw) if fw and w == fw[-1] and len(w) >= 2]  # the word both pieces end on
    if shared and shared[-1] < len(lw) - 1 and last.endswith("".join(lw[shared[-1] + 1:])):
        return "".join(lw[shared[-1] + 1:])  # (the words must end the piece as written: 16—24岁 is not 1624)
    # 国家级、省级、市级绿色工厂: what follows the character the pieces end on (级) is every piece's
    end = last.rfind(first[-1]) if first else -1
    if 0 < end < len(last) - 2 and end <= len(first):
        return last[end + 1:]
    own, de, rest = last.partition("的")
    if de and len(own) >= 2 and len(rest) >= 2 and "的" not in first:
        return de + rest  # 智能工厂和数字化车间的奖励上限: what follows 的 is every piece's
    if len(last) < len(first) + 3:
        return ""
    # 全国一般公共预算收入和支出: what the last piece has beyond the first's length, cut at a word
    # (not 间认定后 of 省级智能工厂和省级数字化车间认定后)
    bounds, at = set(), 0
    for w in lw if re.fullmatch(r"[\u4e00-\u9fff]+", last) else ():
        at += len(w)
        bounds.add(at)
    return last[len(first):] if len(first) in bounds else ""


# …各要建多少？绿色矿山呢？ / …目标是多少？跟2020年实际推广的比呢？: one more part, asked by 呢
FOLLOW_ON = re.compile(r"^(?P<first>[^？?]+[？?])\s*(?:那么?|那)?(?P<other>[^？?]{1,24}?)(?:的)?(?:呢|又如何|又怎样|又是多少)[？?]?$")


def _with_follow_on(q: Question, first: str, other: str) -> list[Part]:
    """The first question's parts and one for what 呢 asks about: in the last part's place when
    the first question lists its parts (卓越级、领航级…各奖多少？先进级的呢？), else with the first
    question's subject (…推广应用工业机器人的目标是多少？跟2020年实际推广的比呢？)."""
    other = re.sub(r"^(?:跟|和|与|同|比)|(?:相)?比(?:较)?$", "", other.strip(" ，,")).rstrip("的")
    base = split_parts(analyse(first))
    if len(base) >= 2 and base[-1].label in base[-1].question:
        # (what the labels share, 智能工厂的企业 of 卓越级…/领航级…, stays: 先进级 takes the place of 领航级)
        suffix = os.path.commonprefix([p.label[::-1] for p in base])[::-1]
        own = base[-1].label[: len(base[-1].label) - len(suffix)] or base[-1].label
        overlap = next((k for k in range(len(suffix), 0, -1) if other.endswith(suffix[:k])), 0)
        core = other[: len(other) - overlap] or other  # 先进级 against 级智能工厂的企业: 先进 takes 领航's place
        return base + [Part(other, base[-1].question.replace(own, core, 1))]
    if LIST.search(first) and not COUNT_ASKED.search(first):
        # …方案里4大应用支撑方向是哪4个？6大应用落地方向呢？: one more list, in the same document
        context = re.match(r"^.*?(?:里面?|当中|中|，|,)", first)
        label = _part_label(first)
        return [Part(label, first), Part(other, f"{context.group() if context else ''}{other}有哪些？")]
    known = q.regions + q.cities + q.districts
    named = [p for p in known if p in first and p not in other]
    if named and (other in known or other in places()):
        # 浙江2020年规上工业增速是多少？安徽呢？: the other place in the first one's, the rest as asked
        return [Part(named[0], first), Part(other, first.replace(named[0], other, 1))]
    m = ASKING.search(first)
    subject = first[: m.start()] if m else first.rstrip("？?")
    scope = "".join(p for p in q.regions + q.cities if p not in other)
    subject = subject.rsplit("，", 1)[-1]
    subject = re.sub(r"(?:19|20)\d{2}\s*年|目标|计划|预期|的$", "", subject).strip("，, 的")
    label = _part_label(first) if m else first.rstrip("？?")
    return [Part(label, first), Part(other, _tidy(f"{scope}{other}{subject}"))]


def split_parts(q: Question) -> list[Part]:
    """A comparison's parts: by region or city, else by year, else by indicator
    (the phrases joined by 和/与/、 before 分别)."""
    text = REQUEST.sub("", q.text) or q.text
    text = re.sub(rf"(?<=[？?])\s*(?:{DIFFERENCE.pattern})[？?]?$", "", text, flags=re.I) or text  # …各多少？两省差多少？
    follow = FOLLOW_ON.match(text)
    if follow:
        return _with_follow_on(q, follow.group("first"), follow.group("other"))
    asked = _questions_in(text)
    if len(asked) >= 2:
        shared = os.path.commonprefix(asked)
        cut = max(shared.rfind("，"), shared.rfind("："), shared.rfind(": "))
        shared = shared[: cut + 1]  # 单项冠军企业方面，/ 安徽新产品培育：: context, not a label
        # …had Zhejiang delivered, and how many had Anhui built: each question's own place is its label
        places = list(dict.fromkeys(q.regions + q.cities))
        own = [[p for p in places if _place_position(a, p) < 999] for a in asked]
        if len(places) >= 2 and all(len(o) == 1 for o in own) and len({o[0] for o in own}) == len(asked):
            return [Part(o[0], a) for o, a in zip(own, asked)]
        return [Part(_part_label(a[len(shared):].lstrip()), a) for a in asked]
    compared = _en_compare(text)
    if compared:
        return compared
    against = AGAINST.match(text)
    # 跟…比差多少 / 和禾阳市的对比，各是多少: each side of the comparison is a part
    if against and (DIFFERENCE.match(against.group("diff")) or re.fullmatch(r"(?:各|分别)(?:自)?(?:是|为)?多少[？?]?", against.group("diff"))):
        topic = against.group("topic") or ""
        sides = [against.group("a").strip(" ，,"), against.group("b").strip(" ，,")]
        # 浙江2020年…增速跟安徽比: a side that is only a place or a year takes the other side's words
        year = re.compile(r"(?:19|20)\d{2}年")
        if year.fullmatch(sides[1]):
            own = [f"{y}年" for y in q.years if f"{y}年" in sides[0]]
        else:
            # (翊江全省 is a place and its whole area: 萦山县…增速和翊江全省比)
            other = re.sub(r"(?<=..)全(?:省|市|县|区)$", "", sides[1])
            known = q.regions + q.cities + q.districts
            own = sorted((p for p in known if p in sides[0]), key=len, reverse=True) if other in known else []
        labels = [_part_label(side + "是多少") for side in sides]
        if own:
            labels = [own[0], sides[1]]
            # (禾阳市 in place of 岚州全省: the other side's whole area is not the city's)
            sides[1] = re.sub(rf"(?<={re.escape(sides[1])})全(?:省|市|县|区)", "", sides[0].replace(own[0], sides[1], 1))
        return [Part(label, _tidy(topic + side)) for label, side in zip(labels, sides)]
    phrases = EN_VERSUS.match(text)
    if phrases:  # …: what is the 2025 target in the report vs. the 2024 average in the bulletin — each side whole
        topic, lead = phrases.group("topic") or "", phrases.group("lead")
        return [Part(_part_label(side), f"{topic}{lead}{side}?") for side in (phrases.group("a"), phrases.group("b"))]
    versus = re.search(r"\b([\w-]+)\s+(?:versus|vs\.?)\s+(?:the |a |an )?([\w-]+)\b", text, re.I)
    if versus:  # for eastern versus western provinces: each side in the question's own words
        return [Part(side, text.replace(versus.group(), side)) for side in versus.groups()]
    places = [p for p in dict.fromkeys(q.regions + q.cities)]
    # 澄湾和望岭…各, 全市和澄湾区各…: the districts the documents name (and the whole area beside them) are
    # the parts, the city around them the context (a place asked without its suffix keeps the question's form)
    districts = [d if d in text else d[:2] for d in q.districts if not any(d.startswith(p) for p in places)]
    whole = re.search(r"全(?:国|省|市|县|区)(?=[和与及、])|(?<=[和与及、])全(?:国|省|市|县|区)", text)
    if len(districts) >= 2 or (districts and whole):
        places = list(dict.fromkeys(districts + ([whole.group()] if whole else [])))
    places.sort(key=lambda p: _place_position(text, p))
    if len(places) >= 2:
        return _lead_place_text(text, places)
    years = [y for y in q.years if y not in q.doc_years]
    if len(years) < 2 and len(set(q.doc_years)) >= 2:
        years = q.years  # 2024年统计公报的实绩和2025年政府工作报告的目标: each year names its own document
    segmented = _year_segments(text, years) if len(years) >= 2 else None
    if segmented:
        return segmented
    if len(q.years) >= 2:
        parts = []
        for year in q.years:
            sub = text
            for other in q.years:
                if other != year:
                    sub = _remove_year(sub, other)
            parts.append(Part(f"{year}年" if q.language == "zh" else str(year), _tidy(sub)))
        return parts
    m = re.search(r"分别|各自|各为|各是|respectively|各(?=[\u4e00-\u9fff]{0,3}多少)", text)
    pair = _en_pair(text) if not m else None
    if pair:
        # China's birth rate and death rate: the owner ('s) belongs to both
        a, b, rest = pair
        owner = re.match(r"(?:the\s+)?[\w-]+'s\s+", a)
        if owner and not re.match(r"[\w-]+'s\s", b):
            b = owner.group() + b
        verb = "was" if re.search(r"\b(?:was|were)\b", text, re.I) else "is"
        return [Part(a, f"What {verb} {a}{rest}?"), Part(b, f"What {verb} {b}{rest}?")]
    if not m:
        return []
    before, after = text[: m.start()], text[m.end():]
    # (a year that names one document, 2018年部省合作方案和十四五基地规划, stays with that document's piece)
    year = re.compile(r"(?:到|至)?((?:19|20)\d{2})\s*年(?:底|末)?[，,]?")
    scope = "".join(m.group() for m in year.finditer(before) if int(m.group(1)) not in q.doc_years)
    body = year.sub(lambda m: m.group() if int(m.group(1)) in q.doc_years else "", before)
    known = sorted(q.regions + q.cities + q.districts, key=len, reverse=True)
    place = next((p for p in known if body.lstrip().startswith(p)), None)
    if place and re.match(rf"\s*(?:{RELATIVE_YEAR})", body.lstrip()[len(place):]):
        scope += place  # 河阳去年城镇和农村居民收入: the place and the year lead every piece
        body = body.lstrip()[len(place):]
    relative = re.match(rf"\s*({RELATIVE_YEAR})", body)
    if relative:  # 今年赤字率和M2增速目标: 今年 is every piece's year
        scope += relative.group(1)
        body = body[relative.end():]
    area = re.match(r"\s*(省里|市里|县里|区里|全省|全市|全县|本省|本市|我省|我市)", body)
    if area:  # 省里智能工厂和数字化车间: 省里 is every piece's scope
        scope += area.group(1)
        body = body[area.end():]
    # “十四五”规划关键指标中，技术创新和产业结构两类: what stands before a comma is context for every
    # piece, and a closing count (两类, 三项) counts the pieces
    body = re.sub(r"(?<=[\u4e00-\u9fff])[两二三四五六七八九十]\s*(?:类|项|个方面|方面|种|大类|个)$", "", body)
    context, _, own = body.rpartition("，")
    if context and len([p for p in CONJUNCTION.split(own) if p.strip(" ，,")]) >= 2:
        context, body = context + "，", own
    else:
        context = ""
    pieces = [p.strip(" ，,") for p in CONJUNCTION.split(body) if p.strip(" ，,")]
    if len(pieces) < 2 or any(len(p) < 2 for p in pieces):
        return []
    first, last = pieces[0], pieces[-1]
    tail = _shared_tail(first, last)
    if tail:
        # 城镇居民和农村居民人均可支配收入: the shared tail belongs to every piece (not to
        # 亩均增加值 of 亩均增加值和全员劳动生产率, an indicator already)
        pieces = [p + tail for p in pieces[:-1]] + [last]
        # 对获评国家卓越级、领航级智能工厂的企业: and the head before the first piece's own words
        first, cut = pieces[0], len(pieces[0]) - len(last)
        if len(pieces) == 2 and cut >= 2 and first.endswith(tail) and not re.fullmatch(r"[\d.\s年]*", first[:cut]):
            pieces = [first, first[:cut] + last]
    elif len(first) >= len(last) + 3 and len(pieces) == 2:
        # 全国一般公共预算收入和支出: the shared head belongs to every piece; it ends where the last
        # piece's own opening stands in the first (温州对首次认定的|国家级小巨人企业和国家级…冠军企业)
        opening = first.find(last[:3], 1)
        head = first[:opening] if opening > 0 else first[: len(first) - len(last)]
        if not re.fullmatch(r"[\d.\s年]*", head):  # (2018年部省合作方案和十四五基地规划: a year is no shared head)
            pieces = [first, head + last]
    elif all(re.match(r"\d", p) for p in pieces[1:]) and (digit := re.search(r"\d", first)) and digit.start() >= 2:
        # 营收首次过1亿、5亿、10亿: the words before the first figure belong to every figure
        head = first[: digit.start()]
        pieces = [first] + [head + p for p in pieces[1:]]
    # a shared head before the first piece (浙江省数字经济核心产业增加值和…): keep it on the first only
    # (labels leave out what every piece opens with: 卓越级智能工厂的企业, not the whole phrase)
    shared = re.sub(r"[\d.]+$", "", os.path.commonprefix(pieces))  # (never cut inside 2.0)
    labels = [p[len(shared):] for p in pieces] if len(shared) >= 4 and all(len(p) - len(shared) >= 3 for p in pieces) else pieces
    return [Part(label, _tidy(f"{context}{scope}{p}{after}")) for label, p in zip(labels, pieces)]


def part_question(part: Part) -> Question:
    return analyse(part.question)
