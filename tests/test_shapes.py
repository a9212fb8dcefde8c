"""Stage 8a — shape: how a question is classified, and how a comparison splits
into parts that each ask for one value."""
from __future__ import annotations

import re

import pytest

from rag.query import analyse
from rag.shapes import classify, definition_term, split_parts


@pytest.mark.parametrize("question, shape", [
    # a count asked with 分别是啥 wants the items counted
    ("船用甲醇发动机燃料喷射系统那个榜，指标要求都有啥？", "list"),
    ("2.0版实施意见的保障措施一共几条，分别是啥？", "list"),
    # one list asked twice over (啥阶段…？分哪几步？) is one list question…
    ("南京AI+政务场景建设按啥阶段往前推？分哪几步？", "list"),
    # …but a goals question and a list question are two parts
    ("2.0版实施意见的主要目标是啥？到2022年要创建和打造哪几个“区”？", "compare"),
    ("到2025年浙江计划建成多少个5G基站？", "value"),
    ("浙江“建成5G基站20万个以上”的目标要在哪一年完成？", "value"),
    ("传统制造业改造提升2.0版的重点任务有哪些？", "list"),
    ("义甬舟开放大通道涉及哪几个城市？", "list"),
    ("行动方案的任务分为哪几大部分？", "list"),
    ("广东在夯实人工智能产业底座方面，到2027年有哪些量化目标？", "goals"),
    ("In which wearable-device segments does the plan want flagship AI products?", "list"),
    ("From what date does Hangzhou's 2025 implementation plan for accelerating an AI innovation highland take effect?", "metadata"),
    ("十四五期间要培育哪些标志性产业链？", "list"),
    ("What safeguard measures does Beijing's action plan set out?", "list"),
    ("浙江和安徽2020年规上工业增加值增速分别是多少？", "compare"),
    ("2024年全国国内生产总值是多少？比上年增长多少？", "compare"),
    ("What are Guangdong's targets for the scale of its core AI industry in 2025 and in 2027, respectively?", "compare"),
    ("技能中国行动的目标是什么？", "goals"),
    ("全球先进制造业基地建设的主要指标有哪些？", "goals"),
    ("What are the main goals of the plan?", "goals"),
    ("什么是“未来工厂”？", "definition"),
    ("“双核一带一廊”中的“一廊”指的是什么？", "definition"),
    ("What does 'computing power voucher' mean?", "definition"),
    ("浙政发〔2021〕20号文件是哪天印发的？", "metadata"),
    ("这份通知的文号是什么？", "metadata"),
    ("哪份文件提出了建设“产业大脑”？", "metadata"),
    ("苏州的若干措施自哪天起施行？", "metadata"),
    ("规划给2025年定了哪几个发展定位？", "goals"),
    ("北京文件里老提的“科学智能”到底是个啥概念？", "definition"),
    ("安徽和北京的“人工智能+”方案，对2030年各提了什么应用落地目标？", "compare"),
    ("浙皖两家2020年的规上工业增速放一起比一比？", "compare"),
])
def test_classify(question, shape):
    assert classify(analyse(question)) == shape


def test_a_goals_question_is_not_a_definition_of_its_goals():
    assert classify(analyse("数字经济发展的目标是什么？")) == "goals"
    assert definition_term(analyse("什么是“未来工厂”？")) == "未来工厂"
    assert definition_term(analyse("What is meant by “smart factory”?")) == "smart factory"


def _parts(question):
    return [(p.label, p.question) for p in split_parts(analyse(question))]


def test_two_regions_share_one_phrase():
    assert _parts("浙江和安徽2020年规上工业增加值增速分别是多少？") == [
        ("浙江", "浙江2020年规上工业增加值增速是多少？"), ("安徽", "安徽2020年规上工业增加值增速是多少？")]


def test_each_place_with_its_own_phrase():
    assert _parts("到2025年，广东全省算力规模目标和杭州市投入市场的智算规模目标分别是多少？哪个更高？") == [
        ("广东", "到2025年，广东全省算力规模目标是多少？"), ("杭州", "到2025年，杭州市投入市场的智算规模目标是多少？")]


def test_two_years():
    assert [l for l, _ in _parts("数字经济核心产业增加值占GDP比重2020年和2025年分别是多少？")] == ["2020年", "2025年"]


