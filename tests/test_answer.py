"""The answer stage through the public library API: values with deadlines,
exact citations, refusals, English, follow-ups, bad input and the guard."""
from __future__ import annotations

import re

import pytest

import rag
from _helpers import assistant_over
from rag.answer import GuardError, check_numbers, guard
from rag.types import Answer, Citation


def _offsets_hold(answer) -> None:
    for c in answer.citations:
        assert rag.document_text(c.doc_id)[c.start : c.end] == c.quote, c


def test_numeric_target_with_deadline_and_exact_citation(assistant):
    a = rag.answer("到2025年浙江计划建成多少个5G基站？")
    assert not a.refused
    assert a.value == "20万个以上" and a.deadline == 2025
    assert a.text.startswith("**到2025年：20万个以上**")
    first = a.citations[0]
    assert "建成5G基站20万个以上" in first.quote
    assert first.doc_number == "浙政发〔2021〕20号"
    assert first.clause.startswith("四、加快数字化发展") and "(五)建设一流数字基础设施" in first.clause
    _offsets_hold(a)


def test_same_indicator_different_deadline_and_province(assistant):
    a2022 = rag.answer("到2022年浙江要新增多少家“小升规”企业？")
    assert "3000家" in a2022.value and a2022.deadline == 2022
    anhui = rag.answer("安徽累计建成了多少个5G基站？")
    assert anhui.value == "2.54万个" and "安徽" in anhui.citations[0].title


def test_table_row_answers_with_its_column_and_footnote(assistant):
    a = rag.answer("十四五期间万元工业增加值用水量降幅目标是多少？")
    assert a.value == "[16]" and "5年累计" in a.text
    quotes = " ".join(c.quote for c in a.citations)
    assert "2025年" in quotes  # the column header row is cited, so the deadline is sourced


def test_dates_and_document_numbers(assistant):
    a = rag.answer("十四五规划是什么时候印发的？")
    assert "2021年7月13日" in a.text
    b = rag.answer("传统制造业改造提升2.0版实施意见的文号是什么？")
    assert "浙转升〔2020〕4号" in b.text
    _offsets_hold(a)
    _offsets_hold(b)


def test_a_date_the_question_sets_aside_is_not_the_one_asked(assistant):
    # 印发, 不是落款: the printing date leads and its line is cited, not the signing line
    a = rag.answer("传统制造业改造提升2.0版实施意见是哪天印发的（不是落款日期）？")
    assert a.value == "2020年10月9日" and "10月9日印发" in a.citations[0].quote
    _offsets_hold(a)


def test_english_question_gets_english_answer_with_arabic_numerals(assistant):
    a = rag.answer("By 2025, how many 5G base stations does Zhejiang plan to build?")
    assert a.language == "en" and not a.refused
    assert "200,000" in a.text and "20万个以上" in a.text and "By 2025" in a.text


@pytest.mark.parametrize(
    "question, missing",
    [
        ("到2030年浙江计划建成多少个5G基站？", "2030"),
        ("江苏省到2025年要培育多少家单项冠军企业？", "江苏"),
        ("到2025年，浙江数字经济核心产业增加值总量要达到多少亿元？", "亿元"),
    ],
)
def test_refusals_say_what_is_missing_and_list_related_facts(assistant, question, missing):
    a = rag.answer(question)
    assert a.refused
    assert a.text.startswith("语料中没有") and missing in a.text.splitlines()[0]
    for c in a.citations:  # related facts are still exact quotes
        assert rag.document_text(c.doc_id)[c.start : c.end] == c.quote


def test_follow_up_reuses_the_previous_question(assistant):
    first = "到2025年浙江计划建成多少个5G基站？"
    a = rag.answer("那2022年呢？", history=[first])
    assert a.refused and "2022" in a.text  # the plan has no 2022 figure for 5G
    b = rag.answer("安徽呢？", history=[{"role": "user", "content": "浙江累计建成交付了多少个5G基站？"},
                                      {"role": "assistant", "content": "…"}])
    assert b.value == "2.54万个"


@pytest.mark.parametrize("bad", ["", "   \n\t ", "x" * 100_000])
def test_bad_questions_get_a_clear_error(assistant, bad):
    with pytest.raises(rag.QuestionError) as err:
        rag.answer(bad)
    assert "问题" in str(err.value)


