"""Stage 8 (metadata) — read what a document says about itself: its 文号, issuer, dates, title,
header fields (索引号, 指南编号), addressee, annexes, period, who leads or interprets it, and a due
date; and what the corpus says about a document it only cites. Every value is quoted from the line
it stands on. The Reader hands these questions here; it keeps span selection for figures and
sentences."""
from __future__ import annotations

import re
from typing import Protocol

from .documents import ISSUER_LINE
from .query import EFFECTIVE_Q, Question
from .targets import sentences
from .types import Clause, Document, Hit, Reading


class Corpus(Protocol):
    """What the metadata stage reads through (the Reader is one): the documents, their texts and
    clauses, and the Reader's choice of the best document for a question."""

    documents: dict[str, Document]
    texts: dict[str, str]
    clauses: dict[str, Clause]
    clauses_by_doc: dict[str, list[Clause]]

    def best_document(self, q: Question, hits: list[Hit]) -> Document: ...

    def clause_with(self, doc_id: str, needle_pattern: str) -> Clause | None: ...

    def previous_clause(self, clause: Clause) -> Clause | None: ...

    def question_terms(self, q: Question) -> dict[str, float]: ...

    def coverage(self, terms: dict[str, float], text: str) -> float: ...

PERIOD_STATEMENT = re.compile(r"(?:规划|实施|执行|行动)期限?\s*(?:为|是|：|:)?\s*(?P<span>(?:19|20)\d{2}\s*[—–\-~至到]\s*(?:19|20)\d{2}\s*年?)")

ANNEX_LINE = re.compile(r"附件\s*\d?\s*[:：]\s*(\S[^\n]{1,80})")

# who leads a document's implementation, as opposed to who issued it
LEAD_Q = re.compile(r"牵头|负责|组织实施|统筹|解释")

# the fields a web page's header labels (【发布单位】流通发展司, 索引号：…)
# a header line that labels its field: 指南编号：HCGXJ-BSZN-2026-014 / 版 本 号：V3.1
HEADER_FIELD = re.compile(r"^[ \t]*([\u4e00-\u9fff][\u4e00-\u9fff ]{1,8}[\u4e00-\u9fff])[ \t]*[：:][ \t]*\S", re.M)

FIELD_LABEL_WORDS = ("发布单位", "发文单位", "发布机构", "索引号", "主题分类", "发布文号", "发文字号")

MADE_Q = re.compile(r"制定|起草|编制|drew up|drafted|drawn up", re.I)

ORG_TAIL = re.compile(r"(?:委|局|厅|部|办|院|会|中心|政府|办公室)$")

LEAD_SENTENCE = re.compile(r"本(?:方案|措施|计划|意见|办法|通知|规划|细则|政策)[^。；，,]{0,8}?由([^，,。；;、]{2,24}?)(?:负责)?(?P<verb>牵头|统筹|解释)")

# 请于2025年5月30日前报送: a date something is due by
# 2026年6月30日前, and the end of a window: 申报时间为2026年4月10日至5月20日
DUE_DATE = re.compile(r"((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*(?:\d{1,2}\s*日|底|末|上旬|中旬|下旬))\s*(?:之|以)?前|"
                      r"\d{1,2}\s*日\s*(?:至|到|—|-)\s*((?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日)(?!\s*起)")

# when a cited document came out: 2017 年初, 2019年6月, 2020年3月5日
CITED_WHEN = re.compile(r"(?:19|20)\d{2}\s*年\s*(?:\d{1,2}\s*月\s*(?:\d{1,2}\s*日|初|底|中旬|上旬|下旬)?|初|底|末|上半年|下半年)?")

# who made a cited document: 浙江省经信厅研究制定并发布了《…》
CITED_MAKER = re.compile(r"([\u4e00-\u9fff]{2,20}?(?:厅|局|委|办|部|院|政府|领导小组|委员会|中心))(?:会同[^，,。]{2,30}?)?"
                         r"(?:研究)?(?:制定|起草|出台|印发|发布|联合印发|编制)(?:并(?:发布|印发|实施))?了?\s*$")

# a header field's label standing alone (附件：, 联系人：): not whom a letter is addressed to
FIELD_LABEL = re.compile(r"附件|联系人|联系电话|抄送|签发人|分类标记|主题词|备注|注|说明|来源|[一二三四五六七八九十]+、.*|.*(?:如下|以下|包括|为)")