def test_joined_indicators_share_their_head_or_tail():
    assert _parts("2024年全国一般公共预算收入和支出分别是多少？")[1][1] == "2024年全国一般公共预算支出是多少？"
    assert _parts("2024年城镇居民和农村居民人均可支配收入分别是多少？")[0][1] == "2024年城镇居民人均可支配收入是多少？"


def test_two_questions_at_once_borrow_the_subject_and_drop_the_verdict():
    # (the year the first question asks is the second one's: 2024年…比上年增长多少 asks 2024's growth)
    assert _parts("2024年全国国内生产总值是多少？比上年增长多少？哪个更高？")[1][1] == "2024年全国国内生产总值比上年增长多少？"
    assert _parts("浙江2023年1—10月规上工业增加值多少、同比增多少？")[1][1] == "2023年浙江1—10月规上工业增加值同比增多少？"


def test_a_borrowed_subject_leaves_its_verb_behind():
    # 实施了 led to the first question's figure; the second question has a verb of its own
    asked = _parts("安徽亿元以上技改项目2020年实施了多少项？2021年计划实施多少项？")
    assert asked[1][1] == "安徽亿元以上技改项目2021年计划实施多少项？"


def test_a_definition_term_survives_filler_between_it_and_the_asking_words():
    assert definition_term(analyse("北京文件里老提的“科学智能”到底是个啥概念？")) == "科学智能"


def test_provinces_counted_by_their_short_names_are_each_a_part():
    assert [p.label for p in split_parts(analyse("浙皖两家2020年的规上工业增速放一起比一比？"))] == ["浙江", "安徽"]


def test_a_single_question_has_no_parts():
    assert split_parts(analyse("到2025年浙江计划建成多少个5G基站？")) == []


def test_two_years_side_by_side_are_a_comparison_without_respectively():
    q = analyse("What are Guangdong's targets for the scale of its core AI industry in 2025 and in 2027?")
    assert classify(q) == "compare"
    assert _parts(q.text) == [
        ("2025", "What are Guangdong's targets for the scale of its core AI industry in 2025?"),
        ("2027", "What are Guangdong's targets for the scale of its core AI industry in 2027?")]


def test_two_english_noun_phrases_share_their_owner():
    q = analyse("What were China's birth rate and death rate in 2024?")
    assert classify(q) == "compare"
    assert _parts(q.text) == [("China's birth rate", "What was China's birth rate in 2024?"),
                              ("China's death rate", "What was China's death rate in 2024?")]
    # a clause with its own verb, or a long title holding 'and', is not two values
    assert classify(analyse("What safeguard measures and tasks does Beijing set out?")) != "compare"
    assert classify(analyse("What are the work goals of the implementation plan for the MIIT and Zhejiang jointly "
                            "advancing the Made in China 2025 Zhejiang action?")) == "goals"


def test_a_closing_request_is_not_a_part():
    assert [l for l, _ in _parts("研发经费占营业收入比重，2025年目标相比2020年提高到多少？请分别给出两年数值。")] == ["2025年", "2020年"]


def test_a_piece_that_names_a_whole_indicator_takes_no_shared_tail():
    assert [l for l, _ in _parts("到2025年，规上工业亩均增加值和规上制造业全员劳动生产率的目标分别是多少？")][0] == "规上工业亩均增加值"
    # the pieces end on the same word (制造业): what follows it in the last piece belongs to both
    assert _parts("2024年高技术制造业和装备制造业增加值分别增长多少？")[0][1] == "2024年高技术制造业增加值增长多少？"


def test_two_questions_between_commas_share_their_context():
    assert _parts("单项冠军企业方面，2.0版提出到2022年新增多少家，“十四五”规划提出到2025年累计培育多少家？") == [
        ("2.0版提出到2022年新增", "单项冠军企业方面，2.0版提出到2022年新增多少家？"),
        ("“十四五”规划提出到2025年累计培育", "单项冠军企业方面，“十四五”规划提出到2025年累计培育多少家？")]


def test_two_english_questions_in_one_sentence_share_the_subject():
    assert [q for _, q in _parts("How many new urban jobs were created in 2024, and what is the target for 2025?")] == [
        "How many new urban jobs were created in 2024?", "What is the target for 2025 for new urban jobs?"]