def test_every_number_in_an_answer_is_in_its_sources(assistant):
    for q in ["到2022年重点工业企业装备数控化率要达到多少？", "2020年1—10月浙江规上工业增加值是多少？",
              "到2020年全省新增“小升规”企业多少家？"]:
        a = rag.answer(q)
        assert not a.refused, q
        assert check_numbers(a.text, a.citations) == []


def test_guard_rejects_a_planted_wrong_number():
    quote = "到2025年,建成5G基站20万个以上,5G网络建设水平全国领先。"
    cite = Citation("d", "《规划》", None, "四、 › (五)", quote, 0, len(quote), 1.0)
    honest = Answer(text="**到2025年：20万个以上** 200,000", refused=False, citations=[cite])
    assert guard(honest) is honest
    planted = Answer(text="**到2025年：30万个以上**", refused=False, citations=[cite])
    with pytest.raises(GuardError, match="30"):
        guard(planted)
    percent = Answer(text="达到百分之六十五", refused=False, citations=[cite])
    with pytest.raises(GuardError):
        guard(percent)


def test_answer_to_dict_is_json(assistant):
    import json

    d = rag.answer("规划期限是哪几年？").to_dict()
    assert json.loads(json.dumps(d, ensure_ascii=False))["citations"]
    assert re.search(r"2021—2025", d["text"])


def test_a_figure_with_a_qualifier_the_question_lacks_is_not_the_answer(tmp_path):
    # the median sentence also names 城镇居民人均可支配收入: its figure answers another question
    a = assistant_over(tmp_path, {
        "bulletin.txt": (
            "某省2024年统计公报\n\n九、居民收入\n\n全年城镇居民人均可支配收入中位数49302元，增长4.6%。"
            "按常住地分，城镇居民人均可支配收入54188元，比上年增长4.6%。\n"),
    })
    assert "54188" in a.answer("2024年城镇居民人均可支配收入是多少？").text
    assert "49302" in a.answer("2024年城镇居民人均可支配收入中位数是多少？").text


def test_a_sentence_with_several_places_gives_the_figure_of_the_place_asked(tmp_path):
    a = assistant_over(tmp_path, {
        "bulletin.txt": (
            "全国2024年统计公报\n\n一、综合\n\n全年京津冀地区生产总值115394亿元，比上年增长5.2%；"
            "长江经济带地区生产总值630228亿元，增长5.4%；长三角地区生产总值331691亿元，增长5.5%。\n"),
    })
    assert "331691" in a.answer("2024年长三角地区生产总值是多少？").text
    assert "115394" in a.answer("2024年京津冀地区生产总值是多少？").text


def test_a_level_is_not_answered_by_its_growth_or_a_narrower_groups_figure(tmp_path):
    a = assistant_over(tmp_path, {
        "bulletin.txt": (
            "某省2024年统计公报\n\n九、居民收入\n\n全年城镇居民人均可支配收入54188元，比上年增长4.6%。"
            "脱贫县农村居民人均可支配收入17522元，比上年增长6.9%。农村居民人均可支配收入23119元，增长6.6%。\n"),
        "report.txt": (
            "某省政府工作报告\n\n一、2024年工作回顾\n\n2024年，居民人均可支配收入实际增长5.1%。\n"),
    })
    assert "54188" in a.answer("2024年城镇居民人均可支配收入是多少？").text
    assert "23119" in a.answer("2024年农村居民人均可支配收入是多少？").text
    assert "4.6%" in a.answer("2024年城镇居民人均可支配收入增长多少？").text


def test_a_figure_of_another_thing_in_the_sentence_is_not_the_answer(tmp_path):
    # the question's 增加值 is nowhere in the sentence: its 10家 counts enterprises
    a = assistant_over(tmp_path, {
        "report.txt": (
            "以产业发展助推开放大通道建设\n\n大力推动制造业创新体系升级，深化规上工业改造提升\n\n"
            "二是抓好技术创新示范企业的培育，2018年大通道区域共确定10家（含绍兴5家）省级技术创新示范企业；"
            "三是加快推进规上工业企业改造提升。\n\n二、运行\n\n2019年区域规上工业增加值增长8.1%。\n"),
    })
    assert a.answer("大通道区域2018年规上工业增加值是多少？").refused
    assert "10家" in a.answer("2018年大通道区域共确定多少家省级技术创新示范企业？").text


