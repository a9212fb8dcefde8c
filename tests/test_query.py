"""rag.query — what a question pins down, and follow-up resolution."""
from __future__ import annotations

import pytest

from rag.query import analyse, detect_language, resolve_follow_up

# ---------------------------------------------------------------- kinds


@pytest.mark.parametrize(
    "question, kind",
    [
        ("到2025年建成多少个5G基站？", "number"),
        ("新增世界500强企业多少家？", "number"),
        ("数字经济核心产业增加值占GDP比重是多少？", "number"),
        ("How many 5G base stations will Zhejiang build by 2025?", "number"),
        ("What share of GDP does the digital economy account for?", "number"),
        ("What's the max latency allowed between key computing facilities?", "number"),
        ("到哪一年建成20万个5G基站？", "deadline"),
        ("什么时候实现规上工业企业数字化改造全覆盖？", "deadline"),
        ("By when will Zhejiang build 200,000 5G base stations?", "deadline"),
        ("该文件是什么时候印发的？", "date"),
        ("十四五规划的印发日期是哪一天？", "date"),
        ("When was the plan issued?", "date"),
        ("十四五规划的规划期限是什么？", "period"),
        ("What is the planning period of the 14th Five-Year Plan?", "period"),
        ("这个规划的文号是什么？", "doc_number"),
        ("What is the document number of the plan?", "doc_number"),
        ("这个意见是哪个部门印发的？", "issuer"),
        ("营商环境便利度指数的属性是什么？", "text"),
        ("营商环境便利度指数是约束性还是预期性指标？", "text"),
        ("Is the water use indicator binding or anticipatory?", "text"),
        ("2020年工作成效有哪些？", "text"),
    ],
)
def test_kind(question, kind):
    assert analyse(question).kind == kind


def test_attribute_question_is_text_even_with_number_words():
    # 属性 wins over 多少/比重: the answer is 约束性/预期性, not a figure
    assert analyse("制造业增加值占GDP比重这个指标的属性是什么？").kind == "text"


# ---------------------------------------------------------------- years and periods


@pytest.mark.parametrize(
    "question, years",
    [
        ("到2025年建成多少个5G基站？", [2025]),
        ("到 2025 年建成多少个5G基站？", [2025]),
        ("２０２５年的目标是多少？", [2025]),
        ("“中国制造2025”国家级示范区有几个？", []),
        ("投放贷款超1900亿元是哪个省？", []),
        ("实施亿元以上技术改造项目1000项以上", []),
        ("How many 5G base stations will Zhejiang build by 2025?", [2025]),
        ("In 2020, how much did industrial value added grow?", [2020]),
        ("What is the 2025 target for 5G base stations?", [2025]),
        ("How many Made in China 2025 demonstration zones?", []),
        ("2020年和2025年分别是多少？", [2020, 2025]),
    ],
)
def test_years(question, years):
    assert analyse(question).years == years


@pytest.mark.parametrize(
    "question, period",
    [
        ("十四五期间建成多少个5G基站？", (2021, 2025)),
        ("“十三五”期间规上工业增长多少？", (2016, 2020)),
        ("What is the planning period of the 14th Five-Year Plan?", (2021, 2025)),
        ("13th five-year plan achievements", (2016, 2020)),
        ("到2025年建成多少个5G基站？", None),
    ],
)
def test_periods(question, period):
    assert analyse(question).period == period


# ---------------------------------------------------------------- regions and cities


@pytest.mark.parametrize(
    "question, regions",
    [
        ("安徽规上工业增长多少？", ["安徽"]),
        ("浙江和安徽的增速分别是多少？", ["浙江", "安徽"]),
        ("How much did Anhui grow?", ["安徽"]),
        ("How many in ZHEJIANG?", ["浙江"]),
        ("Inner Mongolia targets", ["内蒙古"]),
        ("Shaanxi", ["陕西"]),
        ("Shanxi", ["山西"]),
        ("到2025年建成多少个5G基站？", []),
        ("What about Anhuisheng?", []),  # whole words only
    ],
)
def test_regions(question, regions):
    assert analyse(question).regions == regions