DAY = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{1,2}\s*月\s*(?:底|末|中旬|上旬|下旬)")

class MetadataReader:
    """The metadata questions of one corpus, read through the Reader's documents and clauses."""

    def __init__(self, reader: Corpus):
        self.reader = reader

    def read(self, q: Question, hits: list[Hit]) -> Reading | None:
        doc = self.reader.best_document(q, hits)
        wanted_print = False
        if q.kind == "doc_number":
            cited = self._cited_doc_number(q)
            if cited is not None:
                return cited
            if not doc.doc_number:
                # 《…若干措施》政策解读 has no 文号 of its own: the one it explains is printed in its text
                named = re.findall(r"〈([^〈〉]{2,80})〉", doc.title)
                cited = self._cited_doc_number(q, named) if named else None
                if cited is not None:
                    cited.detail = "所解读文件"
                return cited
            bracketed = re.search(r"〔(\d{4})〕(\d+)号", doc.doc_number)
            dated = re.search(r"(\d{4})年第(\d+)号", doc.doc_number)
            # (an announcement's number is written 2026年第9号, or in one series: （第三十七号）)
            if bracketed or dated:
                year, num = (bracketed or dated).groups()
                pattern = rf"[〔\[［(（]\s*{year}\s*[〕\]］)）]\s*{num}\s*号" if bracketed else rf"{year}\s*年\s*第\s*{num}\s*号"
            else:
                order = re.search(r"第(.+?)号$", doc.doc_number)
                pattern = rf"第\s*{re.escape(order.group(1))}\s*号" if order else re.escape(doc.doc_number)
            value = doc.doc_number
        elif q.kind == "issuer":
            if MADE_Q.search(q.text):
                made = self._makers(doc)
                if made is not None:
                    return made
            if LEAD_Q.search(q.text):
                lead = self.lead_department(doc, interprets="解释" in q.text)
                if lead is not None:
                    return lead
            if not doc.issuer:
                return self._makers(doc)  # no issuer line: who drew it up, as its text says
            pattern, value = re.escape(doc.issuer), doc.issuer
        elif EFFECTIVE_Q.search(q.text):
            return self._effective_date(doc, expiry=bool(re.search(r"有效期|有效(?:到|至)|到期|过期|失效|截止|管多(?:长时间|久)|管几年|管到|为止|有效多久|expire|valid|in force|how long", q.text, re.I)))
        else:
            # （不是落款日期）: a date the question sets aside is not the one it asks
            asked = re.sub(r"(?:不是|而非|并非|不要|不看|非)[^，,。？?）)]{0,4}(?:落款|成文|签发|签署)", "", q.text)
            wanted_print = bool(re.search(r"印发|printed", asked)) and not re.search(r"落款|成文|签发|签署|signed|dated", asked)
            wanted_print = wanted_print and bool(doc.printed_date)
            iso = doc.printed_date if wanted_print else (doc.date or doc.printed_date)
            if not iso:
                return None
            y, m, d = (int(x) for x in iso.split("-"))
            pattern = rf"{y}\s*年\s*0?{m}\s*月\s*0?{d}\s*日"  # 2024年08月24日 too
            value = f"{y}年{m}月{d}日"
        clause = self.reader.clause_with(doc.doc_id, pattern)
        if q.kind == "date" and clause is not None and re.search(r"[，,。；;]", clause.text):
            # 征求意见时间为2026年4月8日至…: a sentence that mentions the day; the date line (落款) is the record
            line = self.reader.clause_with(doc.doc_id, r"^\s*" + pattern + r"\s*$")
            clause = line or clause
        if clause is None:
            return None
        m = re.search(pattern, clause.text)
        quote_start = clause.start
        if q.kind == "date":
            previous = self.reader.previous_clause(clause)
            if previous is not None and previous.path[:1] in (["落款"], ["文末"]) and ISSUER_LINE.match(previous.text.strip()):
                quote_start = previous.start  # the 落款 is the issuer's name and the date together
        detail, support = "", []
        if q.kind == "date" and doc.date and wanted_print:
            y, mo, d = (int(x) for x in doc.date.split("-"))
            signed = self.reader.clause_with(doc.doc_id, rf"{y}\s*年\s*{mo}\s*月\s*{d}\s*日(?!\s*印)")
            if signed is not None:
                detail = f"成文日期{y}年{mo}月{d}日"
                support.append((signed, signed.start, signed.end))
        elif q.kind == "date" and doc.printed_date and doc.date and doc.printed_date != doc.date:
            y, mo, d = (int(x) for x in doc.printed_date.split("-"))
            printed = self.reader.clause_with(doc.doc_id, rf"{y}\s*年\s*{mo}\s*月\s*{d}\s*日\s*印\s*发")
            if printed is not None:
                detail = f"{y}年{mo}月{d}日印发"
                support.append((printed, printed.start, printed.end))
        return Reading(
            kind="metadata", document=doc, clause=clause, quote_start=quote_start, quote_end=clause.end,
            score=1.0, coverage=1.0, value=value, detail=detail, support=support,
            deadline=None,
        ) if m else None

    def annex(self, q: Question, hits: list[Hit]) -> Reading | None:
        """附件：杭州市…若干政策举措 — the line that names a document's annexes."""
        doc = self.reader.best_document(q, hits)
        text = self.reader.texts[doc.doc_id]
        for clause in self.reader.clauses_by_doc[doc.doc_id]:
            m = ANNEX_LINE.search(clause.text)
            if m:
                s = clause.start + m.start()
                return Reading(kind="metadata", document=doc, clause=clause, quote_start=s,
                               quote_end=clause.start + m.end(), score=1.0, coverage=1.0,
                               value=text[clause.start + m.start(1): clause.start + m.end(1)].strip(), detail="附件",
                               deadline=None)
        return None

    def labelled_field(self, q: Question, hits: list[Hit]) -> Reading | None:
        """【发布单位】流通发展司 / 索引号：… / 指南编号：HCGXJ-…: a field a document's header labels,
        asked by its label (发布单位是哪个; the publishing unit, through the glossary; 指南编号是多少)."""
        asked = re.sub(r"\s", "", f"{q.text} {q.search_text}")
        labels = [m for m in FIELD_LABEL_WORDS if m in asked]
        doc = self.reader.best_document(q, hits)
        text = self.reader.texts[doc.doc_id]
        head = self.reader.clauses_by_doc[doc.doc_id][:15]
        # the header's own labels (指南编号, 版 本 号, 事项编码), when the question names one in full
        for clause in head:
            for m in HEADER_FIELD.finditer(text, clause.start, clause.end):
                label = re.sub(r"\s", "", m.group(1))
                if len(label) >= 3 and label in asked and label not in labels:
                    labels.append(label)
        if not labels:
            return None
        spaced = "|".join(r"\s*".join(map(re.escape, label)) for label in labels)
        for clause in head:
            m = re.search(rf"[【\[]?({spaced})[】\]：:]\s*([^【\[\s]+)", text[clause.start: clause.end])
            if m:
                s, e = clause.start + m.start(), clause.start + m.end()
                return Reading(kind="metadata", document=doc, clause=clause, quote_start=s, quote_end=e, score=1.0,
                               coverage=1.0, value=m.group(2), detail=re.sub(r"\s", "", m.group(1)), deadline=None)
        return None

    def addressee(self, doc: Document) -> Reading | None:
        """沈明哲代表： / 各市、县（市、区）人民政府：: whom a letter or notice is addressed to, the line
        ending in a colon that stands alone between its title and its body."""
        text = self.reader.texts[doc.doc_id]
        for clause in self.reader.clauses_by_doc[doc.doc_id][:15]:
            line = text[clause.start: clause.end].strip()
            m = re.fullmatch(r"([^。；;：:]{2,60})[：:]", line)
            if m and not FIELD_LABEL.fullmatch(m.group(1)):
                return Reading(kind="metadata", document=doc, clause=clause, quote_start=clause.start, quote_end=clause.end,
                               score=1.0, coverage=1.0, value=m.group(1), detail="主送", deadline=None)
        return None

    def title(self, doc: Document) -> Reading | None:
        """那篇的标题是什么: the document's title, quoted from the line that states it."""
        text = self.reader.texts[doc.doc_id]
        head = re.sub(r"[〈〉《》]", "", doc.title)[:8]
        for clause in self.reader.clauses_by_doc[doc.doc_id][:12]:
            if head and head in re.sub(r"[《》\s]", "", clause.text):
                s, e = next(iter(sentences(text[clause.start:clause.end], clause.start)), (clause.start, clause.end))
                return Reading(kind="metadata", document=doc, clause=clause, quote_start=s, quote_end=e,
                               score=1.0, coverage=1.0, value=f"《{doc.title}》", detail="标题", deadline=None)
        return None

    def _makers(self, doc: Document) -> Reading | None:
        """市发展改革委、市经济和信息化局、市科委中关村管委会联合制定《…行动计划》: who drew a
        document up, as its own text says (a 发改委 notice may carry several departments' plan)."""
        text = self.reader.texts[doc.doc_id]
        head = re.escape(doc.title[:6])
        for clause in self.reader.clauses_by_doc[doc.doc_id]:
            for s, e in sentences(text[clause.start:clause.end], clause.start):
                m = re.search(rf"([^，,。；;（(]{{3,80}}?)(?:联合|共同)?(?:研究)?(?:制定|起草|编制)(?:了)?(?:《{head}|本(?:方案|计划|意见|措施|办法|规划))",
                              text[s:e])
                if m and ORG_TAIL.search(m.group(1)):
                    return Reading(kind="metadata", document=doc, clause=clause, quote_start=s, quote_end=e,
                                   score=1.0, coverage=1.0, value=m.group(1).strip(), detail="制定", deadline=None)
        return None

    def lead_department(self, doc: Document, interprets: bool = False) -> Reading | None:
        """本方案由市发改委负责牵头组织实施: the department a document names to lead it, which is
        not always its issuer (or, asked who interprets it, 由省经信厅负责解释)."""
        text = self.reader.texts[doc.doc_id]
        for clause in self.reader.clauses_by_doc[doc.doc_id]:
            for s, e in sentences(text[clause.start:clause.end], clause.start):
                m = LEAD_SENTENCE.search(text[s:e])
                if m and (m.group("verb") == "解释") == interprets:
                    return Reading(kind="metadata", document=doc, clause=clause, quote_start=s, quote_end=e,
                                   score=1.0, coverage=1.0, value=m.group(1), detail="解释" if interprets else "牵头",
                                   deadline=None)
        return None

    def due_date(self, q: Question, hits: list[Hit]) -> Reading | None:
        """请于2025年5月30日前报送: the date a question asks something is due by, from the
        retrieved sentence that states one and best covers the question."""
        terms = self.reader.question_terms(q)
        best = None
        for rank, h in enumerate(hits[:10]):
            text = self.reader.texts[h.chunk.doc_id]
            clause = self.reader.clauses[h.chunk.clause_id]
            spans = [(clause.start, clause.end)] if clause.kind == "table_row" else sentences(text[h.chunk.start:h.chunk.end], h.chunk.start)
            for s, e in spans:  # (a table row is quoted whole: its task and its 完成时限 together)
                m = DUE_DATE.search(text[s:e])
                if m is None or (q.years and not any(str(y) in text[s:e] for y in q.years)):
                    continue  # (2025年度…截止 is not answered by the 2026 round's dates)
                score = self.reader.coverage(terms, " ".join([text[s:e], *clause.path[-2:]])) + 0.1 / (1 + rank)
                if best is None or score > best[0]:
                    best = (score, s, e, clause, re.sub(r"\s", "", m.group(1) or m.group(2)), h.chunk.doc_id)
        if best is None:
            return None
        score, s, e, clause, value, doc_id = best
        return Reading(kind="metadata", document=self.reader.documents[doc_id], clause=clause, quote_start=s, quote_end=e,
                       score=score, coverage=score, value=value, detail="截止", deadline=None)

    def _cited_doc_number(self, q: Question, titles: list[str] | None = None) -> Reading | None:
        """所依据的《国务院关于…的意见》文号: the 文号 printed beside that title in the text."""
        for title in q.quoted if titles is None else titles:
            for doc_id, text in self.reader.texts.items():
                m = re.search(re.escape(title) + r"[》\s]*[（(]\s*([\u4e00-\u9fff]{1,10}\s*[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d{1,4}\s*号)", text)
                if m:
                    clause = next(c for c in self.reader.clauses_by_doc[doc_id] if c.start <= m.start(1) < c.end)
                    s, e = next(((s, e) for s, e in sentences(clause.text, clause.start) if s <= m.start(1) < e), (clause.start, clause.end))
                    return Reading(kind="metadata", document=self.reader.documents[doc_id], clause=clause, quote_start=s,
                                   quote_end=e, score=1.0, coverage=1.0, value=re.sub(r"\s", "", m.group(1)))
        return None

    def names_day(self, reading: Reading | None) -> bool:
        return reading is not None and bool(DAY.search(self.reader.texts[reading.document.doc_id][reading.quote_start: reading.quote_end]))

    def cited_document(self, q: Question) -> Reading | None:
        """《义甬舟开放大通道建设之产业发展行动方案》是什么时候出台的 / 是哪个部门制定的: a document the
        corpus only cites is dated, and its maker named, by the sentence that cites it
        (2017年初，浙江省经信厅研究制定并发布了《…》)."""
        for title in re.findall(r"《([^《》]{2,80})》", q.text):
            if any(title in d.title or d.title in title for d in self.reader.documents.values()):
                continue  # a document of the corpus: its own date and issuer lines answer
            for doc_id, text in self.reader.texts.items():
                for m in re.finditer("《" + re.escape(title) + "》", text):
                    clause = next((c for c in self.reader.clauses_by_doc[doc_id] if c.start <= m.start() < c.end), None)
                    if clause is None:
                        continue
                    s, e = next(((s, e) for s, e in sentences(clause.text, clause.start) if s <= m.start() < e), (clause.start, clause.end))
                    if q.kind == "issuer":
                        found = list(CITED_MAKER.finditer(text, s, m.start()))
                        value = found[-1].group(1) if found else None
                    else:
                        found = list(CITED_WHEN.finditer(text, s, m.start()))
                        value = re.sub(r"\s", "", found[-1].group()) if found else None
                    if value:
                        return Reading(kind="metadata", document=self.reader.documents[doc_id], clause=clause, quote_start=s,
                                       quote_end=e, score=1.0, coverage=1.0, value=value,
                                       detail="所引文件" if q.kind != "issuer" else "所引文件制定")
        return None

    def _effective_date(self, doc: Document, expiry: bool = False) -> Reading | None:
        """本方案自2025年7月15日起施行: the date a document takes effect, as its text states it."""
        text = self.reader.texts[doc.doc_id]
        if expiry:  # 有效期至2027年12月31日, or a term: 有效期3年
            # (有效期自2026年5月1日起至2029年4月30日止: the end of the span)
            m = re.search(r"有效期[^。；;]{0,30}?(?:至|到)\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)", text) or \
                re.search(r"有效期(?:为)?\s*([一二三四五六七八九十\d]{1,2}\s*年)", text)
        else:
            m = re.search(r"((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*起\s*(?:施行|实施|生效)", text)
        if not m:
            return None
        clause = next(c for c in self.reader.clauses_by_doc[doc.doc_id] if c.start <= m.start() < c.end)
        s, e = next(((s, e) for s, e in sentences(clause.text, clause.start) if s <= m.start() < e), (clause.start, clause.end))
        return Reading(kind="metadata", document=doc, clause=clause, quote_start=s, quote_end=e, score=1.0,
                       coverage=1.0, value=re.sub(r"\s", "", m.group(1)),
                       detail=("有效期至" if "月" in m.group(1) else "有效期") if expiry else "起施行")

    def period(self, q: Question, hits: list[Hit]) -> Reading | None:
        """规划期限为2021—2025年: stated once, usually in the preamble."""
        doc = self.reader.best_document(q, hits)
        text = self.reader.texts[doc.doc_id]
        m = PERIOD_STATEMENT.search(text)
        if not m:
            return None
        clause = next(c for c in self.reader.clauses_by_doc[doc.doc_id] if c.start <= m.start() < c.end)
        s, e = next(((s, e) for s, e in sentences(clause.text, clause.start) if s <= m.start() < e), (clause.start, clause.end))
        return Reading(kind="sentence", document=doc, clause=clause, quote_start=s, quote_end=e, score=1.0,
                       coverage=1.0, value=m.group("span"))