def test_english_targets_for_a_year_ask_for_figures():
    assert analyse("What are Guangdong's targets for the scale of its core AI industry in 2025?").kind == "number"
    assert classify(analyse("What are the main targets of Guangdong's measures?")) == "goals"


def test_two_places_that_each_plan_something_are_compared():
    q = analyse("By 2027, how many foundation models do Zhejiang and Hubei each plan to cultivate?")
    assert classify(q) == "compare" and [p.label for p in split_parts(q)] == ["浙江", "湖北"]


def test_how_big_asks_for_a_figure_and_headline_targets_for_the_goals():
    assert analyse("How big should the low-altitude economy be by 2027?").kind == "number"
    assert classify(analyse("What are Jiaxing's headline targets for its low-altitude economy by 2027?")) == "goals"


def test_a_date_asked_of_two_documents_is_a_comparison_of_dates():
    q = analyse("嘉兴低空方案的印发通知和工信部中试平台通知分别是哪天发出的？")
    assert classify(q) == "compare"
    assert [p.question for p in split_parts(q)] == ["嘉兴低空方案的印发通知是哪天发出的？", "工信部中试平台通知是哪天发出的？"]
    assert analyse("工信部中试平台通知是哪天发出的？").kind == "date"


def test_when_inside_an_english_question_is_not_a_deadline():
    q = analyse("In Sichuan's measures, what counts as 'equipment investment' when calculating subsidies?")
    assert q.kind == "text" and classify(q) == "definition"
    assert analyse("When is the deadline for applications?").kind == "deadline"


def test_each_rewarded_how_much_splits_and_a_shared_head_ends_at_a_word():
    assert [q for _, q in _parts("温州对首次认定的国家级小巨人企业和国家级制造业单项冠军企业，分别奖励多少？")] == [
        "温州对首次认定的国家级小巨人企业奖励多少？", "温州对首次认定的国家级制造业单项冠军企业奖励多少？"]
    assert len(_parts("对国家级小巨人企业和省级专精特新企业，一次性各奖多少？")) == 2


def test_context_before_a_comma_and_a_closing_count_belong_to_every_piece():
    parts = split_parts(analyse("“十四五”规划关键指标中，技术创新和产业结构两类分别设了哪些指标？"))
    assert [p.label for p in parts] == ["技术创新", "产业结构"]
    assert parts[1].question == "“十四五”规划关键指标中，产业结构设了哪些指标？"
    # a comma whose far side holds one piece only is not context
    parts = split_parts(analyse("北京对示范性应用的支持上限，与全市模型券可兑付总额上限分别是多少？"))
    assert len(parts) == 2 and parts[0].question.startswith("北京对示范性应用的支持上限")


def test_a_later_question_that_only_frames_its_figure_borrows_the_topic():
    parts = split_parts(analyse("安徽新产品培育：2020年实际培育多少项，2021年计划培育多少个？"))
    assert [p.label for p in parts] == ["2020年实际培育", "2021年计划培育"]
    assert parts[1].question == "安徽新产品培育：2021年计划培育多少个？"
    parts = split_parts(analyse("浙江数字经济核心产业增加值占GDP的比重：2020年多少？“十四五”规划要2025年到多少？"))
    assert parts[1].question.startswith("浙江数字经济核心产业增加值占GDP的比重：")


def test_the_count_of_places_compared_leaves_each_part():
    parts = split_parts(analyse("2020年浙江和安徽两省经信部门各自报的5G基站建成数是多少？"))
    assert [p.question for p in parts] == ["2020年浙江经信部门报的5G基站建成数是多少？", "2020年安徽经信部门报的5G基站建成数是多少？"]


def test_definition_terms_asked_how_they_are_defined():
    assert definition_term(analyse("青岚县的数字化改造“样板企业”是怎么界定的？")) == "样板企业"
    assert classify(analyse("专精特新企业是如何认定的？")) == "definition"
    # an English question that gives the Chinese term asks for that term
    assert definition_term(analyse("How does the Lanwan biomedicine policy define R&D investment (研发投入)?")) == "研发投入"
    # a mark of an indicator table is asked by its name
    assert definition_term(analyse("指标表里带星号的数值是什么意思？")) == "*"
    assert classify(analyse("What does a figure in square brackets mean in the indicator table?")) == "definition"