def test_cities_and_language():
    q = analyse("宁波和舟山的工业投资增长多少？")
    assert q.cities == ["宁波", "舟山"] and q.regions == [] and q.language == "zh"
    assert analyse("How many 5G base stations?").language == "en"
    assert detect_language("5G基站多少个") == "zh"
    assert detect_language("IPv6") == "en"


def test_doc_number_in_question():
    assert analyse("浙政发〔2021〕20号是什么文件？").doc_number == "浙政发〔2021〕20号"
    assert analyse("浙政发[2021] 20号的规划期限？").doc_number == "浙政发[2021] 20号"
    assert analyse("这个规划的文号是什么？").doc_number is None


# ---------------------------------------------------------------- units


@pytest.mark.parametrize(
    "question, unit",
    [
        ("新增世界500强企业多少家？", "家"),
        ("实施技术改造项目投资多少亿元？", "亿元"),
        ("投放贷款多少亿？", "亿元"),
        ("数字经济核心产业增加值占GDP比重是多少？", "%"),
        ("制造业增加值占比多少？", "%"),
        ("建成多少万个5G基站？", "万个"),
        ("劳动生产率达到多少万元/人？", "万元/人"),
        ("工业机器人多少台？", "台"),
        ("How many companies entered the list?", "家"),
        ("How many billion yuan?", "亿元"),
        ("到2025年建成多少5G基站？", None),
    ],
)
def test_explicit_units(question, unit):
    assert analyse(question).unit == unit


def test_english_search_text_gets_chinese_terms():
    q = analyse("How many 5G base stations will Zhejiang build by 2025?")
    assert "5G基站" in q.search_text and "浙江" in q.search_text
    assert analyse("January-October growth in Anhui").search_text.count("1—10月") == 1


def test_quoted_focus_and_whitespace_normalised():
    q = analyse("  “雄鹰行动”   培育多少家企业？ ")
    assert q.quoted == ["雄鹰行动"]
    assert q.text == "“雄鹰行动” 培育多少家企业？"


# ---------------------------------------------------------------- follow-ups

Q1 = "到2025年建成多少个5G基站？"
A1 = "到2025年，建成5G基站20万个以上。"
Q2 = "浙江1—10月规上工业增加值同比增长多少？"
A2 = "同比增长3.9%。"


def _histories(question: str, answer: str):
    return {
        "strings": [question],
        "pairs": [(question, answer)],
        "pair_lists": [[question, answer]],
        "messages": [{"role": "user", "content": question}, {"role": "assistant", "content": answer}],
    }


@pytest.mark.parametrize("form", ["strings", "pairs", "pair_lists", "messages"])
def test_follow_up_year(form):
    resolved, base = resolve_follow_up("那2022年呢？", _histories(Q1, A1)[form])
    assert (resolved, base) == ("到2022年建成多少个5G基站？", Q1)


@pytest.mark.parametrize("form", ["strings", "pairs", "pair_lists", "messages"])
def test_follow_up_region_replaces_the_old_one(form):
    resolved, base = resolve_follow_up("安徽呢？", _histories(Q2, A2)[form])
    assert (resolved, base) == ("安徽1—10月规上工业增加值同比增长多少？", Q2)


def test_follow_up_region_is_added_when_the_question_had_none():
    resolved, base = resolve_follow_up("那安徽呢？", [Q1])
    assert resolved == "安徽到2025年建成多少个5G基站？" and base == Q1


def test_follow_up_uses_the_latest_full_question():
    history = [Q2, Q1, "那2020年呢？"]
    resolved, base = resolve_follow_up("那2022年呢？", history)
    assert (resolved, base) == ("到2022年建成多少个5G基站？", Q1)


def test_follow_up_in_english():
    resolved, base = resolve_follow_up("What about Anhui?", ["How much did Zhejiang industrial value added grow?"])
    assert resolved == "How much did Anhui industrial value added grow?"