def test_part_of_a_year_does_not_answer_the_whole_year(tmp_path):
    a = assistant_over(tmp_path, {
        "report.txt": "某省工业经济运行情况\n\n一、运行\n\n1—10月，全省规上工业增加值13214.4亿元，同比增长3.9%。\n",
    })
    assert a.answer("全省全年规上工业增加值增长多少？").refused
    assert "3.9%" in a.answer("1—10月全省规上工业增加值同比增长多少？").text


def test_paraphrased_figure_questions_over_an_unseen_measures_document(tmp_path):
    a = assistant_over(tmp_path, {"measures.txt": (
        "某省推动工业领域设备更新和技术改造若干措施\n\n"
        "为加快推进全省工业领域设备更新，力争到2025年，全省工业领域设备投资规模较2023年增长15%以上，制定本措施。\n\n"
        "第一条 实施低空经济领域“揭榜挂帅”项目，重点突破关键技术，对列入项目的给予最高300万元资助。\n\n"
        "第二条 对实施节能降碳改造的项目，年节能量达到1000吨标准煤以上的，按照项目投资额的20%给予补助，最高500万元。\n\n"
        "第三条 申报单位近三年年均中试服务收入不低于500万元。\n\n"
        "第四条 每年培养低空经济领域技能人才1000人以上。\n")})
    # the asker's own words (拿到, 最多能) do not outweigh the quoted focus and the documents' words
    assert "300万元" in a.answer("“揭榜挂帅”项目每个项目最多能拿到多少资助？").text
    # 过去三年平均每年…至少: the bounds and frequencies questions paraphrase
    assert "不低于500万元" in a.answer("申报单位过去三年平均每年的中试服务收入至少要有多少？").text
    # the 20% the question states is its condition, not its answer
    assert "20%" not in a.answer("按投资额20%补助的节能改造项目，年节能量要达到多少？").value
    # 较2023年 is the base of the change, not its deadline: a 2030 question is not answered by 2025's target
    assert "到2025年" in a.answer("到2025年设备投资规模比2023年增长多少？").text
    assert a.answer("到2030年设备投资规模比2023年增长多少？").refused


def test_a_batch_the_evidence_does_not_name_is_not_answered(tmp_path):
    a = assistant_over(tmp_path, {"plan.txt": (
        "某省制造业规划\n\n一、培育企业\n\n到2025年，累计培育专精特新“小巨人”企业500家。\n")})
    assert a.answer("到2025年，第二批专精特新“小巨人”企业累计培育多少家？").refused
    assert "500家" in a.answer("到2025年，专精特新“小巨人”企业累计培育多少家？").text


def test_a_level_stated_once_for_its_section_holds_for_the_figures_in_it(tmp_path):
    a = assistant_over(tmp_path, {"notice.txt": (
        "某部办公厅关于推进中试平台建设的通知\n\n一、重点任务\n\n（一）布局平台。到2027年建成中试平台300个。\n\n"
        "二、组织实施\n\n（一）推荐范围。各地择优推荐国家级制造业中试平台。\n\n"
        "（二）推荐条件。申报单位近三年年均中试服务收入不低于500万元。\n")})
    answer = a.answer("申报国家级中试平台的单位，近三年年均中试服务收入至少要有多少？")
    assert not answer.refused and "不低于500万元" in answer.text
    # 省级 is stated nowhere in that section: a question about it is not answered
    assert a.answer("申报省级中试平台的单位，近三年年均中试服务收入至少要有多少？").refused


def test_last_year_and_this_year_in_a_report_are_its_own_years(tmp_path):
    a = assistant_over(tmp_path, {"report.txt": (
        "某市2025年政府工作报告\n\n一、2024年工作回顾\n\n全年新能源汽车产量131.2万辆。中欧班列（某市）全年开行850列。\n\n"
        "二、2025年重点工作\n\n全年新能源汽车产量力争达到150万辆。\n")})
    assert a.answer("去年新能源汽车产量是多少？").value == "131.2万辆"
    assert "150万辆" in a.answer("今年新能源汽车产量是多少？").value