def test_each_year_in_its_own_phrase_splits_by_phrase():
    parts = split_parts(analyse("省级工业互联网平台数量，改造提升2.0版（到2022年）和“十四五”规划（到2025年）分别定了多少？"))
    assert [p.question for p in parts] == ["省级工业互联网平台数量，改造提升2.0版（到2022年）定了多少？",
                                           "省级工业互联网平台数量，“十四五”规划（到2025年）定了多少？"]
    # two years of one phrase still split by year
    assert [p.label for p in split_parts(analyse("浙江2020年和2025年数字经济核心产业增加值占比分别是多少？"))] == ["2020年", "2025年"]


def test_an_and_inside_a_clause_or_a_name_is_no_comparison():
    q = analyse("What were the 'four battles' that Zhejiang's industry and IT system fought in 2020?")
    assert classify(q) != "compare"
    assert classify(analyse("浙江先进制造业基地规划里重点发展的新兴产业有哪几块？")) == "list"


def test_how_does_a_compare_with_b_asks_for_each_side():
    parts = split_parts(analyse("By 2025, how does Hangzhou's computing capacity target compare with Guangdong's computing-power target?"))
    assert [p.question for p in parts] == ["By 2025, What is Hangzhou's computing capacity target?",
                                           "By 2025, What is Guangdong's computing-power target?"]
    assert analyse("What is China's actual GDP growth in 2024 (statistical bulletin)?").kind == "number"


def test_two_places_asked_how_many_each_are_a_comparison():
    q = analyse("省里给各市分推荐名额，青岛和济南各几个？")
    assert classify(q) == "compare" and [p.label for p in split_parts(q)] == ["青岛", "济南"]


def test_figures_in_a_row_share_the_words_before_the_first():
    assert [p.question for p in split_parts(analyse("企业营收首次过1亿、5亿、10亿，各奖多少？"))][1] == "企业营收首次过5亿奖多少？"


@pytest.mark.parametrize("question, asked", [
    # what a question says before its asking clauses is context for each; a later clause borrows the subject
    ("物价这块，2024年居民消费价格实际涨了多少，2025年目标定的多少？",
     ["物价这块，2024年居民消费价格实际增长了多少？", "物价这块，居民消费价格2025年目标定的多少？"]),  # (涨 as written: 增长)
    ("规上工业亩均增加值，2020年底实际多少、2025年要到多少？",
     ["规上工业亩均增加值，2020年底实际多少？", "规上工业亩均增加值，2025年要到多少？"]),
    # a year that names one document stays with it
    ("省级特色小镇的数量目标，2018年部省合作方案和十四五基地规划各是多少？",
     ["省级特色小镇的数量目标，2018年部省合作方案多少？", "省级特色小镇的数量目标，十四五基地规划多少？"]),
])
def test_parts_keep_their_context_and_their_own_years(question, asked):
    assert [p.question for p in split_parts(analyse(question))] == asked


def test_english_versus_splits_the_two_sides_in_the_question_s_words():
    q = analyse("How much does the central government chip in for eastern versus western provinces?")
    assert classify(q) == "compare"
    assert [p.label for p in split_parts(q)] == ["eastern", "western"]
    assert "芯片" not in q.search_text  # chip in is no chip


def test_which_three_things_is_a_list_and_its_noun_in_the_corpus_words():
    from rag.compose.lists import _heading_words

    q = analyse("Which three sci-tech innovation highlands does Zhejiang's AI-for-science plan focus on?")
    assert classify(q) == "list" and _heading_words(q) == "科创高地"
    assert _heading_words(analyse("What safeguard measures does Beijing's action plan set out?")) == "保障措施"
    assert _heading_words(analyse("Which measures does the plan list?")) == ""  # too general to choose a list by


def test_pieces_that_end_on_one_character_share_what_follows_it():
    asked = [p.label for p in split_parts(analyse("松浦对国家级、省级、市级绿色工厂各奖多少？"))]
    assert asked[1:] == ["省级绿色工厂", "市级绿色工厂"]
    assert classify(analyse("江屿未来产业的远期目标（2030年）是怎么定的？")) == "goals"