def test_assistant_messages_are_not_taken_for_questions():
    history = [{"role": "user", "content": Q2}, {"role": "assistant", "content": "到2025年的目标是20万个。"}]
    resolved, base = resolve_follow_up("安徽呢？", history)
    assert base == Q2


@pytest.mark.parametrize(
    "question, history",
    [
        ("那2022年呢？", []),
        ("那2022年呢？", None),
        ("那2022年呢？", ["", "   "]),
        ("到2025年要培育多少家单项冠军企业？", [Q1]),  # a question of its own
        ("规上工业亩均增加值是多少？", [Q1]),
        ("呢？", [Q1]),  # nothing to merge
    ],
)
def test_not_a_follow_up(question, history):
    assert resolve_follow_up(question, history) == (question, None)


def test_follow_up_with_gradio6_message_parts():
    """Gradio 6 chatbots hand history as messages whose content is a list of parts
    ({"type": "text", "text": …}); rag.answer(history=…) takes such messages directly."""
    history = [
        {"role": "user", "content": [{"type": "text", "text": Q1}]},
        {"role": "assistant", "content": [{"type": "text", "text": A1}]},
    ]
    resolved, base = resolve_follow_up("那2022年呢？", history)
    assert resolved == "到2022年建成多少个5G基站？", (
        "BUG rag.query._history_questions: message content given as a list of text parts "
        "(Gradio 6 format) is ignored, so the follow-up is not resolved"
    )


def test_follow_up_year_replaces_the_year_not_a_name_with_the_same_digits():
    base = "“中国制造2025”示范区到2025年要建设多少个？"
    resolved, _ = resolve_follow_up("那2022年呢？", [base])
    assert resolved == "“中国制造2025”示范区到2022年要建设多少个？", (
        f"BUG rag.query.resolve_follow_up: re.sub of the bare year hits the name 中国制造2025 first: {resolved!r}"
    )


def test_follow_up_bare_year_in_english():
    resolved, base = resolve_follow_up("What about 2022?", ["How many 5G base stations will Zhejiang build by 2025?"])
    assert resolved == "How many 5G base stations will Zhejiang build by 2022?", (
        "BUG rag.query: an English follow-up naming a bare year ('What about 2022?') is not resolved; "
        f"_years only counts years after by/in/for…: got {resolved!r}"
    )


def test_an_english_term_matches_with_spaces_or_hyphens():
    from rag.lexicon import english_terms

    assert "规模以上" in english_terms("above-designated-size enterprises")
    assert "规模以上" in english_terms("above designated size enterprises")
    assert "小升规" in english_terms("upgrade from small to above-designated-size")


def test_a_year_that_names_a_document_is_not_the_year_asked_about():
    from rag.compose.policy import asked_years
    from rag.types import Document

    q = analyse("2018年那份“中国制造2025”浙江行动战略合作协议实施方案，要在经信领域创建多少个省级特色小镇？")
    assert q.doc_years == [2018]
    plan = Document(doc_id="p", title="实施方案", doc_number="浙政办发〔2018〕10号", issuer=None, date=None, path="p.txt")
    other = Document(doc_id="o", title="规划", doc_number="浙政发〔2021〕20号", issuer=None, date=None, path="o.txt")
    assert asked_years(q, plan) == [] and asked_years(q, other) == [2018]
    assert analyse("2022年考评办法中2023年的标准是多少？").doc_years == [2022]
    assert analyse("2025年计划建成多少个5G基站？").doc_years == []  # 计划 as a verb names no document


def test_english_document_names_are_kept_apart_from_search_words():
    q = analyse("Which future industries does the 2025 government work report say China will cultivate?")
    assert "政府工作报告" in q.document_words and "政府工作报告" not in q.search_text
    assert q.years == []  # the 2025 government work report: the year names the report
    assert analyse("What is the 2025 GDP growth target in the government work report?").years == [2025]


