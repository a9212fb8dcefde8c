"""Stage 8 — read: choose, inside the best clauses, the sentence and the value
that answer the question. Values are never written, only selected: every
value is a span of the document (a Target from the 指标库).

For a figure, candidates are the targets of the retrieved clauses, scored by
how much of the question their phrase and sentence cover (IDF-weighted words),
the retrieval score, and whether their deadline, unit and province fit what
the question pins down. Dates, 文号, issuers and header fields are read by
metadata.py from the line they stand on. Everything else gets the best sentence.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .clauses import TABLE_UNIT
from .lexical import STOP, nouns, word_parts, words
from .lexicon import abbreviations, places, qualifiers, synonyms
from .numbers import BOUNDS, answers_unit, numbers_in, unit_kind
from .query import ADDRESSEE_Q, APPLY_WHEN_Q, CITIES, GRANT_Q, PLAN_PERIODS, Question
from .targets import caption_year, sentences
from .retrieve import title_overlap
from .romanize import Romanizer
from .scope import WHOLE_AREA_LEVEL, months_named, partial_period
from .metadata import MetadataReader
from .types import Clause, Document, Hit, Reading, Target

QUESTION_WORDS = set(
    "多少 什么 哪些 哪个 哪一 一年 哪年 几个 几家 是否 怎样 如何 请问 计划 目标 预计 要求 多少家 多少个 建成 实现 达到 "
    "浙江 浙江省 安徽 安徽省 全省 我省 全市 全县 全区 我市 我县 规划 文件 方案 提出 期间 到底 数量 数值 指标 时候 什么时候 第几 第几位 排名 "
    "哪天 哪一天 日期 时间 是什么 指的是 表示 含义 多少万 多少亿 万元 亿元 百分之 "
    "按照 根据 依据 对于 其中 以及 通过 为了 有关 相关 方面 情况 这项 这个 这些 该项 那个 那份 这份 那篇 这篇 里面 当中 要求 明确 提到 "
    "完成 哪一年 截止 截至 期限 目标值 多少亿元 要在 前 需要 应当 值 要 称 还是 属于 两个 哪两个 哪几个 几个 哪个 哪些 "
    # words that ask for a list, a comparison or a definition, not content
    "包括 包含 涵盖 涉及 几项 几类 几方面 哪几项 哪几类 哪几方面 方面 具体 部署 分别 各自 相比 比较 哪个 更高 更多 "
    "指 是指 含义 意思 定义 所谓 列举 列出 列明 主要有 有哪 明确的 提出的 规定的 分为 从哪 "
    # words that ask which document
    "哪份 份文件 哪部 哪篇 哪项 哪个文件 出自 出处 文件提出 "
    # relative years are resolved to years (scope.relative_years), not matched as words
    "去年 今年 明年 前年 "
    # colloquial scope and batch words (省里, 这批, 一共): the scope rules read them, documents do not write them
    "省里 市里 县里 区里 这批 那批 一共 总共 "
    # 实际是多少 / 实际达到: whether an outcome or a target is asked is the policy's business, not a word to match
    "实际".split()
)
# 附件名称是什么 / 附件有哪些: the 附件：… line
ANNEX_Q = re.compile(r"附件.{0,4}(?:名称|标题|是什么|是哪|有哪些|叫什么)|(?:name|title) of (?:the |its )?(?:annex|attachment)", re.I)
# 署名单位是哪个 / 谁发的: a question a header or signature line answers
WHO_Q = re.compile(r"署名|落款|单位|部门|机关|机构|谁|\bwho\b|\bwhich (?:body|department|agency|unit|office)\b", re.I)
# 由哪个部门负责解释 / 归哪个部门解释: who interprets a document
INTERPRET_Q = re.compile(r"(?:哪个|哪一个|哪家|什么)(?:部门|单位|机关|机构).{0,6}解释|由谁.{0,4}解释|解释(?:部门|单位|机关)|who interprets|interpreted by", re.I)
# 由A提高到B / 从A压缩为B: the verb of a change, then its new value
CHANGE_VERB = r"(?:提高|提升|增加|增长|扩大|减少|降低|下降|压缩|缩短|缩减|精简|调整|上升|降)(?:为|到|至)"
CHANGED_TO = re.compile(r"[^，,。；;]{0,4}?" + CHANGE_VERB)
FREQUENCY_Q = re.compile(r"多(?:久|长时间)[^？?，,。]{0,6}一次|(?:一年|每年)[^？?，,。]{0,6}几次|频次|频率|how often|how frequently", re.I)
FROM_Q = re.compile(r"原来|原先|此前|之前|改革前|以前|从多少|由多少|\bbefore\b|\bpreviously\b|used to", re.I)
DUE_Q = re.compile(r"(?:哪天|哪一天|几月几日|几号|什么日期|什么时[候间]|何时)(?:之|以)?前|(?:什么时候|啥时候|何时)(?:能|会|将|要)?(?:公布|发布|出台|报送|提交|上线|启动|揭晓)|截止(?:日期|时间)|(?:哪天|哪一天|几号|什么时候|何时)截止|截止到(?:哪天|几号)|最晚(?:哪天|什么时[候间]|几号|何时)|(?:by )?what date|due date|deadline for", re.I)
PLACE_NAMES = tuple(places())  # every place the lexicon knows, to tell a figure about another place
# a figure that is a change (…比上年增长4.6%), and a question that asks for one
CHANGE_WORD = re.compile(r"增长|下降|提高|降低|增加|减少|上涨|回落")
# 多少个科学领域的基础模型: what the question counts (基础模型) and what only qualifies it (科学领域)
COUNTED_Q = re.compile(r"(?:多少|几)(?:个|家|项|类|条|种)(?P<phrase>[\u4e00-\u9fff“”\"]{2,24}?)(?:[？?，,。；;]|$)")
CHANGE_ASKED = re.compile(r"增长|增速|增幅|下降|降幅|提高|降低|增加|减少|上涨|涨幅|涨了|降了|变化|growth|grow|increase|decrease|rise|fall|change", re.I)


def canonical(text: str) -> str:
    for pattern, short in abbreviations():
        text = pattern.sub(short, text)
    return text


def unpunctuated(text: str) -> str:
    """The canonical form without punctuation or spaces: a passage quoted with 、 for ， still matches."""
    return re.sub(r"\W", "", canonical(text.lower()))


def term_found(term: str, text: str) -> float:
    """How far `text` (canonical, lower-case) states a question's word: itself or a synonym (1),
    a total by its own name (利润总额 as 利润74311亿元: 0.9), a compound whose words stand apart
    (汽车产量 in 新能源汽车年产量: 0.8), else 0."""
    syn = synonyms()
    if any(re.sub(r"[—–~至到-]", "—", v) in text for v in (term, *syn.get(term, ()))):
        return 1.0
    total_of = re.sub(r"(?:总额|总量|总数)$", "", term)
    if total_of != term and len(total_of) >= 2 and total_of in text:
        return 0.9
    parts = word_parts(term) if len(term) >= 4 and not term.isascii() else ()
    return 0.8 if parts and all(any(v in text for v in (p, *syn.get(p, ()))) for p in parts) else 0.0


# a ceiling asked, and the words that introduce one (最高补助500万元, 最多奖励100万元)
CAP_ASKED = re.compile(r"最高|最多|上限|封顶|maximum|\bcap\b|ceiling|at most|up to", re.I)
CAP_BEFORE = re.compile(r"(?:最高|最多|上限|封顶)[\u4e00-\u9fff]{0,4}$")
ATTRIBUTE_WORDS = {"属性", "约束性", "预期性", "预期", "约束"}
FUNCTION_CHARS = "要将已再从向于以为的在是了和与对把被家个项台多少几第哪其该此各每等及并或而且前后中内外上下新"
MONTH_DEADLINE = re.compile(r"(?<![\d年])\d{1,2}\s*月\s*(?:底|末|中旬|上旬|下旬)?\s*(?:之)?前|年底前|年内")
# a table's planned and actual columns (2025年规划目标 | 2025年实际), and which one a question asks
PLANNED_COLUMN = re.compile(r"(?:目标|规划|计划|预期)值?$|预算(?:数|额)?(?:（[^）]*）)?$")
ACTUAL_COLUMN = re.compile(r"(?:实际|完成|实绩|完成值|实际值)$|决算(?:数|额)?(?:（[^）]*）)?$")


@lru_cache(maxsize=1024)  # (asked once per candidate figure: the question's side is worked out once)
def planned_or_actual(question: str) -> str | None:
    actual = re.search(r"实际|实绩|(?:完成|实现|达到)了|决算|花了|actual|final accounts?|spent", question, re.I)
    planned = re.search(r"目标|规划|计划|预期|预算|target|planned|budget", question, re.I)
    return None if bool(actual) == bool(planned) else ("actual" if actual else "planned")


# a question that asks for a day, and a day in the evidence
DAY_Q = re.compile(r"哪一?天|几号|几月几[日号]|具体日期|(?:截止|截至|申报|报送|施行|印发)日期|what (?:date|day)|which day", re.I)
# the recipient a grant sentence opens with: 对初创企业…，
RECIPIENT = re.compile(r"\s*(?:答[：:]\s*)?对[^，,。；;]{2,40}")  # (答：对…: a Q&A answer opens with 答)
# 全市/全省 asked, and a figure's own phrase naming a part of the area (市区, 临溪区, 河阳高新区, 开发区)
WHOLE_AREA = tuple(WHOLE_AREA_LEVEL)
SUB_AREA = re.compile(r"市区|城区|高新区|开发区|经开区|园区|(?<![全地社])[\u4e00-\u9fff]{1,3}(?:区|县)(?![域级内外])")
# words that stand for the document's own place, or its province or the country, in a sentence of several places' figures
SCOPE_WORDS = ("全省", "全市", "全县", "全区", "全国", "我省", "我市", "我县", "我区", "本市", "本县", "本省")
TABLE_Q = re.compile(r"指标表|[^代发公]表(?:中|里|格)|表格|表\d|\btable\b", re.I)
RANK_Q = re.compile(r"第几|排名|名列|位居|排第|rank", re.I)
RANK_VALUE = re.compile(r"(?:第[一二三四五六七八九十\d]+(?:位|名)?|前列|首位|领先)")


class Reader:
    def __init__(self, documents: dict[str, Document], texts: dict[str, str], clauses: dict[str, Clause],
                 targets_by_clause: dict[str, list[Target]], idf):
        self.documents = documents
        self.texts = texts
        self.clauses = clauses
        self.targets_by_clause = targets_by_clause
        self.idf = idf
        self.corpus_text = canonical("\n".join(texts.values()).lower())
        self.clauses_by_doc: dict[str, list[Clause]] = {}
        for c in clauses.values():
            self.clauses_by_doc.setdefault(c.doc_id, []).append(c)
        # places of documents the gazetteer does not know (河阳): a question may name them too
        known = places()
        self.document_places = sorted({d.place for d in documents.values() if d.place and d.place not in known})
        # Heyang, 'Wan Qi Deng Yun': the corpus's places and quoted terms as an English question spells them
        self.romanizer = Romanizer.from_corpus("\n".join(texts.values()))
        self.targets_by_doc: dict[str, list[Target]] = {}
        for clause_targets in targets_by_clause.values():
            for t in clause_targets:
                self.targets_by_doc.setdefault(t.doc_id, []).append(t)
        self.metadata = MetadataReader(self)  # 文号, issuer, dates, header fields: metadata.py

    # ---- word overlap -------------------------------------------------
    def _words(self, text: str) -> list[str]:
        return words(text, keep_stop=True)

    def question_terms(self, q: Question) -> dict[str, float]:
        """Content words of the question with IDF weights. Runs of single characters
        that jieba could not group (小升规) are kept as one term, adjacent words also
        as a phrase (未来工厂), and a period like 1—10月 as itself."""
        places = set(CITIES) | set(q.regions) | {r + "省" for r in q.regions} | set(PLAN_PERIODS)
        text = q.search_text.replace(q.source, "，") if q.source else q.search_text
        if q.doc_number:
            text = text.replace(q.doc_number, "，")  # （商办流通函〔2024〕397号）picks the document; its words are no content
        raw = self._words(canonical(text))
        merged: list[str] = []
        run = ""
        for w in raw + [""]:
            if len(w) == 1 and not w.isascii():
                run += w
                continue
            if len(run) >= 3:
                run = run.strip(FUNCTION_CHARS + "年月日")  # (2025年算力 → 算力: the 年 of a date is no part of a word)
            if len(run) >= 2 and canonical(run.lower()) in self.corpus_text:
                merged.append(run)  # an abbreviation jieba does not know (链主); junk runs (要新) are dropped
            run = ""
            if w:
                merged.append(w)
        content = []
        for t in merged:
            if t in STOP or t in QUESTION_WORDS or t in places or (q.kind == "text" and t in ATTRIBUTE_WORDS) or re.fullmatch(r"(?:19|20)\d{2}|\d+(?:\.\d+)?", t) \
                    or re.fullmatch(r"[一二两三四五六七八九十]{1,2}[个项条类种批]", t):  # 哪五项: a count, not content
                content.append(None)
                continue
            if re.fullmatch(r"[a-z]+|\d+(?:st|nd|rd|th)", t) and q.language == "en" and t not in ("gdp", "ipv6"):
                content.append(None)  # English words do not occur in the documents; glossary terms carry them
                continue
            content.append(t)
        terms: dict[str, float] = {}
        runs = set(merged) - set(raw)
        for t in content:
            if t is None:
                continue
            weight = self.idf(t) if len(t) <= 2 else max(self.idf(t[i : i + 2]) for i in range(len(t) - 1))
            terms[t] = max(weight, 0.2) * (0.5 if t in runs and len(t) == 2 else 1.0)
        for a, b in zip(content, content[1:] if q.language == "zh" else []):  # (English glossary terms are not adjacent in any text)
            if a and b and a != b and not a.isascii() and not b.isascii():
                terms[a + b] = 0.5 * max(terms[a], terms[b])
        # the asker's own phrasing (拿到, 最多能, 每个项目): words no document uses, other than
        # nouns, cannot be matched; they weigh no more than a common word, not as the rarest
        phrasing = [t for t in terms if re.fullmatch(r"[\u4e00-\u9fff]{2,}", t) and not self._in_corpus(t)]
        if phrasing:
            named = set(nouns("，".join(t for t in phrasing if t in raw)))
            for t in phrasing:
                if t not in named:
                    terms[t] = min(terms[t], 1.0)
        for m in re.finditer(r"\d{1,2}\s*[—–\-~至到]\s*\d{1,2}\s*月", q.search_text):
            terms[re.sub(r"\s", "", m.group())] = 3.0
        for m in re.finditer(r"(?<![\d.,—–~\-])(\d+(?:\.\d+)?)(?![\d.,])(?!\s*[年月日号])", q.text if q.language == "zh" else ""):
            if not re.fullmatch(r"(?:19|20)\d{2}", m.group(1)) and len(m.group(1)) >= 2:
                terms[m.group(1)] = 4.0  # a figure quoted in the question pins the sentence down
        if re.search(r"占比|比重|占", q.text):
            terms["占"] = 2.0  # 占比 / 分别占33.1%: a share, not a growth rate
        for symbol in re.findall(r"\[\]|［］|#|＃|\*|※|△|▲", q.text):
            terms[symbol.replace("[]", "[").replace("［］", "[")] = 3.0  # 表中[]/#/* 表示什么: the footnote symbols themselves
        return terms

    def _in_corpus(self, term: str) -> bool:
        return any(canonical(v) in self.corpus_text for v in (term, *synonyms().get(term, ())))

    def focus_term(self, q: Question, terms: dict[str, float]) -> str | None:
        """The phrase the evidence must contain: what the question puts in quotes
        (“小升规”, “双核”), if the corpus has it at all."""
        for phrase in reversed(q.quoted):  # “A”中的“B”: the last quoted phrase is the narrower one
            phrase = canonical(phrase.lower())
            if phrase in PLAN_PERIODS or re.fullmatch(r"[\d.]+|(?:19|20)\d{2}年?", phrase):
                continue  # “十三五” names a period, handled as a constraint
            if phrase in self.corpus_text and not self._in_any_title(phrase) and len(phrase) <= 12:
                return phrase
        return None

    def _in_any_title(self, term: str) -> bool:
        """Words of a document's title name the document, not the fact asked for."""
        return any(term in d.title for d in self.documents.values())

    @staticmethod
    def coverage(terms: dict[str, float], text: str) -> float:
        """Share of the question's weighted words that occur in `text` (as substrings,
        so differences in word segmentation do not matter)."""
        total = sum(terms.values())
        if not total:
            return 0.0
        text = re.sub(r"[—–~至到-]", "—", canonical(text.lower()))
        return sum(w * term_found(t, text) for t, w in terms.items()) / total

    # ---- main entry ---------------------------------------------------
    def read(self, q: Question, hits: list[Hit]) -> Reading | None:
        if not hits:
            return None
        if q.kind in ("date", "issuer", "deadline"):
            cited = self.metadata.cited_document(q)  # 哪一年/何时/由谁发布了《…》: a document the corpus only cites
            if cited is not None:
                return cited
        if q.kind == "title":
            return self.metadata.title(self.best_document(q, hits))
        field = self.metadata.labelled_field(q, hits)
        if field is not None:
            return field
        if q.kind in ("date", "doc_number", "issuer"):
            reading = self.metadata.read(q, hits)
            if reading is not None or q.kind != "issuer" or re.search(r"印发|发布|发文|issued|published", q.text, re.I):
                return reading
            # no issuer line: 由市发改委负责牵头组织实施 stands in a sentence
            return self.read_sentence(q, hits)
        if INTERPRET_Q.search(q.text) and hits:
            reading = self.metadata.lead_department(self.documents[hits[0].chunk.doc_id], interprets=True)
            if reading is not None:
                return reading
        if DUE_Q.search(q.text):
            reading = self.metadata.due_date(q, hits)
            if reading is not None:
                return reading
        if ADDRESSEE_Q.search(q.text):  # (a document with no 主送 line does not say)
            return self.metadata.addressee(self.best_document(q, hits))
        if ANNEX_Q.search(q.text):
            reading = self.metadata.annex(q, hits)
            if reading is not None:
                return reading
        if q.kind == "period":
            reading = self.metadata.period(q, hits)
            if reading is not None:
                return reading
        if q.kind in ("number", "deadline"):
            reading = self._read_value(q, hits)
            if q.kind == "deadline":
                day_asked = bool(DAY_Q.search(q.text))
                if day_asked and not self.metadata.names_day(reading):
                    reading = None  # 截止日期是哪天: a year alone does not say which day
                # 2017年初…发布了《…》: a dated event, not a target, may answer "which year"
                sentence = self.read_sentence(q, hits)
                if day_asked and not self.metadata.names_day(sentence):
                    if reading is None:
                        return None
                    sentence = None
                if sentence is not None and (reading is None or sentence.coverage > reading.coverage + 0.1):
                    quote = self.texts[sentence.document.doc_id][sentence.quote_start : sentence.quote_end]
                    m = re.search(r"((?:19|20)\d{2})\s*年", quote)
                    if m:
                        sentence.kind, sentence.deadline, sentence.value = "deadline", int(m.group(1)), f"{m.group(1)}年"
                        return sentence
                    # 6月底前建成…: in a one-year plan (2025年工作要点) a month is the deadline, within the plan's year
                    month = MONTH_DEADLINE.search(quote)
                    period = sentence.document.period
                    if month and period and period[0] == period[1]:
                        sentence.kind, sentence.deadline, sentence.value = "deadline", period[0], re.sub(r"\s", "", month.group())
                        return sentence
            if reading is not None:
                return reading
        return self.read_sentence(q, hits)

    def best_document(self, q: Question, hits: list[Hit]) -> Document:
        scores: dict[str, float] = {}
        for rank, h in enumerate(hits):
            scores[h.chunk.doc_id] = scores.get(h.chunk.doc_id, 0.0) + 1.0 / (1 + rank)
        for doc_id in scores:
            doc = self.documents[doc_id]
            # an untitled document (only its file name) is named by its opening words
            if re.search(r"[\u4e00-\u9fff]", doc.title):
                scores[doc_id] += 3.0 * title_overlap(q.search_text, doc.match_title)
            else:  # share of the question's words its opening holds
                scores[doc_id] += 3.0 * title_overlap(self.texts[doc_id][:150], q.search_text)
            if doc.place and doc.place in q.cities:
                scores[doc_id] += 0.5
            if q.regions and doc.region in q.regions:
                scores[doc_id] += 0.5
            if q.period and doc.target_years and q.period[0] <= doc.target_years[1] <= q.period[1]:
                scores[doc_id] += 0.5
        return self.documents[max(scores, key=scores.get)]

    def clause_with(self, doc_id: str, needle_pattern: str) -> Clause | None:
        pat = re.compile(needle_pattern)
        for clause in self.clauses_by_doc.get(doc_id, ()):
            if pat.search(clause.text):
                return clause
        return None


    def _candidate_targets(self, hits: list[Hit]) -> list[tuple[Target, float, Hit]]:
        seen: set[tuple[str, int]] = set()
        out = []
        for rank, h in enumerate(hits):
            retrieval = 1.0 / (1.0 + 0.35 * rank)
            for t in self.targets_by_clause.get(h.chunk.clause_id, ()):
                key = (t.clause_id, t.value_start)
                if key in seen or not (h.chunk.start <= t.value_start < h.chunk.end or h.chunk.start <= t.start < h.chunk.end):
                    continue
                seen.add(key)
                out.append((t, retrieval, h))
        return out

    def _starting_value(self, t: Target) -> bool:
        """由A压缩为B / 从A提高到B: A is the value before the change."""
        text = self.texts[t.doc_id]
        before = text[max(t.start, t.value_start - 6): t.value_start]
        after = text[t.value_end: t.value_end + 12]
        return bool(re.search(r"(?:由|从)(?:原来的|原先的|原|平均|此前的)?$", before) and CHANGED_TO.match(after))

    @staticmethod
    def _own_sentence(t: Target) -> str:
        """The sentence the figure stands in. A quote reaches back to its year (2025年，…。工业投资方面，…禾阳市增速
        超过15%); the indicator words of the sentences before it are not this figure's."""
        before = t.quote[: max(0, t.value_start - t.start)]
        ends = [m.end() for m in re.finditer(r"[。！？!?]", before)]
        return t.quote[ends[-1]:] if ends else t.quote

    @staticmethod
    def _reported_year(clause: Clause, doc: Document) -> int | None:
        """The year a figure written without one reports: its table caption's (表3　2025年各设区市主要工业指标完成
        情况), else its single-year document's (every figure of the 2024 bulletin)."""
        if clause.kind == "table_row" and (year := caption_year(clause)):
            return year
        return doc.period[0] if doc.period and doc.period[0] == doc.period[1] else None

    def score_target(self, q: Question, terms: dict[str, float], t: Target, retrieval: float) -> tuple[float, float]:
        """(score, coverage) of one target as the answer to `q`."""
        clause = self.clauses[t.clause_id]
        doc = self.documents[t.doc_id]
        cov_phrase = self.coverage(terms, t.indicator)
        if t.value_start > t.start and re.fullmatch(r"(?:由|从)?[^，,。；;]{0,6}?" + CHANGE_VERB, t.indicator):
            # 规模以上工业企业由186家增加到327家: the figure a change ends at is of what the change's phrase names
            phrase = re.split(r"[，,。；;]", self.texts[t.doc_id][t.start: t.value_start])[-1]
            cov_phrase = max(cov_phrase, self.coverage(terms, phrase))
        sentence = self._own_sentence(t) if clause.kind != "table_row" else clause.text + " " + " ".join(clause.path)
        cov_sentence = self.coverage(terms, sentence + " " + " ".join(clause.path[-2:]) + " " + doc.title)
        coverage = max(cov_sentence, cov_phrase)
        score = 0.35 * cov_phrase + 0.5 * cov_sentence + 0.15 * retrieval
        if q.years:
            if t.deadline in q.years:
                score += 0.3
            elif t.deadline is not None:
                score -= 0.35
            else:
                score -= 0.1
        elif q.period:
            if t.deadline and q.period[0] <= t.deadline <= q.period[1]:
                score += 0.1
        if q.unit:
            unit = t.unit.replace("％", "%")
            if q.unit in unit or (q.unit == "%" and "百分点" in unit) or unit_kind(q.unit) == unit_kind(unit) == "time":
                score += 0.12
            else:
                score -= 0.08
        if t.value_start >= 0 and self._starting_value(t) and not FROM_Q.search(q.text):
            score -= 0.2  # 由平均30天压缩为8个工作日: 30天 is where it started, 8个工作日 what it is now
        if q.regions and doc.region and doc.region not in q.regions:
            score -= 0.5
        elif q.cities and doc.place and doc.place not in q.cities and not any(c in t.quote for c in q.cities):
            score -= 0.5  # a question about 深圳: another city's document is the wrong scope
        if q.cities and doc.place not in q.cities and any(c in t.quote for c in q.cities):
            score += 0.25  # 东部地区生产总值…: the sentence names the place asked about (in a city's own
            # document every sentence is about it, and 中欧班列（合肥） names no scope)
        for district in q.districts:  # 其中，临溪区实现…1286.5亿元: the figure its own phrase gives the district
            own = re.sub(r"[（(][^）)]*[）)]", "", t.indicator)
            score += 0.2 if district in own else (-0.2 if district in t.indicator else 0.0)
        if not q.districts and any(w in q.text for w in WHOLE_AREA) and SUB_AREA.search(t.indicator):
            score -= 0.15  # 全市增长多少: not what 市区 or 河阳高新区 grew (its own phrase names a part)
        asked_places = q.regions + q.cities
        own_place = bool({doc.place, doc.region} & set(asked_places))  # (全省 in a 浙江 document is 浙江)
        generic = 0 if own_place else sum(w in t.quote for w in SCOPE_WORDS)
        if asked_places and sum(p in t.quote for p in PLACE_NAMES) + generic >= 2:
            # a sentence that gives several places' figures (京津冀…115394亿元；长三角…331691亿元;
            # 全省…86.5%，衢州市为78.2%，我县…): the figure whose own phrase names the place asked about
            named = {p for p in PLACE_NAMES if p in t.indicator}
            if len(named) == 1 and named <= set(asked_places):
                score += 0.2
            elif (named and not named & set(asked_places)) or (
                    not named and not own_place and any(w in t.indicator for w in SCOPE_WORDS)):
                score -= 0.2  # (全省 in a 青岚县 plan is not 衢州; in a 浙江 document it is 浙江)
        score += 0.25 * title_overlap(q.search_text, doc.match_title)
        if other := self._other_qualifier(q, t.indicator):
            score -= 0.15 * other  # 人均可支配收入中位数 answers no question about 人均可支配收入
        elif (cond := RECIPIENT.match(self.texts[t.doc_id][t.start: t.value_start])) and self._other_qualifier(q, cond.group()):
            score -= 0.1  # 对初创企业…，单个企业每年最高100万元: a recipient the question does not ask about
        if CAP_ASKED.search(q.text) and CAP_BEFORE.search(self.texts[t.doc_id][max(t.start, t.value_start - 6): t.value_start]):
            score += 0.08  # the maximum support: the figure 最高 introduces, not the rate beside it
        if clause.kind == "table_row" and (asked_months := months_named(q.text)):
            # 4月当月增速 in a table with 1—4月 and 4月 columns: the column of the months asked
            stated = months_named(t.indicator)
            score += 0.15 if asked_months & stated else (-0.15 if stated else 0.0)
        if partial_period(q.text, t.quote):
            score -= 0.1  # a figure for 1—10月 or 上半年 answers a question about the year only when nothing better does
        if t.unit in ("%", "％", "个百分点") and CHANGE_WORD.search(t.indicator[-6:]) and not CHANGE_ASKED.search(q.text):
            score -= 0.15  # 收入是多少 is not answered by how much it grew
        if t.unit in ("%", "％") and re.search(r"占[^，,。；;]{0,20}(?:比重|比例)|占比", t.indicator) and CHANGE_ASKED.search(q.text) \
                and not re.search(r"占|比重|比例|share|proportion", q.text, re.I):
            score -= 0.15  # 涨了几个点 is not answered by a share (占社零的比重为28.3%)
        if q.years and t.deadline is None and self._reported_year(clause, doc) in q.years:
            score += 0.2  # a figure in the 2024 bulletin, written without its year, is a 2024 figure
        if q.language == "zh":
            extra = {ch for ch in re.findall(r"[\u4e00-\u9fff]", t.indicator) if ch not in q.text}
            score -= min(0.1, 0.02 * len(extra))  # 脱贫县农村居民…: words the question does not have
        if clause.kind != "table_row" and t.unit:
            score += 0.04  # a value stated with its unit (136万元/亩) says more than a bare table cell
        if clause.kind == "table_row" and TABLE_Q.search(q.text):
            score += 0.15  # 按指标表，…要达到多少: the question reads the table
        if clause.kind == "table_row" and (side := planned_or_actual(q.text)):
            # 规划目标 | 实际 columns side by side: the column of the side asked
            column = "planned" if PLANNED_COLUMN.search(t.indicator) else "actual" if ACTUAL_COLUMN.search(t.indicator) else None
            score += 0.15 if column == side else (-0.15 if column else 0.0)
        elif clause.kind != "table_row" and planned_or_actual(q.text) == "actual" and t.is_target:
            # 实际有多少家: not the figure a plan set (《规划》提出，到2025年…达到220家; 到2020年…应用达到10万台以上)
            said = re.search(r"提出|目标|计划|力争|预期|规划", self.texts[t.doc_id][t.start: t.value_start])
            score -= 0.15 if said else 0.1
        if "**" in t.quote:
            score -= 0.12  # a bold highlight line repeats the body text: cite the body
        asked_numbers = numbers_in(re.sub(r"(?:19|20)\d{2}\s*年", "", q.text))
        if q.kind == "deadline" and t.number is not None and t.number in asked_numbers:
            score += 0.3
        if q.kind == "number" and t.number is not None and t.number in asked_numbers:
            score -= 0.4  # 按投资额20%补助的项目要节能多少: the figure the question states is its condition
        elif q.kind == "number" and {n for n in asked_numbers if n >= 1e4} & numbers_in(t.indicator):
            score += 0.3  # 首次过5亿奖多少: the grant paired with 5亿元 (…突破1亿元、5亿元…分别给予…)
        if q.kind == "deadline" and t.deadline is None:
            score -= 0.3
        return score, coverage

    def _counts_another_noun(self, q: Question, t: Target) -> bool:
        """多少个科学领域的基础模型 is not answered by 不少于5个领域 or by 建设不少于10个高质量科学数据库，
        …建立科学基础大模型: a figure written before the noun it counts (N个X) counts X, and X is not
        what the question counts when it is only a qualifier of it there, or when neither X nor the
        words before the figure name the counted noun the document writes elsewhere."""
        asked = COUNTED_Q.search(q.text)
        if not asked or t.value_end < 0:
            return False
        qualifier, _, counted = re.sub(r"[“”\"]", "", asked.group("phrase")).rpartition("的")
        text = self.texts[t.doc_id]
        run = re.match(r"(?:以上|左右|以内|多)?([^，,。；;：:\n]{2,40})", re.sub(r"[“”\"‘’]", "", text[t.value_end: t.value_end + 60]))
        if len(counted) < 2 or run is None or not re.match(r"[\u4e00-\u9fff]", run.group(1)):
            return False
        noun, head = run.group(1), counted[-2:]
        if head in noun or noun[:2] in counted:
            return False
        if noun[:2] in qualifier:
            return True  # (5个领域: 领域 qualifies the 基础模型 asked about)
        before = re.split(r"[，,。；;：:]", text[t.start: t.value_start])[-1]
        # (a noun the document never writes is the asker's paraphrase: its absence says nothing)
        return head not in before and head in text

    def _evidence_text(self, t: Target) -> str:
        clause = self.clauses[t.clause_id]
        return " ".join([t.indicator, clause.text, *clause.path[-2:]])

    def _bounded(self, t: Target) -> str:
        """The value with the bound written right before it: 不少于10个, 超1000亿元."""
        before = self.texts[t.doc_id][max(0, t.value_start - 3): t.value_start]
        bound = next((b for b in BOUNDS if before.endswith(b)), "")
        return bound + t.value_text

    @staticmethod
    def _other_qualifier(q: Question, indicator: str) -> float:
        """How much the figure's own phrase holds a qualifier the question does not ask for: 1 for
        one that makes another indicator (中位数, 人均, 出口), 0.5 for one documents often add or
        drop (新增, 累计), 0 for none."""
        asked = f"{q.text} {q.search_text}".lower()
        found = [x for x in qualifiers()
                 if x.word in indicator and x.word not in asked and not any(a.lower() in asked for a in x.alternates)]
        return max((1.0 if x.narrows else 0.5 for x in found), default=0.0)

    def _read_value(self, q: Question, hits: list[Hit]) -> Reading | None:
        terms = self.question_terms(q)
        candidates = self._candidate_targets(hits)
        if not candidates:
            return None
        if q.kind == "deadline":
            # 啥时候建成: a figure with no year answers no question about when
            candidates = [c for c in candidates if c[0].deadline is not None]
        candidates = [c for c in candidates if not self._counts_another_noun(q, c[0])]
        if not candidates:
            return None
        scored = []
        for t, retrieval, h in candidates:
            s, cov = self.score_target(q, terms, t, retrieval)
            scored.append((s, cov, t))
        scored.sort(key=lambda x: -x[0])
        key = self.focus_term(q, terms)
        if key is not None:
            # the question quotes what it is about (“揭榜挂帅”): a figure from a passage that names it first
            named = [x for x in scored if self.coverage({key: 1.0}, self._evidence_text(x[2])) > 0]
            scored = named or scored
            # …新增“小升规”企业8000家，培育…入库企业5万家: of one sentence's figures, the one whose own phrase names it
            top = scored[0][2]
            if self.coverage({key: 1.0}, top.indicator) == 0:
                own = next((x for x in scored if x[2].clause_id == top.clause_id and x[2].start == top.start
                            and self.coverage({key: 1.0}, x[2].indicator) > 0), None)
                if own is not None:
                    scored.remove(own)
                    scored.insert(0, own)
        def fits(t: Target) -> bool:
            if q.unit:
                return answers_unit(q.unit, t.unit or t.indicator)
            return not (GRANT_Q.search(q.text) and unit_kind(t.unit or "") == "count")
        if not fits(scored[0][2]):
            # the question names its unit (what share…, 多少亿元) or asks for a grant: a close figure that
            # can answer it, not one the policy refuses
            # (from the same document: a unit is no reason to answer from another one)
            fitting = next((x for x in scored if fits(x[2]) and x[2].doc_id == scored[0][2].doc_id), None)
            if fitting is not None and fitting[0] >= scored[0][0] - 0.3:
                scored.remove(fitting)
                scored.insert(0, fitting)
        best_score, best_cov, best = scored[0]
        if self.clauses[best.clause_id].kind == "table_row" and not TABLE_Q.search(q.text):
            # the same figure stated in prose (规上工业亩均增加值达136万元/亩) is the better citation
            for s, c, t in scored[1:]:
                if (t.number == best.number and t.deadline == best.deadline and best_score - s < 0.4
                        and self.clauses[t.clause_id].kind != "table_row"):
                    best_score, best_cov, best = s, max(c, best_cov), t
                    break
        if "**" in best.quote:
            # a bold highlight line repeats a figure of the body: cite the body statement
            twin = next((t for t in self.targets_by_doc[best.doc_id]
                         if t.number == best.number and t.unit == best.unit and t.deadline == best.deadline
                         and "**" not in t.quote), None)
            best = twin or best
        clause = self.clauses[best.clause_id]
        evidence = self._evidence_text(best)
        detail = ""
        if clause.kind == "table_row":
            detail = self._table_detail(best)
        related = [t for _, _, t in scored[1:6] if t.clause_id != best.clause_id or t.value_start != best.value_start]
        return Reading(
            support=self._support(best, clause),
            kind="deadline" if q.kind == "deadline" else "value",
            document=self.documents[best.doc_id], clause=clause,
            quote_start=best.start, quote_end=best.end, score=best_score, coverage=best_cov,
            value=self._bounded(best), deadline=best.deadline, target=best, detail=detail, related=related,
            key_covered=key is None or self.coverage({key: 1.0}, evidence) > 0,
        )

    def _support(self, t: Target | None, clause: Clause) -> list[tuple[Clause, int, int]]:
        """Spans outside the quote that the answer also relies on: a table's header
        row and 注 footnote, or the 到20XX年 phrase a target's deadline comes from."""
        out = []
        header = self._table_header(clause)
        if header is not None:
            out.append((header, header.start, header.end))
            note = self._table_note(header)
            if note is not None:
                out.append((note, note.start, note.end))
            unit = self.previous_clause(header)
            if unit is not None and TABLE_UNIT.match(unit.text.strip()):
                out.append((unit, unit.start, unit.end))  # 单位：万元 above the table: the unit of its figures
        if t is not None and t.deadline_end > 0 and not (t.start <= t.deadline_start and t.deadline_end <= t.end):
            out.append((clause, t.deadline_start, t.deadline_end))
        elif t is not None and t.deadline and f"{t.deadline}" not in t.quote + " ".join(clause.path):
            # a report's figure dated by the report's own year: cite the heading that names it
            heading = next((c for c in self.clauses_by_doc[t.doc_id] if c.kind == "heading"
                            and re.search(rf"{t.deadline}\s*年", c.text)), None)
            if heading is not None:
                out.append((heading, heading.start, heading.end))
        return out

    def _neighbour(self, clause: Clause, step: int, want: str, through: tuple[str, ...]) -> Clause | None:
        """The nearest clause of kind `want`, walking by `step` over clauses of kinds `through`."""
        n = int(clause.clause_id.rsplit(":", 1)[1]) + step
        while n >= 0:
            c = self.clauses.get(f"{clause.doc_id}:{n:04d}")
            if c is None or c.kind not in through + (want,):
                return None
            if c.kind == want:
                return c
            n += step
        return None

    def _table_note(self, header: Clause) -> Clause | None:
        return self._neighbour(header, +1, "note", ("table_row",))

    def previous_clause(self, clause: Clause) -> Clause | None:
        n = int(clause.clause_id.rsplit(":", 1)[1])
        return self.clauses.get(f"{clause.doc_id}:{n - 1:04d}") if n else None

    def _table_header(self, clause: Clause) -> Clause | None:
        if clause.kind != "table_row":
            return None
        return self._neighbour(clause, -1, "table_header", ("table_row",))

    def _table_detail(self, t: Target) -> str:
        clause = self.clauses[t.clause_id]
        parts = []
        if "（" in t.indicator and t.indicator.endswith("）"):
            meaning = t.indicator[t.indicator.rindex("（") + 1 : -1]
            if meaning != t.unit:  # 规上工业增加值增速（%）: the column's unit is no note
                parts.append(meaning)
        for k, v in clause.fields.items():
            if k in ("属性", "性质", "类别") and v:
                parts.append(f"{k}：{v}")
        return "；".join(parts)

    def read_sentence(self, q: Question, hits: list[Hit]) -> Reading | None:
        terms = self.question_terms(q)
        focus = self.focus_term(q, terms)
        best = None
        for rank, h in enumerate(hits[:15]):
            clause = self.clauses[h.chunk.clause_id]
            retrieval = 1.0 / (1.0 + 0.35 * rank)
            text = self.texts[h.chunk.doc_id]
            spans = [(clause.start, clause.end)] if clause.kind == "table_row" else sentences(text[h.chunk.start : h.chunk.end], h.chunk.start)
            for s, e in spans:
                sentence = text[s:e]
                extra = clause.fields.get("注", "") if clause.kind == "table_row" else ""
                cov = self.coverage(terms, " ".join([sentence, extra, *clause.path[-2:], self.documents[clause.doc_id].title]))
                score = 0.6 * cov + 0.4 * retrieval + 0.2 * self.coverage(terms, clause.path[-1] if clause.path else "")
                own_heading = clause.path[-1] if clause.path else ""
                if any(p in own_heading for p in q.quoted):
                    score += 0.3  # the question's quoted focus is this clause's own heading
                if "**" in sentence:
                    score -= 0.05  # a bold highlight repeats the body: cite the body
                if re.search(r"[？?]\s*$", sentence):
                    score -= 0.3  # 二问：哪些企业可以申报…？ asks; the 答 after it answers
                bare = re.sub(r"[\s。]", "", sentence)
                if (clause.kind == "heading" and (clause.path[:1] == ["文首"] or (len(bare) >= 6 and bare in self.documents[clause.doc_id].title))) \
                        or (clause.path[:1] in (["文首"], ["落款"], ["文末"]) and len(bare) <= 20 and not re.search(r"[，,；;：:]", bare)
                            and not WHO_Q.search(q.text)):
                    score -= 0.5  # a title or issuer line (珂州省工业和信息化厅) names the document; it states no fact
                elif clause.kind == "heading" and len(bare) <= 16 and not re.search(r"\d|[，,：:]", bare):
                    score -= 0.3  # 三、保障措施 alone names a section; what it holds is the answer
                if clause.path[:1] == ["附件"] and not re.search(r"附件|附表|attachment|annex|appendi", q.text, re.I):
                    score -= 0.5  # 3.…申请书（格式）: an annex's name in a notice's list states no fact
                if re.fullmatch(r"\s*[（(][^（）()]*(?:负责|牵头|配合|责任单位|牵头单位)[^（）()]*[)）]\s*[。.]?\s*", text[s:e]) \
                        and not re.search(r"谁|哪[些个家]?(?:部门|单位)|负责|牵头|责任|responsib|\blead", q.text, re.I):
                    score -= 0.6  # （省工业和信息化厅…按职责分工负责）: who carries a task out, not what it sets
                if focus and focus in canonical(sentence.lower()):
                    score += 0.3
                    opening = re.sub(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．])?\s*[“\"]?", "", canonical(sentence.lower()))
                    if opening.startswith(focus) and re.match(r"[”\"]?\s*(?:[:：]|是|指|即)", opening[len(focus):]):
                        score += 0.2  # 双核：杭州、宁波…: the sentence says what the focus is
                if RANK_Q.search(q.text) and RANK_VALUE.search(sentence):
                    score += 0.15
                if q.years and any(str(y) in sentence for y in q.years):
                    score += 0.15
                if APPLY_WHEN_Q.search(q.text) and "申报" in sentence and re.search(r"\d{1,2}\s*月\s*\d{1,2}\s*日", sentence) \
                        and not (q.years and not any(str(y) in sentence for y in q.years)):
                    score += 0.6  # 什么时候报: the sentence that gives the application window (of the year asked)
                if FREQUENCY_Q.search(q.text):  # 多久发一次: the sentence that says how often
                    score += 0.3 if re.search(r"每(?:个)?(?:年|半年|季度|月|周|两年|三年)|(?:一年|半年|季度)一次", sentence) else \
                        0.1 if "定期" in sentence else 0.0
                if q.kind == "deadline" and re.search(r"(?:19|20)\d{2}\s*年", sentence):
                    score += 0.2  # 目标年份是哪一年 with no figure to read: the sentence that names a year
                if q.kind == "period" and re.search(r"规划期|期限|(?:19|20)\d{2}\s*[—–-]\s*(?:19|20)\d{2}", sentence):
                    score += 0.4
                doc = self.documents[h.chunk.doc_id]
                if q.regions and doc.region and doc.region not in q.regions and not any(r in sentence for r in q.regions):
                    score -= 0.5
                elif q.cities and doc.place and doc.place not in q.cities and not any(c in sentence for c in q.cities):
                    score -= 0.5
                if best is None or score > best[0]:
                    best = (score, cov, s, e, clause)
        if best is None:
            return None
        score, cov, s, e, clause = best
        sentence = self.texts[clause.doc_id][s:e]
        key = self.focus_term(q, terms)
        key_covered = key is None or self.coverage({key: 1.0}, clause.text + " " + " ".join(clause.path[-2:])) > 0
        value = None
        if RANK_Q.search(q.text):
            m = self._rank_value(terms, sentence)
            value = m or None
        if clause.kind == "table_row" and re.search(r"属性|约束性|预期性|binding|expected", q.text):
            value = clause.fields.get("属性")
        if q.kind == "period":
            m = re.search(r"(?:19|20)\d{2}\s*[—–-]\s*(?:19|20)\d{2}\s*年?", self.texts[clause.doc_id][s:e])
            value = m.group() if m else None
        detail = ""
        if clause.kind == "table_row":
            detail = "；".join(f"{k}：{v}" for k, v in clause.fields.items() if v and k != "注")
            if clause.fields.get("注"):
                detail += "。" + clause.fields["注"]
        own_heading = clause.path[-1] if clause.path else ""
        symbol_match = clause.kind == "table_row" and any(
            sym in clause.fields.get("注", "") and sym in (clause.text + clause.fields.get("注", "")) for sym in re.findall(r"[#＃*※△]|\[", q.text))
        return Reading(kind="sentence", document=self.documents[clause.doc_id], clause=clause, support=self._support(None, clause),
                       quote_start=s, quote_end=e, score=score, coverage=cov, value=value, detail=detail,
                       key_covered=key_covered,
                       heading_match=bool(key and key in canonical(own_heading.lower())) or symbol_match)

    def _rank_value(self, terms: dict[str, float], sentence: str) -> str | None:
        """居全国第四: the rank closest after the question's words."""
        best, best_pos = None, None
        for m in RANK_VALUE.finditer(sentence):
            before = sentence[max(0, m.start() - 30) : m.start()]
            hit = self.coverage(terms, before)
            if best is None or hit > best_pos:
                best, best_pos = m.group(), hit
        return best