def test_the_difference_asked_is_the_comparison_not_a_part():
    parts = split_parts(analyse("2020年1—10月，浙江和安徽各为企业减负多少？两省差多少？"))
    assert [(p.label, p.question) for p in parts] == [("浙江", "2020年1—10月，浙江企业减负多少？"),
                                                      ("安徽", "2020年1—10月，安徽企业减负多少？")]


def test_each_side_of_gen_bi_is_a_part_with_the_topic():
    q = analyse("城镇新增就业：2025年政府工作报告定的预期目标，跟2024年实际完成比差多少？")
    assert classify(q) == "compare"
    assert [p.question for p in split_parts(q)] == ["城镇新增就业：2025年政府工作报告定的预期目标是多少？",
                                                    "城镇新增就业：2024年实际完成是多少？"]
    # a side that is only a place takes the other side's words
    q = analyse("浙江2020年规上工业增加值增速跟安徽比高多少？")
    assert classify(q) == "compare"
    assert [(p.label, p.question) for p in split_parts(q)] == [
        ("浙江", "浙江2020年规上工业增加值增速是多少？"), ("安徽", "安徽2020年规上工业增加值增速是多少？")]


def test_a_shared_tail_is_cut_at_a_word_and_never_from_numbers_apart():
    labels = [p.label for p in split_parts(analyse("在某省，省级智能工厂和省级数字化车间认定后分别奖多少钱？"))]
    assert labels[0] == "省级智能工厂"
    labels = [p.label for p in split_parts(analyse("2025年政府工作报告里，城镇调查失业率目标和青年（16—24岁）失业率目标各是多少？"))]
    assert labels == ["城镇调查失业率目标", "青年（16—24岁）失业率目标"]


def test_english_parts_share_the_topic_before_a_colon_and_drop_the_other_place():
    parts = split_parts(analyse("Small firms upgraded to above designated size: what was the 2020 target in the 2018 plan, "
                                "and what is the target to 2022 in the 2.0 opinions?"))
    assert [p.question for p in parts] == [
        "Small firms upgraded to above designated size: what was the 2020 target in the 2018 plan?",
        "Small firms upgraded to above designated size: what is the target to 2022 in the 2.0 opinions?"]
    parts = split_parts(analyse("What were the growth rates of Zhejiang, Anhui and Jiangsu in 2020?"))
    assert [(p.label, p.question) for p in parts] == [("浙江", "What were the growth rates of Zhejiang in 2020?"),
                                                      ("安徽", "What were the growth rates of Anhui in 2020?"),
                                                      ("江苏", "What were the growth rates of Jiangsu in 2020?")]


def test_an_english_second_question_borrows_a_subject_that_follows_the_verb():
    parts = split_parts(analyse("How long was Hefei's rail transit network in operation in 2024, and what is the target for 2025?"))
    assert parts[1].question == "What is the target for 2025 for Hefei's rail transit network in operation?"


def test_a_pronoun_in_a_second_question_stands_for_the_first_ones_subject():
    parts = split_parts(analyse("某市规划里工业固废综合利用率2030年定的多少？这个是约束性指标吗？"))
    assert parts[1].question == "某市规划里工业固废综合利用率是约束性指标吗？"


def test_what_the_last_place_says_after_a_comma_is_asked_of_every_place():
    from rag.query import analyse
    from rag.shapes import split_parts

    parts = split_parts(analyse("广东千行百业措施和深圳AI终端方案，对人工智能手机产量各定了多少目标？"))
    assert [p.question for p in parts] == ["广东千行百业措施，对人工智能手机产量定了多少目标？",
                                         "深圳AI终端方案，对人工智能手机产量定了多少目标？"]
    # each place asking its own figure keeps its own phrase
    parts = split_parts(analyse("广东全省算力规模目标和杭州市投入市场的智算规模目标分别是多少？"))
    assert parts[1].question == "杭州市投入市场的智算规模目标是多少？"
    # 各定了多少 after the last place's aside is every place's question
    parts = split_parts(analyse("AI电脑产量目标，广东省（千行百业措施）和深圳市（AI终端行动计划）各定了多少？"))
    assert all(p.question.endswith("定了多少？") for p in parts), parts