def test_a_count_is_not_answered_by_a_share_and_percentage_points_are_not_a_count(tmp_path):
    a = assistant_over(tmp_path, {"measures.txt": (
        "某市人工智能若干措施\n\n一、政务应用\n\n政务智能体建设中，本地企业参与比例不低于40%。\n\n"
        "二、贴息\n\n在中央财政贴息基础上，省级财政再给予1.5个百分点贴息。\n")})
    assert a.answer("政务智能体建设吸引多少家企业参与？").refused
    assert "1.5个百分点" in a.answer("省级财政在中央贴息之外再贴几个点？").text


def test_a_clipped_quote_never_cuts_a_number():
    from rag.numbers import clip

    assert clip("城镇新增就业16.2万人", 7) == "城镇新增就业…"
    assert clip("增长5.6%；规上工业", 5) == "增长…"


def test_a_month_is_the_deadline_within_a_one_year_plan(tmp_path):
    from _helpers import assistant_over

    a = assistant_over(tmp_path, {"points.txt": (
        "2025年全省工业和信息化工作要点\n\n某省工业和信息化厅\n\n一、培育未来产业\n\n"
        "1.发展低空经济。新开通低空航线50条以上。6月底前建成省级低空飞行服务平台并投入运行。\n")})
    answer = a.answer("省级低空飞行服务平台要求什么时候建成运行？")
    assert not answer.refused and answer.value == "6月底前" and answer.deadline == 2025


def test_the_doc_number_of_an_interpretation_is_the_one_of_the_document_it_explains(tmp_path):
    a = assistant_over(tmp_path, {
        "jd.txt": ("《某省加快新型储能产业发展若干措施》政策解读\n\n发布日期：2025年12月26日　　来源：某省工业和信息化厅\n\n"
                   "近日，省工业和信息化厅印发了《某省加快新型储能产业发展若干措施》（某工信规〔2025〕11号，以下简称《若干措施》）。\n\n"
                   "一、出台背景\n\n新型储能是重要支撑。到2027年，全省新型储能产业营业收入达到1500亿元。\n"),
    })
    answer = a.answer("这份新型储能政策解读对应的文件文号是多少？")
    assert not answer.refused and "某工信规〔2025〕11号" in answer.text and "所解读文件文号" in answer.text
    assert "《〈某省加快新型储能产业发展若干措施〉政策解读》" in answer.text


def test_who_drew_a_document_up_is_read_from_its_own_sentence(tmp_path):
    a = assistant_over(tmp_path, {
        "plan.txt": ("某市发展和改革委员会等关于印发《某市推动“人工智能+”行动计划（\n\n2024-2025年）》的通知\n\n某发改〔2024〕1081号\n\n"
                     "某市推动“人工智能+”行动计划（2024-2025年）\n\n为加快培育新质生产力，根据国家和本市有关政策，"
                     "市发展改革委、市经济和信息化局、市科委联合制定《某市推动“人工智能+”行动计划（2024-2025年）》。\n\n"
                     "一、发展目标\n\n到2025年，建成标杆应用10个。\n"),
    })
    answer = a.answer("《某市推动“人工智能+”行动计划（2024-2025年）》由哪些部门联合制定？")
    assert not answer.refused and "市发展改革委、市经济和信息化局、市科委" in answer.text and "制定部门" in answer.text


def test_a_total_is_stated_by_its_own_name_and_income_is_not_spending(tmp_path):
    a = assistant_over(tmp_path, {
        "bulletin.txt": ("某省2024年统计公报\n\n一、工业\n\n全年规模以上工业企业利润7431亿元，比上年下降3.3%。\n\n二、财政\n\n"
                         "全年一般公共预算支出2970亿元，比上年增加120亿元。\n"),
    })
    answer = a.answer("2024年某省规上工业企业利润总额是多少？")
    assert not answer.refused and "7431亿元" in answer.text
    refused = a.answer("2024年某省一般公共预算收入是多少？")
    assert refused.refused
    related = refused.text.split("相关")[-1]
    assert related.count("2970亿元") <= 1  # two figures of one sentence are one related fact


def test_a_table_cell_is_answered_with_the_unit_of_its_unit_column(tmp_path):
    a = assistant_over(tmp_path, {"plan.txt": (
        "某市“十五五”先进制造业发展规划\n\n表1 主要指标\n\n指标\t单位\t2025年\t2030年\t属性\n"
        "规模以上工业营业收入\t亿元\t8260\t12000\t预期性\n工业固体废物综合利用率\t%\t93.1\t95\t预期性\n"
        "规上工业亩均增加值(万元/亩)\t—\t150\t180\t预期性\n")})
    assert "8260亿元" in a.answer("某市2025年规上工业营业收入是多少？").text  # passes the guard: the row states 亿元
    assert "95%" in a.answer("某市工业固体废物综合利用率2030年目标是多少？").text
    assert "180万元/亩" in a.answer("某市规上工业亩均增加值2030年目标是多少？").text


