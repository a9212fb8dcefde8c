"""Reading a list's items out of one sentence or paragraph: the elements of an enumeration
(A、B、C和D等N个…), the openings of parallel sentences (X方面，…。Y方面，…), and the targets
of a long goals sentence. Pure text rules; which sentence to read is lists.py's business."""
from __future__ import annotations

import re

from ..lexical import opens_with_verb
from ..numbers import clip
from ..targets import sentences

# A、B、C…: elements up to 24 characters, which may hold a short parenthesis (中国（南京）软博会)
_ELEMENT = r"(?:[^、，,。；;：:（）()]|[（(][^（）()、，,。]{1,8}[）)]){1,24}"
# (A、B两个…: two elements are an enumeration when a count of two follows them)
ENUMERATION = re.compile(rf"(?:{_ELEMENT}、){{2,}}{_ELEMENT}|{_ELEMENT}、[^、，,。；;：:]{{1,24}}?等?\s*(?:2|两|二)\s*[个家项类条大种批][^、，,。；;：:]{{0,16}}")
LEAD_VERBS = re.compile(r"^(?:制定|重点|着力|加快|大力|积极|深入|全面|聚焦|围绕|谋划|前瞻|布局|包括|涵盖|涉及|覆盖|推动|推进|支持|发展|培育|打造|建设|建立健全|建立|健全|创建|组建|设立|"
                        r"引进|开展|贯通|联动|依托|推广|实施|以|在|对|将|有|如|例如|主要是|主要有|分别是|分别为|即)+")
ACTION_LEAD = re.compile(r"^(?:主要|重点|着力|积极|大力|深入|全面|进一步|要|将|并)+")
ACTION_VERB = re.compile(r"建成|建设|打造|培育|形成|推进|推动|支持|布局|包括|涵盖|涉及|覆盖|聚焦|围绕|实施|开展|引进|创建|组建|设立|出台|认定|入选")
FIGURE = re.compile(r"\d|[一二三四五六七八九十百千万两]+[个家项款座批大]|以上|力争|不少于|突破|超过|翻番|倍增|全覆盖")
CLOSING_DENG = re.compile(r"(?<![高平对同均初中优次上])等(?![级于同次待])")  # 等 that ends a list, not 高等/等级
YEAR_ONLY = re.compile(r"(?:到|至)?\s*(?:19|20)\d{2}\s*年(?:底|末|前)?")


# a piece that opens by saying what will be built or formed is a target of its own even without a figure
# (建成国家人工智能应用中试基地，建设工业智能体创新中心，组建工业知识联盟，开放百个应用场景)
TARGET_VERB = re.compile(r"(?:力争|累计|新)?(?:建成|组建|培育|打造|形成|推出|创建|集聚|引进|认定|建设)")


def target_segments(body: str, text: str, s: int, e: int) -> list[tuple[str, int, int]]:
    """A long goals sentence holds several targets between commas (…规模达8000亿元以上、力争1万亿元，
    集聚不少于10家…，产量突破1.5亿台…): one item each, with its own offsets. A leading 到2025年底，
    belongs to the target after it."""
    sentence = text[s:e]
    figured = sum(bool(FIGURE.search(YEAR_ONLY.sub("", re.sub(r"(?:19|20)\d{2}\s*年(?:底|末)?", "", piece))))
                  for piece in re.split(r"[，,]", body))
    if len(body) <= 60 and figured < 2:
        return [(body, s, e)]  # (a short sentence with several figures is still several targets)
    # pieces without a figure (加快开辟科学研究新路径，) join the target they lead to
    out, pos, start = [], 0, None
    for piece in re.split(r"(?<=[，,])", sentence):
        a, b = s + pos, s + pos + len(piece)
        pos += len(piece)
        start = a if start is None else start
        colon = max(text.rfind("：", start, b), text.rfind(":", start, b))
        if colon >= 0 and not FIGURE.search(re.sub(r"(?:19|20)\d{2}\s*年(?:底|末)?", "", text[start:colon])):
            start = colon + 1  # 明确阶段目标，持续推进：到2026年底，…: what leads up to the colon is no target
        label = text[start:b].strip().rstrip("，,。；;")
        if re.fullmatch(r"(?:力争|争取|预计|计划)?" + YEAR_ONLY.pattern, label) or not (FIGURE.search(re.sub(r"(?:19|20)\d{2}\s*年(?:底|末)?", "", label))
                                               or (len(piece.strip()) >= 7 and TARGET_VERB.match(piece.strip()))):
            continue
        if len(label) >= 4:
            out.append((label, start, b))
        start = None
    if start is not None and out:  # a trailing piece without a figure belongs to the last target
        label, a, _ = out[-1]
        out[-1] = (text[a:e].strip().rstrip("，,。；;"), a, e)
    out = [(clip(x, 160), a, b) for x, a, b in out]
    return out or [(clip(body, 160), s, e)]