def test_a_remark_is_no_question_and_one_more_list_stays_in_its_document():
    from rag.query import analyse
    from rag.shapes import _questions_in, definition_term, split_parts

    assert _questions_in("2024年浙江省GDP是多少？统计公报里应该有吧") == []  # the remark asks nothing
    parts = split_parts(analyse("安徽“人工智能+万物”方案里4大应用支撑方向是哪4个？6大应用落地方向呢？"))
    assert parts[1].question == "安徽“人工智能+万物”方案里6大应用落地方向有哪些？"
    assert definition_term(analyse("苏州那个AI+城市措施老提OPC社区，OPC到底是啥？")) == "OPC"
    q = analyse("25年政府工作报告给消费品以旧换新安排了3000亿超长期特别国债，那2024年安排的是多少？")
    assert q.doc_years == [2025] and 2024 in q.years  # 2025 names the report; 2024 is asked


def test_years_that_each_name_a_document_still_split_and_terms_after_a_comma():
    from rag.query import analyse
    from rag.shapes import _questions_in, definition_term, split_parts

    parts = split_parts(analyse("城镇新增就业：2024年统计公报的实绩和2025年政府工作报告的预期目标分别是多少？"))
    assert len(parts) == 2 and "2024年统计公报" in parts[0].question and "2025年政府工作报告" in parts[1].question
    assert definition_term(analyse("安徽方案里的“十百千万”工程，具体指的是什么？")) == "十百千万"
    assert definition_term(analyse("松浦文件里说的智能制造系统解决方案供应商，怎么界定的？")) == "智能制造系统解决方案供应商"
    assert len(_questions_in("数据集入选国家级典型案例的，崂山区奖多少？国家那份意见自己有没有定奖励金额？")) == 2
    # 占比 is no comparison of two sides
    assert [p.label for p in split_parts(analyse("浙江2020年和2025年数字经济核心产业增加值占比分别是多少？"))] == ["2020年", "2025年"]


def test_english_attachments_and_methods_are_asked_as_lists():
    from rag.query import analyse
    from rag.shapes import classify

    assert classify(analyse("What attachments are listed at the end of the application notice?")) == "list"
    assert classify(analyse("Which annexes come with the notice?")) == "list"


def test_nei_ji_ge_points_and_does_not_ask():
    from rag.shapes import _clauses_asking

    # 那几个量化目标 names the targets; only 各定了多少 asks
    context, asked = _clauses_asking("2.0版到2022年那几个量化目标，数控化率、设备联网率这些，各定了多少")
    assert asked != ["2.0版到2022年那几个量化目标", "各定了多少"]


def test_staff_ask_for_issuers_validity_and_several_regions_in_other_words():
    from rag.query import analyse
    from rag.shapes import classify, split_parts

    assert analyse("北京推“人工智能+”的24-25年行动计划是哪几个部门联合制定的？").kind == "issuer"
    assert analyse("Until what date are Suzhou's 2026 measures for building an 'AI+' city valid?").kind == "date"
    q = analyse("What share does the central government bear in the eastern region, the western region and the northeastern region?")
    assert classify(q) == "compare"  # English lists places without 'respectively'
    assert [p.question for p in split_parts(q)][1] == "What share does the central government bear in the western region?"


def test_a_scope_word_and_a_tail_after_的_belong_to_every_piece():
    from rag.query import analyse
    from rag.shapes import split_parts

    parts = split_parts(analyse("省里智能工厂和数字化车间的奖励上限各是多少？"))
    assert [p.question for p in parts] == ["省里智能工厂的奖励上限多少？", "省里数字化车间的奖励上限多少？"]


def test_english_dates_of_signing_and_two_questions_each_about_a_place():
    from rag.query import analyse
    from rag.shapes import split_parts

    assert analyse("On what date did the Zhejiang provincial government sign the notice issuing the plan?").kind == "date"
    parts = split_parts(analyse("In 2020, how many 5G base stations had Zhejiang delivered, and how many had Anhui built in total?"))
    assert [p.label for p in parts] == ["浙江", "安徽"]
    assert "5G base stations" in parts[1].question  # the second question borrows the first one's subject