def test_which_bodies_issued_a_document_jointly_is_an_issuer_question():
    assert analyse("南京推进方案是哪两家单位联合印发的？").kind == "issuer"
    assert analyse("评价办法由哪两个部门负责制定？").kind != "issuer"  # a task's owners, not the document's issuer
    assert analyse("苏州若干措施最晚有效到哪天？").kind == "date"


def test_general_english_policy_terms_reach_the_corpus_words():
    from rag.lexicon import english_terms

    terms = " ".join(english_terms("how much must the county budget allocate each year as a dedicated fund for digital transformation"))
    assert "专项资金" in terms and "数字化转型" in terms and "财政" in terms
    assert "补助" in " ".join(english_terms("what share can be subsidised"))


@pytest.mark.parametrize("question, source", [
    ("2020年浙江经信部门报的5G基站建成数是多少？", "浙江经信部门报的"),
    ("据省统计局公布的，2024年末常住人口是多少？", "据省统计局公布的"),
    ("到2025年浙江计划建成多少个5G基站？", ""),
])
def test_who_reported_a_figure_is_its_source_not_its_words(question, source):
    assert analyse(question).source == source


@pytest.mark.parametrize("spoken, written", [
    ("“科学智能”到底是个啥概念？", "“科学智能”到底是个什么概念？"),
    ("杭州算力券一年总共多大盘子？", "杭州算力券一年总共规模多大？"),
    ("苏浙沪三地的增速分别是多少？", "江苏、浙江和上海三地的增速分别是多少？"),
    ("浙政发〔2021〕20号是哪天印发的？", "浙政发〔2021〕20号是哪天印发的？"),  # 浙 of a 文号 is no place list
])
def test_spoken_forms_are_read_as_written_ones(spoken, written):
    assert analyse(spoken).text == written


def test_the_end_of_the_plan_period_is_not_a_question_about_the_period():
    assert analyse("到规划期末5G基站要建到多少个？").kind == "number"


def test_an_english_cap_or_floor_asks_for_a_figure():
    assert analyse("What's the cap on the subsidy for a single item?").kind == "number"
    assert analyse("What is the minimum number of robots a project has to buy?").kind == "number"


@pytest.mark.parametrize("question, kind, unit", [
    ("浙江全球先进制造业基地十四五规划管哪几年？", "period", None),
    ("杭州AI创新高地实施方案哪天开始执行？", "date", None),
    ("江屿推动未来产业的实施意见是哪天发的？", "date", None),
    ("安徽2020年口罩最高日产量多少只？", "number", "只"),
    ("今年赤字率定多少？", None, "%"),
    ("2020年浙江规上制造业劳动生产率是多少？", "number", None),  # 生产率 is no percentage
])
def test_more_ways_of_asking_kind_and_unit(question, kind, unit):
    q = analyse(question)
    assert (kind is None or q.kind == kind) and q.unit == unit


def test_places_joined_by_hyphens_name_a_thing_not_places_asked():
    q = analyse("By how much did Zhoushan's industrial investment grow in 2018, according to the Yiwu-Ningbo-Zhoushan corridor report?")
    assert q.cities == ["舟山"]


def test_when_a_document_expires_is_a_date_question():
    for text in ("苏州若干措施啥时候到期？", "这份办法什么时候失效？", "When do the measures expire?"):
        assert analyse(text).kind == "date", text


def test_an_english_question_searches_for_the_place_it_names_in_chinese():
    assert "合肥" in analyse("Which three industrial clusters in Hefei passed 500 billion yuan in revenue?").search_text


def test_a_title_question_is_not_an_annex_question():
    assert analyse("安徽省经信厅那篇的标题是什么？").kind == "title"
    assert analyse("十四五规划的全称是什么？").kind == "title"
    assert analyse("方案的附件名称是什么？").kind != "title"


# ---------------------------------------------------------------- durations, spoken years, kinds of money