# (责任单位：省经信委、省商务厅) and the like: who carries a task out, not what the task lists
DUTY_NOTE = re.compile(r"[（(](?:责任单位|牵头单位|配合单位|参与单位|工业和信息化部对接司局|对接司局)[^（）()]*[）)]")
CONJUNCTION = re.compile(r"以及|及|和|与")


def _split_last(piece: str, wanted: int | None) -> list[tuple[int, int]]:
    """The last element of A、B、C和D is often two (C和D): split it at its conjunction unless
    the question's count says it is one."""
    m = None
    for m in CONJUNCTION.finditer(piece):
        pass  # the last conjunction joins the last element
    if m is None or m.start() < 2 or len(piece) - m.end() < 2 or wanted == 0:
        return [(0, len(piece))]
    return [(0, m.start()), (m.end(), len(piece))]


def _unquote(item: str) -> str:
    """Drop a quote mark left unpaired by the cut (“亩产效益”综合评价机制 keeps both)."""
    if item.startswith("“") and "”" not in item:
        item = item[1:]
    if item.endswith("”") and "“" not in item:
        item = item[:-1]
    return item


def enumeration_items(sentence: str, base: int, noun: str = "", count: str = "") -> list[tuple[str, int, int]]:
    """A、B、C等N个… → the spans of A, B and C (absolute offsets). Of several enumerations in
    one sentence, the one that names the noun asked about (…行动, …城市), else the longest."""
    # "雄鹰行动""凤凰行动"、…: two quoted names side by side are two items (same length, so offsets hold)
    sentence = re.sub(r'(["”])(["“])', "\\1、", sentence)
    if not re.search(r"单位|部门|机构|司局", noun):
        sentence = DUTY_NOTE.sub(lambda m: " " * len(m.group()), sentence)
    def key(m: re.Match[str]):
        after = sentence[m.end(): m.end() + 12]
        counted = bool(count) and bool(re.match(rf"\s*等?\s*{count}\s*[个家项类条大种批]", after)) or (bool(count) and m.group().count("、") + 1 == int(count))
        return (counted, bool(noun) and (noun in m.group() or noun in after), m.end() - m.start())
    best = max(ENUMERATION.finditer(sentence), key=key, default=None)
    if best is None:
        return []
    raws = best.group().split("、")
    # A、B等C、D: 等 closes the enumeration (家电、纺织等通用性高、共性需求大的行业 lists two)
    closed = next((n for n, raw in enumerate(raws[:-1]) if CLOSING_DENG.search(raw, 1)), None)
    if closed is not None:
        raws = raws[: closed + 1]
    spans, pos = [], best.start()
    for raw in raws:
        spans.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    # the first element may start with what leads into the list (《…计划》以及A、B): A starts after it
    s0, e0 = spans[0]
    lead_in = max((m.end() for m in re.finditer(r"以及|》", sentence[s0:e0])), default=0)
    if lead_in and e0 - (s0 + lead_in) >= 2:
        spans[0] = (s0 + lead_in, e0)
    # the last element runs into the rest of the sentence (…和C等N个城市): cut at 等, then split C和D
    s, e = spans[-1]
    tail = re.search(r"等(?:[一二三四五六七八九十两\d]+[个家项类条大种批])?.*$|各?\s*(?:[一二三四五六七八九十两\d]+\s*[个家项类条大种批]).*$", sentence[s:e])
    # 再建成新能源汽车零部件、绿色食品2个…平台: two elements are a list when the sentence counts them
    counted_two = bool(tail and re.match(r"等?\s*(?:2|两|二)\s*[个家项类条大种批]", tail.group()))
    if tail and tail.start() >= 2:
        e = s + tail.start()
    name = re.search(r"[“\"][^“”\"]{0,12}[”\"]?$", sentence[s:e])
    if name and name.start() >= 2:
        e = s + name.start()  # …境外产业链配套企业“四清单”, 一核查“五个一”: the quoted name the list goes by is not an item
    wanted = None
    if count:
        wanted = 1 if int(count) > len(spans) else 0
    spans[-1:] = [(s + a, s + b) for a, b in _split_last(sentence[s:e], wanted)]
    longest_other = max((b - a for a, b in spans[1:]), default=0)
    # 提高…标准、培育…服务商、建设…平台、加强…培养: when the elements are actions, their verbs belong to them
    actions = len(spans) >= 3 and 2 * sum(opens_with_verb(sentence[a:b]) for a, b in spans[1:]) > len(spans) - 1
    out = []
    for n, (s, e) in enumerate(spans):
        piece = sentence[s:e]
        # (of actions, the first keeps its verb too; only the adverbs before it go: 重点推进…)
        lead = (ACTION_LEAD if actions else LEAD_VERBS).match(piece)
        if lead and len(piece) - lead.end() >= 2:
            s += lead.end()
        acted = None
        if n == 0 and len(sentence[s:e]) > longest_other + 4:
            # 我们将在2027年底前再建成新能源汽车零部件、绿色食品: the first element starts after the verb that
            # leads into the list (it is much longer than the others)
            acted = max(ACTION_VERB.finditer(sentence[s:e]), key=lambda m: m.end(), default=None)
        if acted and e - (s + acted.end()) >= 2:
            s += acted.end()
        owner = sentence[s:e].rfind("的")
        rest = e - (s + owner + 1)
        # (购买…标准的冰箱、洗衣机、电视: a short rest is an item as long as the others)
        if owner >= 0 and n == 0 and (rest >= 4 or 2 <= rest <= longest_other + 1 < len(piece) // 2):
            s += owner + 1  # 建立绿色化的湖州全国蓄电池大数据中心 → 湖州全国蓄电池大数据中心
        item = _unquote(sentence[s:e].strip(" \""))
        if 1 <= len(item) <= 24:
            out.append((item, base + s, base + e))
    return out if len(out) >= 3 or (counted_two and len(out) == 2) else []


def opening_items(text: str, start: int, end: int, noun: str, aspects: bool) -> list[tuple[str, int, int]]:
    """Parallel sentences that each open with what they are about: 协同设计方面，…。生产制造方面，…
    (when aspects are asked) or 培育智能计算新赛道，…。培育智能终端新赛道，… (the noun asked).
    Each opening is an item, quoted with its sentence."""
    head = noun[-2:] if len(noun) >= 2 else ""
    out = []
    for s, e in sentences(text[start:end], start, full=True):
        m = re.match(r"\s*([^，,。；;：:、]{2,24}?)[，,：:]", text[s:e])
        if not m:
            continue
        opening = m.group(1).replace("**", "")
        if aspects and opening.endswith("方面") and len(opening) > 3:
            label = re.sub(r"^(?:在|从|就)", "", opening[:-2])
        elif head and opening.endswith(head):
            lead = LEAD_VERBS.match(opening)
            label = opening[lead.end():] if lead and len(opening) - lead.end() >= 2 else opening
        else:
            continue
        out.append((label, s, e))
    return out if len(out) >= 2 else []


# 一是…；二是…；三是…: ordinals that open the parts of one paragraph
INLINE_ORDINAL = re.compile(r"(?:^|(?<=[。；;，,：:]))\s*([一二三四五六七八九十]{1,2})是")
# 申报材料主要包括：（一）项目申报表；（二）…: numbered parts inside one sentence
INLINE_PAREN = re.compile(r"(?<=[：:；;])\s*[（(]([一二三四五六七八九十]{1,2})[)）]")
ORDINALS = "一二三四五六七八九十"


def ordinal_items(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The parts of a paragraph that counts them off (一是推动…；二是加强…, or …包括：（一）…；（二）…):
    each part from its ordinal to the next, labelled by its opening phrase. Only a run that counts
    一, 二, 三… in order."""
    for pattern in (INLINE_ORDINAL, INLINE_PAREN):
        run = []
        for m in pattern.finditer(text, start, end):
            if m.group(1) == ORDINALS[len(run)] if len(run) < len(ORDINALS) else False:
                run.append(m)
        if len(run) >= 2:
            break
    else:
        return []
    out = []
    for n, m in enumerate(run):
        a = m.end()
        b = run[n + 1].start() if n + 1 < len(run) else end
        b = min(b, next((x.end() for x in re.finditer(r"[。]", text[a:b])), b - a) + a) if n + 1 == len(run) else b
        part = text[a:b].strip().rstrip("；;，,。")
        # (a short （一）…； part is said whole: 在我省依法登记注册，具有独立法人资格 is one condition)
        label = part if pattern is INLINE_PAREN and len(part) <= 50 else re.split(r"[，,；;。：:]", part, maxsplit=1)[0]
        label = clip(label, 50)
        if len(label) >= 2:
            out.append((label, m.start(), b))
    return out if len(out) >= 2 else []