def test_a_documents_title_is_asked_for(assistant):
    a = rag.answer("2020年两省经信工作报告里，安徽省经信厅那篇的标题是什么？")
    assert a.shape == "metadata" and "《强链条育引擎安徽大力实施产业基础再造工程》" in a.text and "标题" in a.text
    _offsets_hold(a)


def test_a_field_a_web_page_header_labels_is_read_by_its_label(tmp_path):
    a = assistant_over(tmp_path, {"notice.txt": (
        "商务部等4部门办公厅关于进一步做好家电以旧换新工作的通知\n\n【发布单位】流通发展司\n【发布文号】商办流通函〔2024〕397号\n\n"
        "一、明确补贴标准\n\n对个人消费者购买家电产品给予补贴。\n")})
    for question in ("家电以旧换新通知的发布单位是哪个？", "Which unit is listed as the publishing unit of the home-appliance trade-in notice?"):
        answer = a.answer(question)
        assert not answer.refused and "流通发展司" in answer.text and answer.citations[0].quote == "【发布单位】流通发展司", question


def test_a_grant_for_people_does_not_answer_for_companies(tmp_path):
    a = assistant_over(tmp_path, {"notice.txt": (
        "某省关于做好家电以旧换新工作的通知\n\n一、明确补贴标准\n\n对个人消费者购买空调、冰箱等家电产品给予以旧换新补贴，补贴标准为产品最终销售价格的15%。\n")})
    assert a.answer("企业单位采购空调参加以旧换新能补多少？").refused
    assert "15%" in a.answer("个人消费者买空调参加以旧换新能补多少？").text


def test_a_figure_is_read_with_its_own_sentence_and_a_statistics_tables_year(tmp_path):
    a = assistant_over(tmp_path, {"report.txt": (
        "某州省工业和信息化厅关于2025年全省工业经济运行情况的通报\n\n一、各设区市运行情况\n\n"
        "2025年，全省11个设区市中，有9个设区市规上工业增加值增速高于全国平均水平。禾阳市、雁桥市规上工业增加值增速位居全省前两位。"
        "工业投资方面，有8个设区市实现两位数以上增长，其中鹤汀市、禾阳市增速超过15%。\n\n"
        "表3　2025年各设区市主要工业指标完成情况\n\n设区市 | 规上工业增加值增速（%） | 工业投资增速（%） | 位次\n"
        "禾阳市 | 9.2 | 15.8 | 1\n雁桥市 | 8.6 | 10.1 | 2\n鹤汀市 | 7.6 | 17.2 | 4\n")})
    # 超过15% is what 工业投资 grew: the sentence with 规上工业增加值 before it is not its own
    got = a.answer("禾阳市2025年规上工业增加值增速是多少？")
    assert got.value == "9.2%" and "说明" not in got.text, got.text  # the column's unit (%) is no note


def test_a_unit_line_cited_above_a_table_states_its_magnitude():
    from rag.answer import check_numbers
    from rag.types import Citation

    row = Citation("d", "决算", None, "表3", "公务接待费\t50.00\t35.20\t70.40", 0, 10, 1.0)
    unit = Citation("d", "决算", None, "表3 › 单位", "单位：万元", 0, 5, 1.0)
    assert check_numbers("**35.20万元**", [row]) == [352000.0]
    assert check_numbers("**35.20万元**", [row, unit]) == []


def test_a_header_row_cited_beside_a_row_states_its_cells_magnitude():
    from rag.answer import check_numbers
    from rag.types import Citation

    row = Citation("d", "计划", None, "表", "11\t工业母机关键功能部件项目\t某公司\t10.5\t3.5\t2026—2028", 0, 10, 1.0)
    header = Citation("d", "计划", None, "表", "序号\t项目名称\t建设单位\t总投资（亿元）\t2026年计划投资（亿元）\t建设年限", 0, 10, 1.0)
    assert check_numbers("**3.5亿元**", [row]) == [350000000.0]
    assert check_numbers("**3.5亿元**", [row, header]) == []
