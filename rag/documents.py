"""Stage 2b — documents: split a cleaned file into documents and read their
metadata (title, 文号, issuer, dates, region, target years) from the text.

A file may hold several reports one after another (title line, issuer line,
body; then the next title and issuer). Each becomes its own Document, so a
question about 安徽 cites the 安徽 report, not the file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from .lexicon import english_compound, english_places, provinces
from .scope import document_scope
from .types import Document

CN_NUM = "一二三四五六七八九十百零〇两"
PROVINCES = provinces()  # rag/data/places.tsv

# 浙政办发〔2018〕10号, 浙政发[2021] 20号, 国发(2020)5号 …
DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,10})\s*[〔\[［(（]\s*((?:19|20)\d{2})\s*[〕\]］)）]\s*(\d{1,4})\s*号")
ISSUER_LINE = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,30}?(?:人民政府办公厅|人民政府|办公厅|办公室|委员会|领导小组|(?:督查|研究|参事)室|厅|局|委|部|院|中心|协会|联合会)$"
)
ORG_END = r"(?:人民政府办公厅|人民政府|办公厅|办公室|委员会|领导小组|(?:督查|研究|参事)室|中心|厅|局|委|部|院)"


def split_issuers(name: str) -> list[str]:
    """南京市数据局南京市城市数字治理中心 → two issuers: a signature line that names several bodies
    of one place runs them together; each starts again with the place."""
    place = re.match(r"[\u4e00-\u9fff]{2}(?:省|市|县|区)?", name)
    if place is None:
        return [name]
    cuts = [m.start() for m in re.finditer(re.escape(place.group()), name)
            if m.start() > 0 and re.search(ORG_END + "$", name[: m.start()])]
    return [name[a:b] for a, b in zip([0] + cuts, cuts + [len(name)])]


TITLE_ISSUER = re.compile(r"^([\u4e00-\u9fff\d（）()、]{2,40}?(?:人民政府办公厅|人民政府|办公厅|办公室|委员会|领导小组|部门|厅|局|委|部|院))关于")
DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DATE_LINE = re.compile(rf"^(.{{0,30}}?)\s*{DATE.pattern}\s*(印\s*发)?$")
SENTENCE_PUNCT = re.compile(r"[。！？；;!?，,：:、]")
DEADLINE = re.compile(r"到\s*((?:19|20)\d{2})\s*年")
ANNOUNCEMENT_NUMBER = re.compile(r"(?:19|20)\d{2}\s*年\s*第\s*\d{1,4}\s*号")
# 公告 ⏎ （第三十七号）: a standing committee's announcements are numbered in one series, without a year
ANNOUNCEMENT_ORDER = re.compile(r"[（(]?\s*(第\s*[一二三四五六七八九十百零〇\d]{1,6}\s*号)\s*[)）]?")
# 《…条例》已由…常务委员会第二十一次会议于…通过，现予公布: the announcement publishes a law, which is the document
PROMULGATED = re.compile(r"《([^》]{4,60})》\s*(?:已由|已经)[^。]{0,80}?(?:通过|批准)[^。]{0,60}?现予公布")
NOTICE_TITLE = re.compile(r"关于印发\s*《?(.+?)》?\s*的通知")
TITLE_END = re.compile(r"(通知|意见|方案|规划|办法|决定|报告|纲要|计划|细则|规定|公告|公示|通报|批复|答复|复函|函|条例|措施|指引|解读|问答)$")
# a web page's header line: 发布日期：2025年12月26日　来源：某省工业和信息化厅
PUBLISHED = re.compile(r"(?:发布|印发|成文|公布)(?:日期|时间)[:：]\s*")
SOURCE_ISSUER = re.compile(rf"(?:来源|发布机构|发文机关)[:：]\s*([\u4e00-\u9fff]{{2,30}}?{ORG_END})")


@dataclass(frozen=True)
class DocumentText:
    document: Document
    text: str  # cleaned text of this document
    offset: int  # where it starts in the cleaned text of its file


def _strip_marks(line: str) -> str:
    return re.sub(r"^(?:#{1,6}\s*|[-*+•]\s+)", "", line).replace("**", "").strip()


def _is_title_like(line: str) -> bool:
    line = _strip_marks(line)
    return bool(line) and len(line) <= 60 and not SENTENCE_PUNCT.search(line) and not DATE.search(line)


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out


def split_reports(text: str) -> list[tuple[int, int]]:
    """Spans of the documents in a file: a new one starts where a title line is
    followed by an issuer line and a body, after a substantial earlier part."""
    paras = _paragraphs(text)
    starts = [0]
    for i in range(1, len(paras) - 1):
        title, issuer, body = paras[i - 1][1], _strip_marks(paras[i][1]), paras[i + 1][1]
        if not (ISSUER_LINE.match(issuer) and _is_title_like(title)):
            continue
        if DATE.search(body) and len(body) < 40:  # signature + date: the end of a notice, not a new report
            continue
        start = paras[i - 1][0]
        if start - starts[-1] >= 200 and len(body) >= 40:
            starts.append(start)
    ends = starts[1:] + [len(text)]
    return list(zip(starts, ends))


def _iso(m: re.Match[str]) -> str:
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"


def normalise_doc_number(m: re.Match[str]) -> str:
    prefix = m.group(1)
    # the issuing-body abbreviation is the tail of the run of CJK before the bracket
    prefix = re.sub(r"^.*?(文件|号)", "", prefix) or m.group(1)
    return f"{prefix}〔{m.group(2)}〕{m.group(3)}号"


def _own_doc_number(paras: list[str]) -> str | None:
    """The document's own 文号 stands on a line of its own (浙政发〔2021〕20号, 【发布文号】…);
    one inside a sentence (…的意见》（国发〔2025〕11号）) is a document it cites."""
    for p in paras:
        m = DOC_NUMBER.search(p)
        if m and len(re.sub(r"【[^】]*】|文号[:：]?|\s", "", p[: m.start()] + p[m.end():])) <= 2:
            return normalise_doc_number(m)
    return None


TITLE_TAIL = re.compile(r"^(?:的)?[\u4e00-\u9fff“”\"]{0,20}?(?:通知|意见|方案|规划|办法|决定|报告|纲要|计划|细则|规定|公告|措施|指引|公报)"
                        r"(?:[（(][^）)]{2,16}[)）])?$")


def _tidy_title(title: str, paras: list[str]) -> str:
    """Join a title broken over two lines (广东省关于…千行百业 / 的若干措施), drop a speech's
    dateline (政府工作报告——2025年3月5日在…), footnote marks ([1]) and stray 《》."""
    if title in paras:
        i = paras.index(title)
        if i + 1 < len(paras) and not TITLE_END.search(title) and TITLE_TAIL.match(paras[i + 1]):
            title += paras[i + 1]
    title = re.split(r"——|──", title)[0] if re.search(r"(?:——|──).*\d{4}\s*年", title) else title
    title = re.sub(r"\[\d{1,3}\]$", "", title.strip())
    title = re.sub(r"》\s*全文》?$", "", title)
    if title.startswith("《") and title.find("》") in (-1, len(title) - 1):
        title = title.strip("《》 ")  # 《…指引》 wraps the whole title
    # 《…若干措施》政策解读 names another document: nested, it is 〈…〉 inside the 《》 it is shown in
    return title.strip().replace("《", "〈").replace("》", "〉")


ISSUER_LINE_END = re.compile(r"(?:部|委|局|厅|办|院|署|行|会|总局|政府|办公室|(?:督查|研究|参事)室|领导小组)$")


def _title_with_about(head: list[str]) -> str | None:
    """The …关于…的意见 title, also when set on several lines: the lines after the 关于 line up to the
    one ending in a document type, and before it the lines of issuers a long list pushed up
    (工业和信息化部 国家发展改革委… / 中国人民银行 金融监管总局关于数据要素赋能 / 制造业…的指导意见)."""
    def plain(p: str) -> bool:
        return bool(p) and not SENTENCE_PUNCT.search(p) and not DOC_NUMBER.search(p) and not p.endswith("文件") and len(p) <= 60
    for i, p in enumerate(head):
        if "关于" not in p or not plain(p):
            continue
        end = i
        while not TITLE_END.search(head[end]) and end + 1 < len(head) and end - i < 3 and plain(head[end + 1]):
            end += 1
        if not TITLE_END.search(head[end]):
            continue
        start = i
        if not p.startswith("关于") and p.index("关于") > 0 and ISSUER_LINE_END.search(p[: p.index("关于")]):
            while start > 0 and i - start < 2 and plain(head[start - 1]) and ISSUER_LINE_END.search(head[start - 1]):
                start -= 1
        return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", "".join(head[start: end + 1]))
    return None


def read_metadata(text: str, doc_id: str, path: str) -> Document:
    paras = [_strip_marks(p) for _, p in _paragraphs(text)]
    head = "\n".join(paras[:12])

    doc_number = _own_doc_number(paras[:12])
    if doc_number is None:
        # 公告 ⏎ 2026年第9号: an announcement is numbered by year and order, on a line of its own
        doc_number = next((p.replace(" ", "") for p in paras[:6] if ANNOUNCEMENT_NUMBER.fullmatch(p)), None)
    order = None
    if doc_number is None:
        order = next((re.sub(r"\s", "", m.group(1)) for i, p in enumerate(paras[1:4], 1)
                      if re.search(r"公\s*告$", paras[i - 1]) and (m := ANNOUNCEMENT_ORDER.fullmatch(p))), None)

    header_issuer = next((p[:-2] for p in paras[:3] if p.endswith("文件") and len(p) <= 30), None)
    kind = "notice" if (doc_number or header_issuer) else "report"

    title = None
    m = NOTICE_TITLE.search(head.replace("\n", ""))
    if m:
        title = m.group(1)
    if not title:
        title = _title_with_about(paras[:12])
    if not title:
        # a speech's title line carries its dateline: 政府工作报告——2025年3月5日在…
        heads = [re.split(r"——|──", p)[0] if re.search(r"(?:——|──).*\d{4}\s*年", p) else p for p in paras[:5]]
        candidates = [p for p in heads if _is_title_like(p) and not p.endswith("文件") and not DOC_NUMBER.search(p)
                      and not re.match(r"^[【\[]", p)]
        # 江临省工业和信息化厅 / 《…若干措施》政策问答: a line that only names the issuer heads the title
        title = next((p for p in candidates if not ISSUER_LINE.match(p)), None) or next(iter(candidates), None)
    alias = ""
    if not title:  # an untitled file (only a 文号 on top): its file name says more than a 文号
        title = PurePath(path).stem
        alias = _name_in_chinese(title)
    title = _tidy_title(title, paras)

    issuer = header_issuer
    if issuer is None:
        issuer = next((p for p in paras[:6] if ISSUER_LINE.match(p)), None)
    if issuer is None:
        # 商务部等4部门办公厅关于…的通知: a notice's title opens with who issues it
        m = TITLE_ISSUER.match(title)
        issuer = m.group(1) if m else None

    generic_guide = re.fullmatch(r"(?:政务服务)?(?:事项)?((?:办事|服务|办理|申报)指南)", re.sub(r"\s", "", title))
    if generic_guide and (item := re.search(r"事项名称\s*[：:]\s*([^\n]{2,40})", head)):
        # 政务服务事项办事指南 / 事项名称：工业企业技术改造项目备案: a service guide is named by its item
        title = item.group(1).strip() + generic_guide.group(1)
    if re.fullmatch(r"公\s*告|通\s*告", title) and issuer:
        title = f"{issuer}公告"  # 《工业和信息化部公告》（2026年第9号）: how an announcement is cited
    if order is not None:
        # 《嶂川省制造业高质量发展促进条例》, 嶂川省人民代表大会常务委员会公告第三十七号: the law is the
        # document and the announcement that published it is its number
        announcement = re.sub(r"[\s（）()]", "", title)
        doc_number = announcement + order if announcement.endswith("公告") else order
        law = PROMULGATED.search(head.replace("\n", ""))
        if law and law.group(1) in paras:
            title = _tidy_title(law.group(1), paras)
        kind = "notice"  # a numbered announcement, or the law it publishes: a document of record
    signed_date, printed_date = None, None
    for p in paras:
        dm = DATE_LINE.match(p)
        if not dm:
            continue
        date = _iso(DATE.search(p))
        if "印" in p[dm.end(4):] or re.search(r"印\s*发$", p):
            printed_date = printed_date or date
        elif signed_date is None:
            signed_date = date
            # (昀州省工业和信息化厅运行监测协调处编　2026年5月22日: a bulletin's masthead names who compiles it)
            maker = re.sub(r"(?<=[处司科室厅局委办])(?:编印|编制|编|主办|制)$", "", dm.group(1).strip()) if dm.group(1) else ""
            if issuer is None and maker and (ISSUER_LINE.match(maker) or (maker != dm.group(1).strip() and re.search(r"[处司科室]$", maker))):
                issuer = maker

    if signed_date is None or issuer is None:  # a web page's header: 发布日期：…　来源：…厅
        for p in paras[:6]:
            pm = PUBLISHED.search(p)
            if signed_date is None and pm and DATE.match(p, pm.end()):
                signed_date = _iso(DATE.match(p, pm.end()))
            sm = SOURCE_ISSUER.search(p)
            if issuer is None and sm:
                issuer = sm.group(1)
            dl = re.search(r"(?:^|[—─]{2})\s*(?=(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*在)", p)
            # a speech's dateline: ——2026年1月9日在萦山县第十八届人民代表大会…上
            if signed_date is None and dl and DATE.match(p, dl.end()):
                signed_date = _iso(DATE.match(p, dl.end()))

    region = next((prov for prov in PROVINCES if prov in (issuer or "") + title), None)
    years = sorted({int(y) for y in DEADLINE.findall(text)})
    scope = document_scope(title, issuer, doc_number, text, (years[0], years[-1]) if years else None, kind)
    region = region or scope.province
    return Document(
        level=scope.level, place=scope.place, period=scope.period,
        doc_id=doc_id,
        title=title,
        doc_number=doc_number,
        issuer=issuer,
        date=signed_date,
        path=path,
        printed_date=printed_date,
        region=region,
        target_years=(years[0], years[-1]) if years else None,
        kind=kind,
        alias=alias,
    )


def _name_in_chinese(stem: str) -> str:
    """shenzhen-2025-ai-terminal-industry-action-plan → 深圳2025人工智能终端…行动方案: the places and
    policy terms an English file name spells, through the language data."""
    words = [w for w in re.split(r"[-_.\s]+", stem.lower()) if w]
    if not words or not all(re.fullmatch(r"[a-z0-9]+", w) for w in words):
        return ""
    known = english_places()
    out, rest = [], []
    for w in words:
        if w in known or w.isdigit():
            if rest:
                out.append(english_compound(" ".join(rest)))
                rest = []
            out.append(known.get(w, w))
        else:
            rest.append(w)
    if rest:
        out.append(english_compound(" ".join(rest)))
    return "".join(out)


def make_documents(cleaned: str, source_name: str) -> list[DocumentText]:
    """Split a cleaned file into documents and read each one's metadata."""
    stem = re.sub(r"[^0-9A-Za-z_.-]+", "_", PurePath(source_name).with_suffix("").as_posix().replace("/", "__"))
    spans = split_reports(cleaned)
    out = []
    for n, (start, end) in enumerate(spans, 1):
        doc_id = stem if len(spans) == 1 else f"{stem}.part{n}"
        part = cleaned[start:end]
        out.append(DocumentText(read_metadata(part, doc_id, source_name), part, start))
    return out