@pytest.mark.parametrize(
    "question, kind, unit",
    [
        ("改革后常规审批要多长时间？", "number", "天"),
        ("How long does routine approval take now?", "number", "天"),
        ("How long was the rail transit network in 2024?", "number", None),  # a length, not a duration
        ("需求榜单多久发一次？", "text", None),  # how often, not how long
        ("What was the absolute value added of the core industries, in yuan?", "number", "元"),
        ("How much in compute vouchers can one company claim at most?", "number", "元"),
    ],
)
def test_durations_and_amounts_asked(question, kind, unit):
    q = analyse(question)
    assert (q.kind, q.unit) == (kind, unit)


def test_a_two_digit_year_and_provinces_by_their_one_character_names():
    q = analyse("21年皖浙两省各打算新建多少个5G基站？")
    assert q.years == [2021] and set(q.regions) == {"安徽", "浙江"}
    assert analyse("浙江25年底要建多少个？").years == [2025]
    assert analyse("这项工作用了20年，近10年来增长多少？").years == []  # a length of time, not a year


def test_a_title_is_asked_of_a_document_not_of_anything_named():
    assert analyse("浙江人工智能+科学那个行动计划全称叫什么？").kind == "title"
    assert analyse("这份方案叫什么？").kind == "title"
    assert analyse("要迭代提升的那个开源地学领域基础模型叫啥？").kind != "title"


def test_dates_and_issuers_asked_in_other_words():
    assert analyse("那份年度总结报告是哪天报的？").kind == "date"
    assert analyse("各部门应在什么时间前报送补贴资金发放情况？").kind != "date"  # a due date, not the document's
    assert analyse("Which office issued the low-altitude action plan?").kind == "issuer"


def test_which_cases_get_no_money_asks_what_is_not_supported():
    from rag.query import analyse

    assert "哪些情形不予支持" in analyse("临澄工业互联网政策里，哪些情况是拿不到钱的？").text


def test_a_year_naming_a_report_or_an_article_names_the_document():
    # 2020年经信工作总结里 / 2018年…实施方案第（七）条: the year picks the document, not the figure's year
    assert analyse("2020年经信工作总结里，浙江的5G基站建了多少？").doc_years == [2020]
    assert analyse("2018年浙江行动实施方案第（七）条，支持建哪些地市的大数据中心？").doc_years == [2018]
    q = analyse("2020年经信工作总结里，浙江的5G基站建了多少？")
    assert q.source.startswith("2020年经信工作总结")  # its words are not the indicator's
    assert analyse("2025年《政府工作报告》是由谁代表国务院向大会报告的？").source == ""  # (not a frame: 是由谁…)


def test_what_rate_asks_for_a_figure():
    assert analyse("What subsidy rate applies when buying a new refrigerator?").kind == "number"
    assert analyse("钠离子电池规范条件是工信部哪一号公告发布的？").kind == "doc_number"


def test_when_a_meeting_was_held_asks_its_date():
    assert analyse("When was the provincial press conference on manufacturing held?").kind == "date"
    assert analyse("那场新闻发布会是哪天开的？").kind == "date"


@pytest.mark.parametrize("question, kind", [
    ("公布条例的那个公告是第几号？", "doc_number"),
    ("Dichuan 14th FYP evaluation: what overall score did the plan get?", "number"),
    ("昀州1—4月工业运行月报是哪个处室编的？", "issuer"),
    ("滢川工信厅25年部门决算是几号挂出来的？", "date"),
    ("Until when is Puxi county's investment-incentive regulation valid?", "date"),
    ("Yunzhou bulletin: what was 漪川市's Jan–Apr 规上工业增加值 growth?", "number"),
    # "which departments join…" asks who takes part, not who issued the document
    ("Puxi incentives: which departments join 商务局 in the joint review (联审) before payout?", "text"),
    ("名单什么时候公布？", "deadline"),
])
def test_kinds_of_metadata_and_figures(question, kind):
    assert analyse(question).kind == kind


def test_an_english_sentence_around_chinese_terms_is_english():
    assert detect_language("Yunzhou bulletin: what was 漪川市's Jan–Apr 规上工业增加值 growth?") == "en"
    assert detect_language("漪川市1—4月规上工业增加值增长多少？what") == "zh"