def test_one_term_asked_about_twice_is_one_definition_question():
    q = analyse("2.0版里提到的传统制造业改造提升1.0版是啥意思？以什么为特征？")
    assert classify(q) == "definition"
    assert len(split_parts(q)) < 2


def test_a_part_label_is_never_cut_inside_a_figure():
    from rag.shapes import _part_label
    label = _part_label("2.0版里提到的传统制造业改造提升1.0版以什么为特征？")
    assert not re.match(r"…[\d.]", label) and len(label) <= 25


def test_the_term_after_a_pronoun_is_the_one_defined():
    assert definition_term(analyse("苏州措施里老提“OPC社区”，这个OPC是什么意思？")) == "OPC"


def test_english_sides_of_several_words_around_vs_are_the_parts():
    parts = split_parts(analyse("National surveyed urban unemployment rate: what is the 2025 target in the government "
                                "work report vs. the 2024 annual average in the statistical bulletin?"))
    assert [p.label for p in parts][0].startswith("the 2025 target")
    assert all(p.question.startswith("National surveyed urban unemployment rate: what is") for p in parts)
    assert "2024 annual average" in parts[1].question


def test_a_place_and_a_relative_year_lead_every_piece():
    q = analyse("河阳去年城镇和农村居民收入增速各是多少？")
    q.cities.append("河阳")  # (a place the gazetteer lacks, as the composer localizes it)
    assert [(p.label, p.question) for p in split_parts(q)] == [
        ("城镇居民收入增速", "河阳去年城镇居民收入增速多少？"), ("农村居民收入增速", "河阳去年农村居民收入增速多少？")]


def test_the_askers_chinese_for_an_english_term():
    q = analyse("In Zhejiang's 14th FYP spatial layout (双核一带一廊), what does the 'one corridor' (一廊) refer to?")
    assert definition_term(q) == "一廊"


def test_the_noun_of_a_list_asked_by_a_second_question():
    from rag.compose.lists import _heading_words

    assert _heading_words(analyse("南京AI+政务场景建设按啥阶段往前推？分哪几步？")) == "阶段"
    assert _heading_words(analyse("2.0版到2022年要打造的三个“区”是哪三个？")) == "区"


@pytest.mark.parametrize("question, parts", [
    # …是多少？安徽呢？: the other place takes the first one's, the year stays
    ("浙江2020年规上工业增速是多少？安徽呢？", [("浙江", "浙江2020年规上工业增速是多少？"), ("安徽", "安徽2020年规上工业增速是多少？")]),
    # the place of the first question is the second one's
    ("广州的“模型券”怎么补？单家企业最多补多少？", [("广州的“模型券”怎么补", "广州的“模型券”怎么补？"),
                                           ("广州单家企业最多补", "广州单家企业最多补多少？")]),
    # an aside on a place goes with it; “Compare the two.” asks nothing of its own
    ("What AI smartphone output targets do Guangdong (by 2027) and Shenzhen set? Compare the two.",
     [("广东", "What AI smartphone output targets do Guangdong (by 2027) set?"),
      ("深圳", "What AI smartphone output targets do Shenzhen set?")]),
])
def test_parts_keep_their_place(question, parts):
    q = analyse(question)
    assert classify(q) == "compare"
    assert [(p.label, p.question) for p in split_parts(q)] == parts


def test_what_counts_and_what_does_not_is_a_definition():
    q = analyse("璞溪招商政策说的固定资产投资额算哪些、不算哪些？")
    assert classify(q) == "definition" and definition_term(q) == "固定资产投资额"


def test_a_topic_before_a_comma_is_every_sides():
    q = analyse("昀州规上增加值，4月单月和1—4月累计比，差多少？")
    assert [(p.label, p.question) for p in split_parts(q)] == [
        ("4月单月", "昀州规上增加值，4月单月是多少？"), ("1—4月累计", "昀州规上增加值，1—4月累计是多少？")]


def test_a_relative_year_stays_with_its_own_question():
    q = analyse("2025年政府工作报告里城镇调查失业率，去年实际平均多少？今年目标定的多少？")
    assert [p.question for p in split_parts(q)][1] == "政府工作报告里城镇调查失业率，今年目标定的多少？"
