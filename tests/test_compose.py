"""Stage 9 — compose by shape, through the public API: lists from headings and from
enumerations, comparisons with a missing part, goals, definitions, which document,
scope refusals with labelled related facts, and English over a dev-corpus document."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import rag
from _helpers import assistant_over

ROOT = Path(__file__).resolve().parent.parent


def _offsets_hold(a, assistant) -> None:
    for c in a.citations:
        assert assistant.document_text(c.doc_id)[c.start: c.end] == c.quote, c
    for p in a.parts:
        for c in p.citations:
            assert assistant.document_text(c.doc_id)[c.start: c.end] == c.quote, c


def test_list_from_a_heading_gives_its_children_each_cited(assistant):
    a = assistant.answer("传统制造业改造提升2.0版的重点任务有哪些？")
    assert a.shape == "list" and not a.refused
    labels = [p.label for p in a.parts]
    assert labels == ["加快数字化发展，全面推进智能制造新模式", "加快集群化发展，全面推进强链补链新模式",
                      "加快服务化发展，全面推进业态融合新模式"]
    assert "共3项" in a.text and "二、重点任务" in a.text
    assert all(len(p.citations) == 1 and p.label in p.citations[0].quote for p in a.parts)
    assert a.text.strip() != "二、重点任务"  # a heading alone is never an answer
    _offsets_hold(a, assistant)
    d = a.to_dict()
    assert d["shape"] == "list" and len(d["parts"]) == 3 and d["parts"][0]["citations"]


def test_an_item_is_quoted_with_what_it_says(assistant):
    a = assistant.answer("传统制造业改造提升2.0版实施意见的保障措施包括哪些？")
    assert [p.label for p in a.parts][:2] == ["加强组织领导", "强化人才支撑"]
    quote = a.parts[0].citations[0].quote
    assert quote.startswith("（一）加强组织领导。") and len(quote) > len("（一）加强组织领导。") + 10  # not the heading alone


def test_list_inside_one_sentence(assistant):
    a = assistant.answer("加强企业梯度培育，“十四五”规划要求深入实施哪些行动？")
    assert a.shape == "list" and not a.refused
    text = a.text
    for item in ("雄鹰行动", "凤凰行动", "单项冠军培育行动", "雏鹰行动"):
        assert item in text
    _offsets_hold(a, assistant)


@pytest.mark.parametrize("sentence, count, items", [
    # 及/和 inside an element keep it whole; the last element's 和 joins two
    ("打造新一代信息技术、汽车及零部件、绿色化工、现代纺织和服装等4个世界级先进制造业集群", "4",
     ["新一代信息技术", "汽车及零部件", "绿色化工", "现代纺织和服装"]),
    ("支持建立绿色化的湖州全国蓄电池大数据中心、温州个性化定制云平台和大数据中心、绍兴纺织大数据中心和舟山海洋大数据中心。", "",
     ["湖州全国蓄电池大数据中心", "温州个性化定制云平台和大数据中心", "绍兴纺织大数据中心", "舟山海洋大数据中心"]),
    # a duty note is not what the clause lists; a lead-in title is not the first item
    ("建立健全综合评价机制、要素优化配置机制、促进产业创新升级机制。（责任单位：省经信委、省商务厅、省国土资源厅、省环保厅）", "",
     ["综合评价机制", "要素优化配置机制", "促进产业创新升级机制"]),
    ("牵头编制《集群行动计划》以及数字安防、汽车、绿色石化、现代纺织等 4 个具体产业实施方案", "",
     ["数字安防", "汽车", "绿色石化", "现代纺织"]),
    # a count after the last element (舟山各 1 家) is not part of it
    ("宁波5 家，绍兴、金华、舟山各 1 家）", "", ["绍兴", "金华", "舟山"]),
    # an element may hold a short parenthesis
    ("在世界智能制造大会、中国（南京）软博会、江苏省人工智能产业发展大会等活动上发布", "",
     ["世界智能制造大会", "中国（南京）软博会", "江苏省人工智能产业发展大会"]),
    # 等 closes an enumeration: what follows it describes the two before, it is not an element
    ("以家电、纺织等通用性高、共性需求大的行业为重点", "", []),
    # …but 高等 is a word, not the end of a list
    ("支持高等院校、科研院所、龙头企业等共建创新平台", "", ["高等院校", "科研院所", "龙头企业"]),
    # the quoted name the list goes by is not part of its last element
    ("制定市内、省内、省外、境外产业链配套企业“四清单”，组织开展活动", "", ["市内", "省内", "省外", "境外产业链配套企业"]),
    ("建立健全一方案、一名录、一平台、一演练、一核查“五个一”常态化工作机制", "5",
     ["一方案", "一名录", "一平台", "一演练", "一核查"]),
    # two elements counted as two are a list; the verb leading into it is no part of the first
    ("下一步，我们将在2027年底前再建成新能源汽车零部件、绿色食品2个行业级工业互联网平台", "",
     ["新能源汽车零部件", "绿色食品"]),
    ("以纺织服装、竹木加工为重点", "", []),
    # elements that are actions keep their verbs (培育…、建设…), also the first; only adverbs before it go
    ("重点推进数字化改造、加快智能工厂建设、培育工业互联网平台", "", ["推进数字化改造", "加快智能工厂建设", "培育工业互联网平台"]),
])
def test_enumeration_items_in_one_sentence(sentence, count, items):
    from rag.compose.items import enumeration_items

    found = enumeration_items(sentence, 100, "", count)
    assert [i for i, _, _ in found] == items
    assert all(sentence[s - 100: e - 100].strip("“”\" ") == i for i, s, e in found)


def test_the_parts_of_a_report_are_its_run_in_headings_not_their_one_shi_items(assistant):
    # 大力推动…。一是…二是…: four run-in headings, each with its 一是…四是…
    a = assistant.answer("围绕义甬舟开放大通道产业发展行动方案，浙江省经信厅主要做了哪几方面工作？")
    assert a.shape == "list" and len(a.parts) == 4
    assert "制造业创新体系升级" in a.parts[0].label and "产业合作发展平台建设" in a.parts[3].label


def test_a_list_question_that_names_its_count_takes_the_heading_with_that_many(tmp_path):
    a = assistant_over(tmp_path, {"plan.txt": (
        "某市人工智能创新实施方案\n\n一、总体要求\n\n（一）实施人才引育工程。引进高端人才。\n\n（二）实施载体建设工程。建设创新载体。\n\n"
        "（三）实施生态培育工程。优化创新生态。\n\n二、主要任务\n\n（一）实施模型突破工程。支持大模型攻关。\n\n（二）实施算力筑基工程。"
        "建设智算中心。\n\n（三）实施数据融通工程。开放公共数据。\n\n（四）实施应用赋能工程。推广应用场景。\n\n（五）实施产业聚链工程。培育产业集群。\n")})
    five = a.answer("该方案要实施哪五项工程？")
    assert five.shape == "list" and [p.label for p in five.parts][::4] == ["实施模型突破工程", "实施产业聚链工程"]
    three = a.answer("该方案要实施哪三项工程？")
    assert [p.label for p in three.parts] == ["实施人才引育工程", "实施载体建设工程", "实施生态培育工程"]


@pytest.mark.parametrize("question, count", [
    ("浙江要打造哪4个世界级先进制造业集群？", "4"), ("实施哪五项工程？", "5"), ("五大行动有哪些？", "5"),
    ("Which five projects are planned?", "5"), ("“十四五”期间要培育哪些产业链？", ""), ("建成多少个5G基站？", ""),
])
def test_the_count_a_list_question_names(question, count):
    from rag.compose.lists import asked_count

    assert asked_count(question) == count


def test_parallel_openings_are_the_items(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("sz-corpus")
    shutil.copy(ROOT / "evals" / "dev_corpus" / "shenzhen-2026-ai-plus-advanced-manufacturing-action-plan-2026-2027.txt", corpus)
    assistant = rag.Assistant(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("sz-index"))
    assistant.build_index()
    a = assistant.answer("深圳人工智能赋能汽车制造从哪几个环节展开？")
    assert a.shape == "list" and not a.refused
    assert [p.label for p in a.parts] == ["协同设计", "生产制造", "检验检测", "封装验证"]  # X方面，…。Y方面，…
    _offsets_hold(a, assistant)
    a = assistant.answer("深圳行动计划中，人工智能赋能高性能材料具体包括哪几个方面？")
    assert [p.label for p in a.parts] == ["设计和筛选", "工艺和路径优化", "性能预测", "实验指导"]


def test_two_region_comparison_gives_a_table_with_each_side_cited(assistant):
    a = assistant.answer("浙江和安徽2020年规上工业增加值增速分别是多少？")
    assert a.shape == "compare" and not a.refused
    parts = {p.label: p for p in a.parts}
    assert parts["浙江"].value == "3.9%" and "浙江" in parts["浙江"].citations[0].title
    assert parts["安徽"].value == "5.3%" and "安徽" in parts["安徽"].citations[0].title
    assert "| 浙江 |" in a.text and "| 安徽 |" in a.text
    _offsets_hold(a, assistant)


def test_a_part_the_documents_do_not_state_is_marked_not_found(assistant):
    a = assistant.answer("2020年1—10月浙江和江苏规上工业企业研发费用同比各增长多少？")
    assert a.shape == "compare" and not a.refused
    parts = {p.label: p for p in a.parts}
    assert parts["江苏"].refused and not parts["江苏"].citations and "未找到" in a.text
    assert parts["浙江"].value == "16.1%"


def test_which_is_higher_only_in_the_same_unit(assistant):
    a = assistant.answer("浙江和安徽2020年规上工业增加值增速哪个更高？")
    assert a.shape == "compare" and "安徽更高" in a.text


def test_a_table_row_part_also_cites_the_header_that_names_its_year(assistant):
    # the row holds only 16; its year 2025 stands in the table's header row
    a = assistant.answer("“十四五”期间规上工业单位增加值能耗降幅和万元工业增加值用水量降幅的目标分别是多少？")
    assert a.shape == "compare" and not a.refused
    assert all(p.deadline == 2025 for p in a.parts)
    assert all(any("2025" in c.quote for c in p.citations) for p in a.parts)
    _offsets_hold(a, assistant)


def test_one_figure_answers_one_part_only(tmp_path):
    # 50家 counts the enterprises; the sentence states no number of 智能体
    a = assistant_over(tmp_path, {"plan.txt": (
        "某市人工智能政务应用推进方案\n\n二、工作目标\n\n到2026年底，市级层面统建一批办公类通用智能体，"
        "吸引参与企业数量不少于50家。\n")})
    answer = a.answer("到2026年底吸引多少家参与企业？市级层面统建多少个办公类通用智能体？")
    assert answer.shape == "compare"
    assert answer.parts[0].value == "不少于50家" and answer.parts[1].refused


def test_goals_list_the_goal_clause_targets(assistant):
    a = assistant.answer("传统制造业改造提升2.0版的主要目标是什么？")
    assert a.shape == "goals" and not a.refused
    assert any("65%以上" in p.label for p in a.parts) and any("数字化转型引领区" in p.label for p in a.parts)
    assert all(p.citations for p in a.parts)
    _offsets_hold(a, assistant)


def test_goals_of_a_document_without_a_goals_clause_are_its_purpose(tmp_path):
    a = assistant_over(tmp_path, {
        "measures.txt": (
            "某市进一步加快建设“人工智能+”城市的若干措施\n\n为推动“人工智能+”赋能高质量发展、高品质生活、高效能治理，"
            "建设具有国际影响力的“人工智能+”城市，制定本措施。\n\n一、支持数据集建设\n\n对高质量数据集给予最高200万元奖励。\n"),
        "plan.txt": (
            "某省人工智能行动计划\n\n为加快人工智能发展，制定本计划。\n\n一、发展目标\n\n到2027年，人工智能核心产业规模达到3000亿元。\n"),
    })
    answer = a.answer("某市“人工智能+”城市若干措施要实现什么目标？")
    assert answer.shape == "goals" and "高品质生活" in answer.parts[0].label
    # a document with a goals clause answers from it, not from its purpose
    assert "3000亿元" in a.answer("某省人工智能行动计划的发展目标是什么？").text


def test_a_short_form_in_parentheses_is_defined_by_the_long_name(tmp_path):
    a = assistant_over(tmp_path, {
        "plan.txt": (
            "某市人工智能政务应用推进方案\n\n一、推进计划\n\n依托某市人工智能政务大模型平台（MaaS）打造政务智能体实验工厂。"
            "\n\n由MaaS平台提供智算算力和支撑模型等基础资源。\n"),
    })
    answer = a.answer("方案里的MaaS平台指的是什么平台？")
    assert "人工智能政务大模型平台（MaaS）" in answer.citations[0].quote


def test_quantified_goals_of_a_year_are_the_figures_of_the_section_it_heads(assistant):
    a = assistant.answer("安徽2021年工业和信息化工作提出了哪些量化目标？")
    assert a.shape == "goals" and not a.refused
    labels = " ".join(p.label for p in a.parts)
    assert "新产品500个" in labels and "工业机器人8000台" in labels
    assert all(re.search(r"\d", p.label) for p in a.parts)  # the heading and its preamble state no figure


def test_definition_quotes_the_defining_sentence(assistant):
    a = assistant.answer("“双核一带一廊”中的“一廊”指的是什么？")
    assert a.shape == "definition" and not a.refused
    assert "金衢丽绿色经济走廊" in a.citations[0].quote


def test_which_document(assistant):
    a = assistant.answer("哪份文件提出实施“雄鹰行动”和“凤凰行动”？")
    assert a.shape == "metadata" and not a.refused
    assert "十四五" in a.text and "浙政发〔2021〕20号" in a.text


def test_a_city_question_is_refused_with_the_province_fact_labelled(assistant):
    a = assistant.answer("到2025年杭州计划建成多少个5G基站？")
    assert a.refused
    assert "杭州" in a.text and "浙江全省，并非杭州" in a.text
    assert a.citations and "20万个以上" in a.citations[0].quote


def test_a_year_the_report_does_not_cover_is_refused(assistant):
    assert assistant.answer("安徽省2023年规模以上工业增速在全国排第几位？").refused


@pytest.fixture(scope="module")
def dev_assistant(tmp_path_factory):
    """One dev-corpus document in a corpus of its own (small: embedded in seconds)."""
    corpus = tmp_path_factory.mktemp("dev-corpus")
    shutil.copy(ROOT / "evals" / "dev_corpus" / "mofcom-2024-home-appliance-trade-in-notice.txt", corpus)
    a = rag.Assistant(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("dev-index"))
    a.build_index()
    return a


def test_english_question_over_a_dev_document(dev_assistant):
    a = dev_assistant.answer("What share of the final sales price is the trade-in subsidy for home appliances?")
    assert not a.refused and a.language == "en"
    assert "15%" in a.text and "产品最终销售价格的15%" in a.citations[0].quote


def test_own_doc_number_and_a_cited_doc_number(dev_assistant):
    (doc,) = dev_assistant.documents()
    assert doc.doc_number == "商办流通函〔2024〕397号" and doc.level == "国家"
    a = dev_assistant.answer("这份通知的文号是什么？")
    assert "商办流通函〔2024〕397号" in a.text


def test_a_document_the_corpus_only_cites_is_dated_by_the_citing_sentence(assistant):
    a = assistant.answer("《义甬舟开放大通道建设之产业发展行动方案》是什么时候出台的？")
    assert not a.refused and "2017年初" in a.text
    assert "《义甬舟开放大通道建设之产业发展行动方案》" in a.citations[0].quote
    _offsets_hold(a, assistant)


def test_the_maker_of_a_document_the_corpus_only_cites(assistant):
    a = assistant.answer("《义甬舟开放大通道建设之产业发展行动方案》是哪个部门研究制定并发布的？")
    assert "浙江省经信厅" in a.text and "所引文件" in a.text


def test_a_part_whose_indicator_the_evidence_lacks_is_not_found(assistant):
    # 安徽 states 规模以上工业同比增长5.3%: growth of output, not of profit (利润)
    a = assistant.answer("2020年浙江和安徽规上工业利润各增长了多少？")
    assert a.shape == "compare" and "12.1%" in a.text and "5.3%" not in a.text and "未找到" in a.text


def test_positions_a_plan_sets_are_its_goals(assistant):
    a = assistant.answer("浙江全球先进制造业基地“十四五”规划给2025年定了哪几个发展定位？")
    assert a.shape == "goals"
    assert all(any(name in p.label for p in a.parts) for name in ("全球智能制造践行地", "全国营商环境最优省"))


def test_the_reporting_department_does_not_choose_the_figure(assistant):
    # 经信部门报的 names the source; the sentence about 审批环节 also holds 部门 and 5G基站
    a = assistant.answer("2020年浙江经信部门报的5G基站建成数是多少？")
    assert "5.56万个" in a.text


def test_a_failing_shape_composer_falls_back_to_the_best_sentence(assistant, monkeypatch):
    from rag.compose.lists import ListComposer

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the list composer")

    monkeypatch.setattr(ListComposer, "find", broken)
    a = assistant.answer("传统制造业改造提升2.0版的重点任务有哪些？")
    assert a.shape == "sentence" and a.citations  # answered, not crashed


def test_a_failing_reader_gives_a_refusal_not_a_crash(assistant, monkeypatch):
    from rag.read import Reader

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the reader")

    monkeypatch.setattr(Reader, "read", broken)
    a = assistant.answer("到2025年浙江计划建成多少个5G基站？")
    assert a.refused and any("internal error" in n for n in a.notes)


def test_english_terms_take_the_longest_match_of_each_span():
    from rag.lexicon import english_terms

    assert set(english_terms("value added of above-scale industry")) == set(english_terms("value added of above-scale industr"))
    assert "产业" not in english_terms("above-scale industry")  # 规上工业, not also 产业
    assert "产业" in english_terms("the core AI industry")


@pytest.mark.parametrize("english, chinese", [
    ("the producer price of agricultural products", "农产品生产者价格"),  # X of Y → YX
    ("5G base station", "5G基站"),  # the longest term, not also 基站
    ("computing power supermarket", "算力超市"),
])
def test_english_noun_phrase_to_the_corpus_compound(english, chinese):
    from rag.lexicon import english_compound

    assert english_compound(english) == chinese


def test_definition_in_a_note_with_an_aside_before_its_verb(tmp_path):
    a = assistant_over(tmp_path, {
        "bulletin.txt": (
            "某省2024年统计公报\n\n一、综合\n\n全年国民总收入[3]1339672亿元，比上年增长5.1%。\n\n注释：\n\n"
            "[3]国民总收入，原称国民生产总值，是指一个国家或地区所有常住单位在一定时期内所获得的初次分配收入总额。\n"),
    })
    answer = a.answer("统计公报中的国民总收入指的是什么？")
    assert answer.shape == "definition" and "初次分配收入总额" in answer.text


def test_the_department_that_leads_is_read_from_its_sentence(tmp_path):
    a = assistant_over(tmp_path, {
        "plan.txt": (
            "某市人民政府办公厅关于印发某市数字经济行动方案的通知\n\n某政办发〔2025〕3号\n\n一、主要任务\n\n"
            "（一）建设算力设施。到2026年，建成智算中心3个。（责任单位：市数据局、市经信局）\n\n二、保障措施\n\n"
            "本方案自2025年7月15日起施行。本方案由市发改委负责牵头组织实施。\n\n附件：某市数字经济若干政策举措\n"),
    })
    answer = a.answer("某市数字经济行动方案由哪个部门牵头组织实施？")
    assert not answer.refused and "市发改委" in answer.text
    assert answer.citations[0].quote == "本方案由市发改委负责牵头组织实施。"
    assert "牵头部门：市发改委" in answer.text  # who leads it, not labelled as its issuer
    answer = a.answer("某市数字经济行动方案的附件名称是什么？")
    assert "附件：某市数字经济若干政策举措" in answer.text
    assert answer.citations[0].quote == "附件：某市数字经济若干政策举措"


def test_a_zero_padded_header_date_is_found(dev_assistant):
    a = dev_assistant.answer("关于进一步做好家电以旧换新工作的通知是哪天印发的？")
    assert "2024年8月24日" in a.text
    assert a.citations[0].quote == "【发文日期】2024年08月24日"  # the header field, written with zeros


def test_a_narrower_indicator_than_the_evidence_states_is_refused(tmp_path):
    a = assistant_over(tmp_path, {
        "report.txt": (
            "某省2024年统计公报\n\n一、综合\n\n全年城镇调查失业率平均为5.1%。新能源汽车产量1300万辆。"
            "城乡居民基础养老金最低标准再提高20元。\n"),
    })
    assert "5.1%" in a.answer("2024年城镇调查失业率是多少？").text
    for question in ("2024年16-24岁青年城镇调查失业率是多少？",  # an age group the evidence does not name
                     "2024年新能源汽车出口量是多少？",  # 出口 is not 产量
                     "城乡居民基础养老金最低标准提高到每月多少元？"):  # 每月 is not said
        answer = a.answer(question)
        assert answer.refused, question
        assert answer.citations and "相关" in answer.text, question  # the broader figure is related, not the answer


def test_definitions_stated_before_the_term(tmp_path):
    a = assistant_over(tmp_path, {
        "plan.txt": (
            "某省加快推动“人工智能+科学”创新发展行动计划\n\n"
            "作为“人工智能+”创新链条中最基础最前端的领域，“人工智能+科学”正加速推动科学研究的范式变革。\n\n"
            "一、工作成效\n\n全面完成保国家调拨、保援鄂医疗队和省内医疗机构、防境外疫情输入风险等“三保一防”任务。"
            "“三保一防”工作得到肯定。\n"),
    })
    answer = a.answer("行动计划如何界定“人工智能+科学”这一领域？")
    assert answer.shape == "definition" and "最基础最前端" in answer.citations[0].quote  # not the title line
    answer = a.answer("“三保一防”指的是什么？")
    assert "保国家调拨" in answer.citations[0].quote  # the enumeration it sums up, not a mere mention


def test_a_heading_named_with_a_modifier_is_the_list(assistant):
    # 2020年主要工作成效 names the heading 2020年工作成效 (一是…二是… under it)
    a = assistant.answer("安徽经信系统2020年主要工作成效有哪几方面？")
    assert not a.refused and a.shape == "list"
    assert [p.label for p in a.parts][:2] == ["打赢抗疫物资“保供战”", "按下复工复产“快进键”"]


NOTICE = (
    "某部办公厅关于加快推进制造业中试平台建设的通知\n\n某厅科〔2025〕17号\n\n各省、自治区、直辖市工业和信息化主管部门：\n\n"
    "一、重点任务\n\n（一）布局建设中试平台。围绕重点产业链布局一批中试平台。\n\n"
    "（二）提升中试平台服务能力。一是推动中试设备更新升级，提升装备水平；二是加强中试数据积累和开发利用；"
    "三是健全中试标准规范；四是培养一支懂技术、懂工艺的中试人才队伍。\n\n"
    "二、组织实施\n\n（一）推荐程序。各省级主管部门负责组织推荐工作。请于2025年5月30日前将推荐文件报送工业和信息化部。\n\n"
    "申报材料主要包括：一是省级主管部门推荐函；二是中试平台申报书；三是财务审计报告；四是申报单位信用承诺书。\n\n"
    "本通知由工业和信息化部科技司负责解释。\n\n某部办公厅\n\n2025年3月18日\n"
)


def test_parts_counted_off_inside_a_paragraph_are_the_list(tmp_path):
    a = assistant_over(tmp_path, {"notice.txt": NOTICE})
    answer = a.answer("通知在提升中试平台服务能力方面提了哪几点？")
    assert answer.shape == "list"
    assert [p.label for p in answer.parts] == ["推动中试设备更新升级", "加强中试数据积累和开发利用", "健全中试标准规范",
                                             "培养一支懂技术、懂工艺的中试人才队伍"]
    # the line that introduces 一是…四是… (申报材料主要包括：) says what they are
    materials = a.answer("申报中试平台需要准备哪些材料？")
    assert materials.shape == "list" and "中试平台申报书" in [p.label for p in materials.parts]


def test_a_due_date_and_the_department_that_interprets(tmp_path):
    a = assistant_over(tmp_path, {"notice.txt": NOTICE})
    due = a.answer("推荐文件要在哪天之前报上去？")
    assert due.value == "2025年5月30日" and "5月30日前" in due.citations[0].quote
    who = a.answer("这份通知由哪个部门负责解释？")
    assert who.value == "工业和信息化部科技司"
    assert a.answer("这个通知归哪个部门解释？").value == "工业和信息化部科技司"


def test_a_term_of_validity_in_years(tmp_path):
    a = assistant_over(tmp_path, {"measures.txt": (
        "某市专精特新中小企业扶持资金管理办法\n\n第一条 为支持中小企业发展，制定本办法。\n\n"
        "第二十条 本办法自2025年7月1日起施行，有效期3年。\n")})
    assert a.answer("这个管理办法的有效期是多久？").value == "3年"
    assert a.answer("How long do the measures stay in force?").value == "3年"
    assert a.answer("这个管理办法自哪天起施行？").value == "2025年7月1日"


def test_indicator_table_groups_a_question_names_are_listed_per_group(assistant):
    # 类别 is written once per group (技术创新 on its first row only): the rows below carry it
    a = assistant.answer("“十四五”规划关键指标中，技术创新和产业结构两类分别设了哪些指标？")
    assert a.shape == "compare" and not a.refused
    assert [p.label for p in a.parts] == ["技术创新", "产业结构"]
    assert "有效发明专利数" in a.parts[0].value and "高技术制造业增加值" in a.parts[1].value
    assert all(len(p.citations) == 2 for p in a.parts)
    assert "**技术创新**（共2项）" in a.text and "\n3. 数字经济核心产业增加值" in a.text
    _offsets_hold(a, assistant)
    one = assistant.answer("浙江先进制造业基地规划里绿色发展类的指标有哪些？")
    assert [p.label for p in one.parts] == ["规上工业单位增加值能耗降幅#(%)", "万元工业增加值用水量降幅(%)"]


def test_a_comparison_of_lists_answers_each_side_with_its_own_items(tmp_path):
    a = assistant_over(tmp_path, {
        "a.txt": "宁波市制造业发展行动方案\n\n一、重点任务\n\n（一）建设智能工厂。推广智能装备。\n\n（二）培育产业集群。壮大龙头企业。\n",
        "b.txt": "温州市制造业发展行动方案\n\n一、重点任务\n\n（一）发展工业互联网。建设标识解析节点。\n\n（二）推进绿色制造。创建绿色工厂。\n"})
    answer = a.answer("宁波和温州的行动方案分别有哪些重点任务？")
    assert answer.shape == "compare" and not answer.refused
    got = {p.label: p.value for p in answer.parts}
    assert got == {"宁波": "建设智能工厂；培育产业集群", "温州": "发展工业互联网；推进绿色制造"}


def test_actual_names_no_indicator_and_a_refusal_says_which_rule(assistant):
    # 实际 frames the figure (an outcome, not a target); it is not the noun the evidence must state
    a = assistant.answer("安徽新产品培育：2020年实际培育多少项？")
    assert not a.refused and a.value == "361项"
    trap = assistant.answer("浙江2030年规上工业亩均增加值目标是多少？")
    assert trap.refused and any(n.startswith("refused: ") for n in trap.notes)


def test_an_annex_has_parts_of_its_own(tmp_path):
    a = assistant_over(tmp_path, {"plan.txt": (
        "某市加快发展数字经济实施方案\n\n一、总体目标\n\n到2027年，数字经济核心产业增加值达到500亿元。\n\n二、主要任务\n\n"
        "（一）建设算力设施。建设智算中心。\n\n（二）培育数据要素。开放公共数据。\n\n三、保障机制\n\n加强组织领导。\n\n"
        "附件\n\n某市支持数字经济发展的若干政策\n\n一、降低用算成本。对使用智算中心的企业给予补贴。\n\n"
        "二、支持场景开放。每年发布应用场景清单。\n\n三、强化人才支撑。引进高端人才。\n")})
    annex = a.answer("《某市支持数字经济发展的若干政策》分为哪几个部分？")
    assert [p.label for p in annex.parts] == ["降低用算成本", "支持场景开放", "强化人才支撑"]
    assert "附件《某市支持数字经济发展的若干政策》" in annex.text
    plan = a.answer("某市加快发展数字经济实施方案分为哪几个部分？")
    assert [p.label for p in plan.parts] == ["总体目标", "主要任务", "保障机制"]


def test_parts_counted_in_parentheses_inside_a_sentence_are_a_list(tmp_path):
    a = assistant_over(tmp_path, {"rules.txt": (
        "某区产业扶持政策\n\n第十条　本政策实行年度集中申报。\n申报材料主要包括：（一）项目申报表；（二）营业执照、税务登记\n"
        "和统计关系证明材料；（三）相关资质证书；\n（四）专项审计报告；（五）企业信用承诺书。申报主体对材料的真实性负责。\n")})
    answer = a.answer("申报某区产业扶持政策要准备哪些材料？")
    assert [p.label for p in answer.parts] == ["项目申报表", "营业执照、税务登记和统计关系证明材料", "相关资质证书", "专项审计报告", "企业信用承诺书"]


def test_a_body_paragraph_is_not_the_heading_it_stands_under(tmp_path):
    a = assistant_over(tmp_path, {"plan.txt": (
        "某市推动人工智能行动计划\n\n二、标杆应用工程\n\n依托行业资源，围绕机器人、教育等领域组织实施一批重大工程，形成应用新生态。\n\n"
        "（一）人工智能+机器人\n\n推出具身智能机器人。\n\n（二）人工智能+教育\n\n建设教育大模型。\n\n（三）人工智能+医疗\n\n建设医疗大模型。\n")})
    answer = a.answer("某市行动计划的标杆应用工程有哪几个？")
    assert [p.label for p in answer.parts] == ["人工智能+机器人", "人工智能+教育", "人工智能+医疗"]


def test_goals_for_a_year_are_the_targets_that_year_heads_and_prose_beats_the_indicator_table(tmp_path):
    a = assistant_over(tmp_path, {"plan.txt": (
        "某县制造业数字化转型三年行动计划（2025—2027年）\n\n一、主要目标\n\n到2025年底，全县上云企业新增450家，数控化率达到60%。\n\n"
        "到2027年，全县数控化率达到68%，建成数字化车间35个。\n\n表1　某县制造业数字化转型主要指标\n\n"
        "序号\t指标\t单位\t2025年\t2027年\n1\t关键工序数控化率\t%\t60\t68\n2\t上云企业数\t家\t2300\t3200\n")})
    later = a.answer("某县到2027年的主要目标有哪些？")
    # (one short sentence with two figures is two targets)
    assert later.shape == "goals" and [p.label for p in later.parts] == ["到2027年，全县数控化率达到68%", "建成数字化车间35个"]
    table = a.answer("某县数字化转型的主要指标有哪些？")
    assert [p.label for p in table.parts] == ["关键工序数控化率", "上云企业数"]
    cells = a.answer("按某县行动计划的指标表，2025年上云企业数要达到多少家？")
    assert cells.value == "2300家"  # the unit stands in the 单位 column: the answer carries it


def test_a_plan_without_a_year_is_for_the_year_its_headings_name_not_the_next(tmp_path):
    a = assistant_over(tmp_path, {"points.txt": (
        "2025年全省工业和信息化工作要点\n\n某省工业和信息化厅\n\n一、壮大新兴产业\n\n1.推动整车企业扩能增产，全省新能源汽车产量突破90万辆。\n")})
    assert a.answer("某省2025年新能源汽车产量目标是多少？").value == "突破90万辆"
    assert a.answer("某省2026年新能源汽车产量目标是多少？").refused


def test_an_enumeration_is_the_list_asked_for_only_when_it_is_named_so(tmp_path):
    a = assistant_over(tmp_path, {"plan.txt": (
        "某县数字化转型三年行动计划\n\n一、总体要求\n\n（一）指导思想\n\n全面贯彻新发展理念，聚焦电机装备、竹木家居、新型建材、特种纸四大主导产业，"
        "以智能制造为主攻方向。\n\n二、重点任务\n\n（一）实施改造行动\n\n1.实施智能化技术改造。聚焦四大主导产业关键工序，推广应用工业机器人、"
        "数控机床、智能检测装备和智能物流装备，每年实施改造项目60项以上。\n"),
        "rules.txt": ("某县数字化改造专项资金管理办法\n\n第三条　申请专项资金的企业，应当同时符合下列条件：\n\n（一）注册地在本县；\n\n"
                      "（二）近三年内未发生重大安全事故，未被列入严重失信主体名单；\n\n第四条　专项资金每年安排3000万元。\n")})
    answer = a.answer("某县行动计划聚焦的是哪四大主导产业？")
    assert [p.label for p in answer.parts] == ["电机装备", "竹木家居", "新型建材", "特种纸"]
    assert "原文：「" in answer.text  # the sentence the items were cut from is shown
    conditions = a.answer("申请某县专项资金的企业应当同时符合哪些条件？")
    assert [p.label for p in conditions.parts] == ["注册地在本县", "近三年内未发生重大安全事故，未被列入严重失信主体名单"]


def test_quantified_targets_of_the_passage_the_question_quotes(tmp_path):
    a = assistant_over(tmp_path, {"report.txt": (
        "以产业发展助推大通道建设\n\n一、工作成效\n\n全年新增企业120家。\n\n"
        "下一步，省经信厅还将着力抓好两大工作：一是深入实施数字经济“一号工程”。抓好“5个100”工作任务，遴选30家左右省级工业互联网培育平台。\n\n"
        "二是扎实推动制造业高质量发展。遴选50家左右“雄鹰培育企业”，培育单项冠军企业40家。\n")})
    answer = a.answer("那份材料讲“下一步”时，省经信厅定了哪些数量目标？")
    labels = [p.label for p in answer.parts]
    # through the paragraph that counts on (二是…), a figure an item
    assert len(labels) == 3 and "30家左右" in labels[0] and "50家左右" in labels[1] and "40家" in labels[2]
    assert not any("120家" in label for label in labels)  # a figure before the passage is not one of its targets


def test_a_quoted_focus_picks_the_figure_its_own_phrase_names(tmp_path):
    a = assistant_over(tmp_path, {"plan.txt": "某省实施方案\n\n一、主要任务\n\n到2020年，全省新增“小升规”企业8000家，培育“专精特新”入库企业5万家。\n"})
    assert a.answer("某省到2020年“小升规”企业要新增多少家？").value == "8000家"


@pytest.mark.parametrize("question, noun", [
    ("工信部通知2025年重点支持哪些领域建中试平台？", "领域"),  # a verb ends the noun
    ("合肥今年政府工作报告部署的重点工作分哪几个方面？", "重点工作"),
])
def test_the_noun_a_list_question_asks_for(question, noun):
    from rag.compose.lists import _heading_words
    from rag.query import analyse

    assert _heading_words(analyse(question)) == noun


def test_an_item_that_is_a_kind_of_the_noun_does_not_name_the_list():
    from rag.compose.list_sources import names_noun as _names

    text = "在新材料、新能源、智能网联汽车等领域择优推荐。"
    items = [("新材料", None, 1, 4), ("新能源", None, 5, 8), ("智能网联汽车", None, 9, 15)]
    assert not _names("材料", text, items)  # 新材料 is a kind of material, not a 材料 asked for
    assert _names("领域", text, items)  # …等领域 right after the last item


def test_definitions_introduced_by_suo_cheng(tmp_path):
    a = assistant_over(tmp_path, {"rules.txt": (
        "某市专精特新企业扶持办法\n\n第三条　本办法所称专精特新“小巨人”企业，是指经工业和信息化部认定的专精特新中小企业。\n\n"
        "第四条　对设备投资2000万元以上的项目给予补助。本办法所称设备投资额，是指项目实际发生的生产性设备购置费用。\n\n"
        "第五条　对首次被认定为“小巨人”企业的，给予一次性奖励100万元。\n")})
    giant = a.answer("How do the measures define a 'little giant' enterprise?")
    assert giant.shape == "definition" and "是指经工业和信息化部认定" in giant.citations[0].quote
    equipment = a.answer("设备投资指什么？")
    assert "是指项目实际发生的生产性设备购置费用" in equipment.citations[0].quote


def test_a_case_the_document_excludes_is_refused_with_the_exclusion_cited(tmp_path):
    a = assistant_over(tmp_path, {"rules.txt": (
        "某区促进生物医药产业发展的若干政策\n\n第三条　医疗美容、保健食品生产经营类项目不适用本政策。\n\n"
        "第七条　对通过仿制药质量和疗效一致性评价的品种，本政策不予支持。\n\n"
        "第十五条　对新建生物医药产业化项目，按照项目设备投资额的10%给予补助，最高不超过500万元。\n")})
    assert a.answer("某区对生物医药产业化项目的设备投资按多少比例补助？").value == "10%"
    beauty = a.answer("医美项目落户某区，设备投资能按多少比例补助？")
    assert beauty.refused and "refused: the document excludes what was asked" in beauty.notes
    assert "不适用本政策" in beauty.citations[0].quote and "排除" in beauty.text


def test_a_grant_is_an_amount_or_a_share_and_its_object_must_be_named(dev_assistant):
    # the notice subsidises 8 kinds of appliance, 15% of the price: 8类 is no grant, and a phone is not one of them
    fridge = dev_assistant.answer("按照家电以旧换新通知，个人购买冰箱可以获得多少补贴？")
    assert not fridge.refused and fridge.value == "15%"
    assert dev_assistant.answer("按照家电以旧换新通知，个人购买手机可以获得多少补贴？").refused


def test_the_object_bought_must_be_named_by_the_evidence(tmp_path):
    a = assistant_over(tmp_path, {
        "notice.txt": ("家电以旧换新工作的通知\n\n一、补贴标准\n\n对个人消费者购买冰箱、洗衣机、电视等8类家电产品给予以旧换新补贴，"
                       "补贴标准为产品最终销售价格的15%，每件补贴不超过2000元。\n"),
        "plan.txt": "某市人工智能终端产业行动计划\n\n一、发展目标\n\n到2026年，在手机、计算机等领域推出50款以上爆款产品。\n"})
    assert a.answer("按照家电以旧换新通知，个人购买冰箱最多能补多少钱？").value == "不超过2000元"
    phone = a.answer("按照家电以旧换新通知，个人购买手机可以获得多少补贴？")
    assert phone.refused and any("does not name 手机" in n for n in phone.notes)
    assert a.answer("按家电以旧换新通知，买新手机每台能补多少钱？").refused  # 新手机: the documents say 手机


def test_goals_for_a_year_are_those_that_year_heads_within_the_paragraph(tmp_path):
    a = assistant_over(tmp_path, {"notice.txt": (
        "山东省工业和信息化厅\n\n鲁工信数〔2026〕11号\n\n关于组织申报2026年度省级人工智能赋能制造业项目的通知\n\n各市工业和信息化局：\n\n"
        "2025年，全省共支持人工智能赋能制造业项目126个，安排省级财政资金3.2亿元。2026年，省级财政拟安排资金4亿元，"
        "支持项目不超过150个。通过项目支持，力争到2027年全省累计打造典型场景500个以上，培育省级工业大模型30个以上，"
        "推动规模以上工业企业智能化改造覆盖率达到75%。\n\n一、支持方向\n\n（一）典型场景项目。\n\n三、项目实施成效\n\n"
        "（三）绩效目标。按照可量化、可考核的原则，分年度提出项目产出指标和效益指标。\n")})
    r = a.answer("山东这个项目申报通知里，全省到2027年的目标是什么？")
    assert r.shape == "goals"
    labels = " ".join(p.label for p in r.parts)
    assert "500个以上" in labels and "30个以上" in labels and "75%" in labels
    assert "126个" not in labels and "150个" not in labels and "绩效" not in r.text.split("\n")[0]


@pytest.mark.parametrize("question", ["那份部委意见对2030年是怎么设想的？", "崂山区到2027年想做到什么程度？"])
def test_ways_of_asking_for_goals(question):
    from rag.query import analyse
    from rag.shapes import classify

    assert classify(analyse(question)) == "goals"


def test_a_question_about_the_exclusion_itself_is_answered_by_it(tmp_path):
    a = assistant_over(tmp_path, {"notice.txt": (
        "关于组织申报省级项目的通知\n\n某省工业和信息化厅\n\n三、评审\n\n省工业和信息化厅组织专家评审，评审得分低于70分的项目不予支持。\n")})
    r = a.answer("省里专家评审打分，低于多少分就直接不支持了？")
    assert not r.refused and "70分" in r.text


def test_grants_for_each_threshold_and_a_recipient_not_asked_about(tmp_path):
    a = assistant_over(tmp_path, {"policy.txt": (
        "崂山区支持人工智能产业发展的若干政策\n\n青岛市崂山区人民政府办公室\n\n（二）支持企业做大做强。对年营业收入首次突破1亿元、5亿元、10亿元的"
        "人工智能企业，分别给予50万元、150万元、300万元一次性奖励。\n\n（十一）发放算力券。对区内企业租用智能算力服务的，按照实际支付费用的30%给予补助，"
        "单个企业每年补助最高200万元。对初创企业补助比例提高至40%，单个企业每年最高100万元。\n\n"
        "（十二）评审。评审采取专家打分方式。评审得分低于70分的项目不予支持。\n")})
    r = a.answer("崂山区企业营收首次过1亿、5亿、10亿，各奖多少？")
    assert [p.value for p in r.parts] == ["50万元", "150万元", "300万元"]
    assert "200万元" in a.answer("崂山区的算力券，一家企业一年最多能补到多少钱？").text
    assert "70分" in a.answer("专家评审打分，低于多少分就不支持了？").text


def test_a_question_for_a_day_is_not_answered_by_a_year(tmp_path):
    a = assistant_over(tmp_path, {"notice.txt": (
        "关于组织申报2026年度省级项目的通知\n\n某省工业和信息化厅\n\n一、工作基础\n\n2025年，全省共支持项目126个。\n\n"
        "二、时间安排\n\n2026年3月20日至4月17日，申报单位在线填报。\n")})
    assert a.answer("2025年度项目的申报截止日期是哪天？").refused
    assert "4月17日" in a.answer("今年的项目在网上填报最晚到几号？").text


def test_a_grant_for_something_the_evidence_does_not_name_is_refused(tmp_path):
    a = assistant_over(tmp_path, {"wz.txt": (
        "温州市专精特新中小企业培育扶持资金管理办法\n\n温州市人民政府办公室\n\n第八条 对首次被认定为国家级专精特新“小巨人”企业的，"
        "给予一次性奖励100万元。\n\n第九条 对专精特新中小企业实施的技术改造项目，按照设备投资额给予补助，单个企业年度补助最高不超过300万元。\n\n"
        "第十条 企业上市工作另行规定。\n")})
    r = a.answer("温州专精特新企业成功上市能拿多少奖励？")
    assert r.refused and "100万元" not in r.text.split("\n")[0]
    assert "100万元" in a.answer("温州首次认定为国家级专精特新小巨人企业能拿多少奖励？").text


def test_a_compound_whose_words_stand_apart_still_names_the_indicator(tmp_path):
    a = assistant_over(tmp_path, {"gd.txt": "广东省关于人工智能赋能千行百业的若干措施\n\n13.智能网联支撑新能源汽车。到2027年，新能源汽车年产量达到350万辆以上。\n"})
    assert "350万辆以上" in a.answer("广东新能源汽车产量2027年的目标是多少？").text


def test_a_list_of_stages_is_the_headings_named_so_not_the_first_ones_children(tmp_path):
    a = assistant_over(tmp_path, {"nj.txt": (
        "南京市加快人工智能+政务应用场景建设推进方案\n\n一、总体要求\n\n到2026年底，建成政务智能体50个，形成一批典型案例。\n\n"
        "二、重点任务\n\n（一）建设政务大模型。统筹算力资源。\n\n（二）完善数据供给。开放公共数据。\n\n三、推进计划\n\n（一）场景谋划阶段\n\n1.建立协同工作机制。市数据局牵头。\n\n"
        "2.健全场景需求管理。征集场景需求。\n\n（二）技术调研阶段\n\n1.启动调研申报。组织调研。\n\n（三）能力验证阶段\n\n1.智能体环境搭建。搭建环境。\n")})
    r = a.answer("南京“人工智能+政务”场景建设按哪几个阶段往前推？")
    assert [p.label for p in r.parts] == ["场景谋划阶段", "技术调研阶段", "能力验证阶段"]


def test_those_several_things_each_asked_for_are_a_list(tmp_path):
    a = assistant_over(tmp_path, {"bj.txt": (
        "北京市推动人工智能+行动计划\n\n二、标杆应用工程\n\n（一）人工智能+机器人\n\n研发具身智能机器人。\n\n（二）人工智能+教育\n\n"
        "建设教育大模型。\n\n（三）人工智能+医疗\n\n推广辅助诊疗。\n")})
    r = a.answer("北京计划里的那几个标杆应用工程分别是什么方向？")
    assert r.shape == "list" and [p.label for p in r.parts] == ["人工智能+机器人", "人工智能+教育", "人工智能+医疗"]


def test_the_noun_before_which_ones_and_its_ending_the_documents_use(assistant):
    r = assistant.answer("部省合作实施方案里提到要支持建设的几个地市大数据中心是哪些？")
    assert r.shape == "list" and len(r.parts) == 4 and "舟山海洋大数据中心" in r.parts[-1].label


def test_a_list_of_cities_is_not_answered_by_items_that_are_not_places(tmp_path):
    a = assistant_over(tmp_path, {"miit.txt": (
        "关于数据要素赋能制造业的指导意见\n\n（十七）加强组织实施。选择20个左右城市开展试点，重点在数据产权、流通交易、收益分配、安全治理等方面先行探索，"
        "试点城市名单另行发布。\n")})
    r = a.answer("哪些城市被选为试点城市？")
    assert r.shape != "list" and "数据产权" not in " ".join(p.label for p in r.parts)


def test_in_a_sentence_of_several_places_figures_the_province_wide_one_is_not_a_city_s(tmp_path):
    a = assistant_over(tmp_path, {"ql.txt": (
        "青岚县推进制造业数字化转型三年行动计划\n\n青岚县人民政府办公室\n\n一、发展基础\n\n从全省、全市看，2024年全省规上工业企业数字化改造覆盖率"
        "已达到86.5%，衢州市为78.2%，我县分别低22.2个和13.9个百分点。\n")})
    assert "78.2%" in a.answer("2024年衢州市规上工业企业数字化改造覆盖率是多少？").text.split("\n")[0]


def test_the_growth_of_the_economy_is_the_growth_of_gdp(tmp_path):
    a = assistant_over(tmp_path, {"hf.txt": (
        "合肥市2025年政府工作报告\n\n一、2024年工作回顾\n\n初步核算，全市地区生产总值达到13580.6亿元，增长5.6%。\n\n"
        "营商环境持续优化，新登记经营主体24.3万户，增长9.6%。\n")})
    assert "5.6%" in a.answer("合肥2024年经济增速是多少？").text.split("\n")[0]


def test_a_code_names_the_indicator_even_for_a_rate(tmp_path):
    a = assistant_over(tmp_path, {"gwr.txt": (
        "政府工作报告\n\n二、2025年经济社会发展总体要求和政策取向\n\n今年发展主要预期目标是：国内生产总值增长5%左右；居民消费价格涨幅2%左右。"
        "今年赤字率拟按4%左右安排，赤字规模5.66万亿元。\n")})
    r = a.answer("今年赤字率和M2增速目标各定多少？")
    assert r.parts[0].value == "4%左右" and r.parts[1].refused and "未找到" in r.text


def test_a_district_named_only_among_a_group_s_parts_is_not_answered_by_the_group(tmp_path):
    a = assistant_over(tmp_path, {"hy.txt": (
        "河阳市2025年国民经济和社会发展统计公报\n\n河阳市统计局\n2026年3月18日\n\n一、综合\n\n分区域看，市区（临溪区、望川区、北汇区）实现地区生产总值"
        "3017.2亿元，增长5.9%；其中，临溪区实现地区生产总值1286.5亿元，增长6.3%。全年社会消费品零售总额2417.3亿元，比上年增长4.9%。"
        "全年实物商品网上零售额683.4亿元，增长8.7%，占社会消费品零售总额的比重为28.3%。\n")})
    assert "1286.5亿元" in a.answer("临溪区去年经济总量有多大？").text.split("\n")[0]
    assert a.answer("望川区去年GDP是多少？").refused
    assert "4.9%" in a.answer("河阳2025年社零总额比前一年涨了几个点？").text.split("\n")[0]


def test_a_definition_opened_by_the_term_and_a_validity_asked_plainly(tmp_path):
    a = assistant_over(tmp_path, {"jy.txt": (
        "江屿省人民政府办公厅关于推动未来产业发展的实施意见\n\n屿政办发〔2026〕9号\n\n未来产业由前沿技术驱动，当前处于孕育萌发阶段或产业化初期，"
        "是具有显著战略性、引领性的前瞻性新兴产业。为加快发展未来产业，提出如下意见。\n\n一、总体要求\n\n到2030年，未来产业规模突破6000亿元。支持屿州市建设未来产业先导区。\n\n"
        "本意见自2026年3月1日起施行，有效期5年。\n")})
    assert "孕育萌发阶段" in a.answer("江屿省那份意见怎么解释“未来产业”这个概念？").text
    assert "5年" in a.answer("这份意见管多长时间？").text
    assert a.answer("江屿那份文件里，屿州市到2030年未来产业规模要达到多少？").refused  # 屿州市: a place it does not speak for


def test_last_year_is_not_answered_by_a_target_and_a_scale_needs_its_noun(tmp_path):
    a = assistant_over(tmp_path, {"jy.txt": (
        "江屿省人民政府办公厅关于推动未来产业发展的实施意见\n\n一、主要目标\n\n到2027年，规模以上工业企业数字化研发设计工具普及率达到88%。\n\n"
        "二、重点任务\n\n6.氢能示范工程。建设加氢站网络，到2027年建成加氢站50座，开通氢能重卡示范线路10条以上。\n\n7.氢能产业。到2030年，全省氢能产业规模达到500亿元。\n")})
    assert a.answer("去年规上工业企业数字化研发设计工具普及率到了多少？").refused
    assert a.answer("江屿省氢能产业到2027年要做到多大规模？").refused
    assert "500亿元" in a.answer("江屿省氢能产业到2030年要做到多大规模？").text


def test_a_grade_the_evidence_does_not_name_and_a_place_only_a_document_knows(tmp_path):
    a = assistant_over(tmp_path, {
        "sp.txt": ("松浦市加快建设智能制造示范工厂若干措施\n\n第十条 对新认定为国家级智能制造示范工厂的企业，给予一次性奖励200万元。\n"),
        "hy.txt": ("河阳市2025年国民经济和社会发展统计公报\n\n河阳市统计局\n\n一、综合\n\n全年全市地区生产总值5286.4亿元，比上年增长5.6%。\n"),
        "hf.txt": ("合肥市2025年政府工作报告\n\n一、2024年工作回顾\n\n全市地区生产总值达到13580.6亿元，增长5.6%。\n")})
    assert a.answer("松浦对评上领航级智能工厂的企业奖多少钱？").refused
    assert "200万元" in a.answer("松浦对新认定的国家级智能制造示范工厂奖多少钱？").text
    assert a.answer("河阳2024年的地区生产总值是多少？").refused  # not 合肥's


def test_an_english_question_is_not_refused_as_an_exclusion(tmp_path):
    a = assistant_over(tmp_path, {"sd.txt": (
        "关于组织申报2026年度省级人工智能赋能制造业项目的通知\n\n山东省工业和信息化厅\n\n一、申报方向\n\n（三）智能机器人推广应用项目。"
        "规模化应用项目单个项目采购我省企业机器人产品不少于20台（套）。\n\n二、申报条件\n\n已享受省级其他财政资金支持的项目不予支持。\n")})
    r = a.answer("In the Shandong application notice, what is the minimum number of robots a large-scale deployment project has to buy from in-province makers?")
    assert not r.refused and "20" in r.text


@pytest.mark.parametrize("question, noun", [
    ("江屿省要重点布局的未来产业是哪几个大方向？", "方向"),  # 大 counts the directions; it is no part of the noun
    ("浙江要打造哪几大产业集群？", "产业集群"),
])
def test_a_count_before_the_noun_is_no_part_of_it(question, noun):
    from rag.compose.lists import _heading_words
    from rag.query import analyse

    assert _heading_words(analyse(question)) == noun


def test_policy_words_stay_whole_and_a_total_is_no_one_unit_s_share(tmp_path):
    from rag.lexical import words

    assert "算力券" in words("企业用算力券一年最多能拿多少？")
    a = assistant_over(tmp_path, {"bj.txt": (
        "北京市推动人工智能+行动计划\n\n（三）资金支持。模型券采用定期兑付方式，当年全市模型券可兑付总额不超过1亿元。\n\n"
        "（四）政策兑现。同一企业每年享受本政策资金支持总额原则上不超过1500万元。\n")})
    assert a.answer("北京模型券单个企业一年最多能兑多少？").refused
    assert "1500万元" in a.answer("一家企业一年加起来最多能享受多少资金？").text


def test_hard_targets_of_a_year_are_the_figures_of_the_section_it_heads(assistant):
    r = assistant.answer("安徽经信2021年思路里全年有哪些硬指标？")
    assert r.shape == "goals" and "2021年工作思路" in r.text
    assert any("8000台以上" in p.label for p in r.parts)


def test_a_mark_in_an_indicator_table_is_explained_by_the_tables_note(tmp_path):
    a = assistant_over(tmp_path, {
        "plan.txt": (
            "某省制造业发展“十五五”规划\n\n表1 主要指标\n\n指标\t2025年\t2030年\t属性\n"
            "规上工业增加值（亿元）\t5000\t7000\t预期性\n技术改造投资增速（%）\t[8]\t[10]\t预期性\n"
            "注：[]内为5年年均增速；*为2024年数值。\n\n一、发展目标\n\n到2030年，规上工业增加值达到7000亿元。\n"),
    })
    for question in ("某省规划指标表里带方括号的数字是什么意思？",
                     "In the indicator table of the plan, what does a figure in square brackets mean?"):
        answer = a.answer(question)
        assert answer.shape == "definition" and not answer.refused, question
        assert answer.citations[0].quote.startswith("注：[]内为5年年均增速")
        assert "\\[\\]" in answer.text  # the mark is shown, not read as Markdown


def test_goals_cut_from_a_paragraph_cite_the_heading_they_stand_under(tmp_path):
    a = assistant_over(tmp_path, {
        "plan.txt": (
            "某市人工智能终端产业行动计划\n\n一、发展目标\n\n"
            "到2026年，全市人工智能终端产业规模达8000亿元以上，集聚不少于10家现象级企业，产品产量突破1.5亿台，"
            "推出50款以上爆款产品，打造60个以上典型应用场景。\n\n二、重点任务\n\n（一）发展智能手机。支持企业研发新品。\n"),
    })
    answer = a.answer("某市人工智能终端产业行动计划到2026年的发展目标有哪些？")
    assert answer.shape == "goals" and not answer.refused
    assert any(c.quote == "一、发展目标" for c in answer.citations)


def test_goals_paragraph_followed_by_dash_items_lists_them(tmp_path):
    a = assistant_over(tmp_path, {
        "plan.txt": (
            "某市“十五五”先进制造业发展规划\n\n第二章　总体要求\n\n第三节　发展目标\n"
            "到2030年，全市先进制造业发展能级显著提升，基本建成全省先进制造业强市。\n"
            "——产业规模持续壮大。规模以上工业营业收入达到1.2万亿元，千亿级产业集群达到5个。\n"
            "——创新能力明显增强。规模以上工业企业研发经费支出占营业收入比重达到2.4%。\n"
            "——绿色发展水平提升。工业固体废物综合利用率达到95%。\n"
            "展望2035年，全面建成先进制造业基地。\n\n第三章　重点任务\n\n第一节　做强产业集群\n推动集群发展。\n"),
    })
    answer = a.answer("某市先进制造业到2030年的主要目标有哪些？")
    assert answer.shape == "goals" and not answer.refused
    for figure in ("1.2万亿元", "2.4%", "95%"):
        assert figure in answer.text
    assert "展望2035年" not in answer.text


def test_a_list_that_never_names_the_quoted_term_is_not_its_list(tmp_path):
    a = assistant_over(tmp_path, {
        "plan.txt": (
            "某省制造业规划\n\n表1 主要指标\n\n指标\t2025年\n产值（亿元）\t100\n税收（亿元）\t10\n利润（亿元）\t20\n"
            "投资（亿元）\t30\n出口（亿元）\t40\n\n一、创新体系\n\n（一）建设创新平台。实施“产学研用金”五联动，建设省级制造业创新中心。\n"),
    })
    answer = a.answer("某省规划里讲的“五联动”是哪五个字？")
    assert not answer.refused and "产学研用金" in answer.text
    assert "税收" not in answer.text


def test_an_acronym_is_defined_by_its_letters_spelled_out(tmp_path):
    a = assistant_over(tmp_path, {
        "measures.txt": ("某市人工智能若干措施\n\n一、加强产业集聚\n\n打造一批人工智能产业园、OPC（One Person Company）社区。"
                         "向OPC创业者发放算力券。\n"),
    })
    for question in ("某市若干措施里的OPC是什么意思？", "In the measures, what does 'OPC' in its 'OPC community' stand for?"):
        answer = a.answer(question)
        assert answer.shape == "definition" and "One Person Company" in answer.citations[0].quote, question


def test_a_question_and_answer_interpretation(tmp_path):
    a = assistant_over(tmp_path, {
        "jd.txt": ("《某省新型储能若干措施》政策解读\n\n一、出台背景\n\n2025年全省新型储能产业实现营业收入约620亿元。甲市、乙市和丙市三地产业营业收入合计占全省的72.4%。\n\n"
                   "二、政策要点问答\n\n二问：哪些企业可以申报《若干措施》的支持资金？\n"
                   "答：申报企业应当同时具备以下条件：（一）在我省行政区域内依法登记注册，具有独立法人资格；（二）申报项目在我省行政区域内实施；"
                   "（三）财务管理制度健全，纳税信用等级为B级及以上；（四）近三年内未发生重大安全生产事故。\n\n"
                   "三问：什么是“链主”企业？\n答：《若干措施》所称“链主”企业，是指在新型储能产业链中具有核心主导地位、年营业收入30亿元以上的企业。\n"),
    })
    conditions = a.answer("想申请某省新型储能若干措施的资金，企业得满足哪些条件？")
    assert conditions.shape == "list" and len(conditions.parts) == 4
    assert conditions.parts[0].label == "在我省行政区域内依法登记注册，具有独立法人资格"  # a short condition is said whole
    chain = a.answer("某省储能政策里，什么样的企业才算“链主”企业？")
    assert chain.shape == "definition" and "核心主导地位" in chain.citations[0].quote
    # a city's revenue is not the three cities' share of the province
    assert a.answer("乙市2025年新型储能产业营收是多少？").refused


def test_the_rows_of_a_list_table_picked_by_a_category_column(tmp_path):
    rows = [("1", "白石市宏晟储能科技有限公司", "白石市", "新型储能"), ("2", "青禾市百禾食品有限公司", "青禾市", "食品"),
            ("3", "白石市山泉酒业有限公司", "白石市", "食品"), ("4", "云岭市锂源新材料有限公司", "云岭市", "新型储能"),
            ("5", "青禾市金穗粮油有限公司", "青禾市", "食品")]
    table = "序号\t企业名称\t所在设区市\t所属领域\n" + "\n".join("\t".join(r) for r in rows)
    a = assistant_over(tmp_path, {"notice.txt": (
        "某省工业和信息化厅关于2026年度省级智能工厂拟认定名单的公示\n\n某工信函〔2026〕58号\n\n现将拟认定名单公示如下。\n\n"
        f"附件\n\n2026年度省级智能工厂拟认定名单\n\n{table}\n")})
    answer = a.answer("某省智能工厂拟认定名单里，食品领域的是哪几家企业？")
    assert answer.shape == "list" and [p.label for p in answer.parts] == ["青禾市百禾食品有限公司", "白石市山泉酒业有限公司", "青禾市金穗粮油有限公司"]
    assert "所属领域：食品" in answer.text
    answer = a.answer("名单中白石市有哪些企业？")
    assert [p.label for p in answer.parts] == ["白石市宏晟储能科技有限公司", "白石市山泉酒业有限公司"]


def test_the_figures_a_named_task_sets_and_the_departments_that_carry_it_out(tmp_path):
    a = assistant_over(tmp_path, {"opinion.txt": (
        "某省关于深入推进传统制造业改造提升的实施意见\n\n一、主要目标\n\n到2022年，全省规上工业增加值达到3万亿元。\n\n二、重点任务\n\n"
        "（一）加快数字化发展\n\n1.深入开展数字化技术改造。加快推进新一代信息技术和制造业深度融合，充分运用工业互联网、人工智能等前沿技术。"
        "到2022年，实施智能化技术改造项目5000个，建设示范智能工厂100个，制造业机器人密度达到200台/万人。"
        "（责任单位：省经信厅、省发展改革委、省科技厅）\n\n"
        "2.开展国家标准化综合改革试点，实施“三强一制造”工程。到2020年，建设国家技术标准创新基地2家以上，制修订国际标准15项以上。\n")})
    answer = a.answer("某省改造提升意见里，深入开展数字化技术改造到2022年定了哪些数？")
    assert answer.shape == "goals"
    assert all(f in answer.text for f in ("5000个", "100个", "200台/万人"))
    assert not any("前沿技术" in p.label or "深入开展" in p.label for p in answer.parts)  # figures only
    standard = a.answer("某省意见里，标准化那条（“三强一制造”）到2020年定了哪些量化目标？")
    assert standard.shape == "goals" and "国际标准15项以上" in standard.text
    duty = a.answer("某省意见里，“深入开展数字化技术改造”这条由哪些省级部门负责？")
    assert [p.label for p in duty.parts] == ["省经信厅", "省发展改革委", "省科技厅"]


def test_a_county_report_answers_for_the_county_by_its_full_name(tmp_path):
    a = assistant_over(tmp_path, {"report.txt": (
        "政府工作报告\n——2026年1月9日在萦山县第十八届人民代表大会第六次会议上\n萦山县人民政府县长　范启明\n\n"
        "一、2025年工作回顾\n\n全县地区生产总值完成386.5亿元，增长6.2%；规模以上工业增加值增长8.7%。\n\n"
        "二、2026年工作安排\n\n今年全县经济社会发展主要预期目标是：地区生产总值增长6%左右，规模以上工业增加值增长8%以上。\n")})
    answer = a.answer("萦山县2025年地区生产总值是多少？")
    assert not answer.refused and "386.5亿元" in answer.text  # 萦山 is 萦山县: its 全县 is the county
    assert "2026年1月9日" in a.answer("萦山县这份政府工作报告是哪天在县人代会上作的？").text


def test_a_follow_on_with_ne_asks_one_more_part(tmp_path):
    from rag.query import analyse
    from rag.shapes import split_parts

    parts = split_parts(analyse("某市若干措施对获评国家卓越级、领航级智能工厂的企业各奖多少？先进级的呢？"))
    assert [p.label for p in parts] == ["卓越级智能工厂的企业", "领航级智能工厂的企业", "先进级"]
    assert parts[2].question == "某市若干措施对获评国家先进级智能工厂的企业奖多少？"
    parts = split_parts(analyse("某省规划里，绿色低碳工厂和绿色低碳园区各要建多少？绿色矿山呢？"))
    assert parts[2].question == "某省规划里，绿色矿山要建多少？"


def test_a_whole_area_asked_is_not_answered_by_a_part_of_it(tmp_path):
    a = assistant_over(tmp_path, {"bulletin.txt": (
        "白石市2025年国民经济和社会发展统计公报\n\n白石市统计局\n\n三、工业\n\n规模以上工业增加值比上年增长7.3%。"
        "分区域看，市区规模以上工业增加值增长7.9%，其中临溪区增长9.1%；白石高新区规模以上工业增加值增长11.4%。\n")})
    assert "7.3%" in a.answer("白石2025年规上工业增加值全市增长多少？").text  # not 白石高新区's 11.4%


def test_what_a_change_came_to_and_how_long_it_takes(tmp_path):
    a = assistant_over(tmp_path, {"report.txt": (
        "某省经信厅2020年工作总结\n\n一、2020年工作成效\n\n二是推进5G基站建设“一件事”改革。会同相关部门，推进5G基站建设“一件事”集成改革，"
        "审批环节由原来的6个减少为4个，常规审批时间由平均30天压缩为8个工作日。三是深化亩均改革。"
        "原则上每半年面向社会发布一次需求榜单。\n")})
    now = a.answer("5G基站“一件事”改革后，常规审批现在要多长时间？")
    assert not now.refused and "8个工作日" in now.text  # not 30天, where it started, nor 6个 审批环节
    assert "30天" in a.answer("5G基站“一件事”改革前，常规审批原来要多少天？").text
    assert "8 working days" in a.answer("After the 5G base station 'one-thing' reform, how long does routine approval take?").text
    assert "每半年" in a.answer("需求榜单多久发一次？").text


def test_a_question_that_names_a_document_is_answered_from_it_or_refused(tmp_path):
    a = assistant_over(tmp_path, {
        "gwr.txt": "政府工作报告\n\n一、2025年主要目标\n\n今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上。\n",
        "city.txt": "某市人工智能终端产业行动计划\n\n一、发展目标\n\n到2026年，全市人工智能终端产业规模达8000亿元以上。\n"})
    refused = a.answer("2025年政府工作报告给人工智能终端产业规模定了多少目标？")
    assert refused.refused and "8000亿元" not in refused.text.split("\n")[0]
    assert "8000亿元" in a.answer("某市人工智能终端产业行动计划给终端产业规模定了多少目标？").text


def test_goals_of_a_named_task_and_targets_without_figures(tmp_path):
    a = assistant_over(tmp_path, {"opinions.txt": (
        "某省关于深入推进传统制造业改造提升的实施意见\n\n一、总体要求\n\n（二）主要目标\n\n到2022年，传统制造业改造提升工作保持全国前列。\n\n"
        "二、重点任务\n\n1.加快开发智能化新产品。支持企业联合开发数字化融合新产品。\n\n"
        "2.深入开展数字化技术改造。加快推进新一代信息技术和制造业深度融合，构建智能化制造新模式。到2022年，实现规上工业企业数字化转型全覆盖，"
        "实施智能化技术改造项目5000个，建设示范智能工厂100个。\n\n"
        "3.总体布局。到2027年，在先进制造业领域，建成国家人工智能应用中试基地，建设工业智能体创新中心，组建工业知识联盟，开放百个应用场景，"
        "打造百个垂直行业模型。\n")})
    goals = a.answer("数字化技改这块，到2022年要达成哪些目标？")
    labels = [p.label for p in goals.parts]
    assert labels[0].startswith("到2022年，实现规上工业企业数字化转型全覆盖"), labels  # not the heading, not the how
    assert any("5000个" in x for x in labels) and not any("深度融合" in x for x in labels)
    from rag.compose.items import target_segments
    text = "到2027年，在先进制造业领域，建成国家人工智能应用中试基地，建设工业智能体创新中心，组建工业知识联盟，开放百个应用场景，打造百个垂直行业模型。"
    pieces = [x for x, _, _ in target_segments(text.rstrip("。"), text, 0, len(text))]
    assert pieces[0] == "到2027年，在先进制造业领域，建成国家人工智能应用中试基地" and "组建工业知识联盟" in pieces


def test_a_year_asked_of_each_document_and_a_topic_before_the_colon(tmp_path):
    from rag.query import analyse
    from rag.shapes import split_parts

    a = assistant_over(tmp_path, {
        "a.txt": "某市人工智能终端产业行动计划\n\n一、发展目标\n\n到2026年，全市人工智能终端产业规模达8000亿元以上。\n",
        "b.txt": "某市“人工智能+”先进制造业行动计划\n\n一、总体要求\n\n到2027年，在先进制造业领域，开放百个应用场景，形成发展格局。\n\n二、打造重点支撑平台\n\n建设中试基地。\n"})
    both = a.answer("某市人工智能终端产业行动计划和某市“人工智能+”先进制造业行动计划的目标年份分别是哪一年？")
    assert [p.value for p in both.parts] == ["2026年", "2027年"]  # the year asked, not the figure beside it
    parts = split_parts(analyse("GDP增速：2024年实际是多少，2025年目标又定的多少？"))
    assert parts[1].question.startswith("GDP增速：")  # a topic in Latin letters is still a Chinese question's topic


def test_a_definition_by_its_own_sentence_and_the_ways_staff_ask_for_one(tmp_path):
    a = assistant_over(tmp_path, {"measures.txt": (
        "某省制造业专项资金管理办法\n\n第一章 总则\n\n第一条 为规范省级制造业专项资金（以下简称专项资金）管理，制定本办法。\n\n"
        "第二条 本办法所称专项资金，是指由省级财政预算安排，用于支持制造业技术改造的资金。\n\n"
        "第三条 本办法所称首台（套）重大技术装备，是指国内实现重大技术突破但尚未取得市场业绩的装备产品。\n\n"
        "第四条 本办法所称规上工业企业，是指年主营业务收入2000万元及以上的工业法人企业。\n")})
    assert "由省级财政预算安排" in a.answer("这个办法里说的“专项资金”到底指啥？").text  # not the 以下简称 line
    assert "尚未取得市场业绩" in a.answer("省专项资金办法里首台套是怎么界定的？").text
    term = a.answer("办法里的“规上工业企业”按什么口径算？")
    assert term.shape == "definition" and "2000万元及以上" in term.text


def test_an_indicator_table_is_not_the_goals_asked_and_its_caption_heads_only_the_table(tmp_path):
    a = assistant_over(tmp_path, {"plan.txt": (
        "某市低空经济与智能装备产业高质量发展行动方案\n\n一、总体要求\n\n（一）发展目标\n\n"
        "到2028年，全市低空经济与智能装备产业规模突破1200亿元，规上企业数量达到450家，建成通用机场3个。\n\n"
        "近期目标是：到2026年底，全市产业规模突破900亿元，建成低空起降点80个。\n\n"
        "表1　某市低空经济与智能装备产业发展主要指标\n\n序号 | 指标 | 2025年 | 2028年 | 属性\n1 | 产业规模（亿元） | 786 | 1200 | 预期性\n"
        "2 | 规上企业数量（家） | 312 | 450 | 预期性\n\n启动实施阶段（2026年）：制定配套政策。\n\n"
        "二、重点产业\n\n（一）智能装备\n\n1．工业机器人。到2028年产值达到200亿元。\n\n2．智能检测装备。发展在线检测设备。\n")})
    goals = a.answer("某市低空和智能装备到2028年的总目标是什么？")
    assert any("1200亿元" in p.label for p in goals.parts) and not any("工业机器人" in p.label for p in goals.parts)
    assert "目标" in goals.citations[0].clause  # the goals paragraph, not the table 表1 nor （一）智能装备
    assert a.answer("What are the city's near-term targets for the end of 2026?").shape == "goals"
    from rag.compose.structure import goal_items
    caption = next(c for c in a.clauses(next(iter(d.doc_id for d in a.documents()))) if c.text.startswith("表1"))
    reader = a._ensure_search()[2]
    assert all(c.kind == "table_row" for _, c, _, _ in goal_items(reader, caption))  # not 启动实施阶段 after it


def test_districts_the_documents_list_are_parts_and_a_target_tables_caption_gives_the_year(tmp_path):
    a = assistant_over(tmp_path, {"plan.txt": (
        "某市低空经济行动方案\n\n一、发展目标\n\n到2028年，全市产业规模突破1200亿元。推动望岭通用机场、云峰通用机场建设，到2028年全市通用机场达到3个。\n\n"
        "表1　全市主要指标\n\n序号 | 指标 | 2025年 | 2028年 | 属性\n1 | 产业规模（亿元） | 786 | 1200 | 预期性\n\n"
        "表2　澄湾区、望岭区2028年主要目标\n\n指标 | 全市 | 澄湾区 | 望岭区\n产业规模（亿元） | 1200 | 520 | 310\n低空航线（条） | 100 | 18 | 36\n")})
    both = a.answer("澄湾和望岭2028年产业规模目标各是多少？")  # asked without the 区 the documents write
    assert [(p.label, p.value) for p in both.parts] == [("澄湾", "520亿元"), ("望岭", "310亿元")]
    assert both.citations[0].clause.startswith("表2")  # the caption (with its 、) heads the table
    whole = a.answer("到2028年通用机场，全市和澄湾区各要建成几个？")
    assert [(p.label, p.refused) for p in whole.parts] == [("全市", False), ("澄湾区", True)]
    assert "3个" in whole.parts[0].value


def test_a_bare_place_name_is_a_place_only_where_the_documents_list_it_as_one():
    from rag.scope import local_places

    corpus = "推进开发区整合提升。表2　澄湾区、望岭区2028年主要目标。全市 | 澄湾区 | 望岭区。各省、自治区、直辖市"
    assert local_places("澄湾和望岭2028年产业规模目标各是多少？", corpus) == ["澄湾区", "望岭区"]
    assert local_places("浙江推进5G基站建设改革后审批要多久？", corpus) == []  # 推进开发区 is no place
    assert local_places("各自治区的目标是多少？", corpus) == []


def test_english_counts_durations_and_a_year_versus_a_target(tmp_path):
    from rag.query import analyse
    from rag.shapes import classify, split_parts

    a = assistant_over(tmp_path, {"policy.txt": (
        "某区支持人工智能产业发展的若干政策\n\n一、加大金融支持\n\n对企业获得银行贷款的，按照贷款市场报价利率的50%给予贴息，单个企业每年最高100万元，贴息期限不超过2年。\n\n"
        "二、发展目标\n\n到2027年，全区低空经济产业规模突破300亿元，开通低空航线60条以上。2025年已开通低空航线28条。\n")})
    years = a.answer("Under the district policy, for how many years at most can a company get the loan interest subsidy?")
    assert not years.refused and "2 years" in years.text
    jobs = a.answer("How many new jobs does the district expect its low-altitude economy to create by 2027?")
    assert jobs.refused  # not 突破300亿元: a count is not an amount
    parts = split_parts(analyse("Low-altitude routes: how many in 2025 versus the 2028 target?"))
    assert [p.label for p in parts] == ["2025", "2028"]  # not "the"
    assert classify(analyse("What support methods does the special fund use?")) == "list"


def test_the_targets_set_for_a_topic_wherever_the_document_sets_them(tmp_path):
    a = assistant_over(tmp_path, {"opinions.txt": (
        "某省人民政府办公厅关于推动未来产业发展的实施意见\n\n一、总体要求\n\n（二）主要目标\n\n"
        "到2027年，全省未来产业规模突破2500亿元，培育未来产业领军企业30家以上，建设省级未来产业先导区12个，形成人形机器人、量子科技等3—5条标志性产业链。\n\n"
        "二、重点任务\n\n（一）前瞻布局未来产业方向\n\n1. 未来制造。以人形机器人为牵引，突破伺服电机、精密减速器等关键技术。到2027年，全省人形机器人整机年产能达到1万台以上，核心零部件省内配套率达到50%以上。\n\n"
        "2. 未来信息。到2027年量子保密通信骨干网总里程超过2000公里。\n\n"
        "三、重点工程\n\n1. 人形机器人“整机+部件”攻坚工程。组织整机企业联合攻关，到2027年推出通用人形机器人整机产品5款以上，建设人形机器人训练场3个。\n\n"
        "四、2026年工作安排\n\n（一）聚力打造先进制造业强县。做强锂电池隔膜、特种玻纤、高性能膜材料三大细分领域，力争开发区规上工业总产值突破540亿元，新材料产业产值达到200亿元。\n")})
    robots = a.answer("某省那份文件里，人形机器人到2027年有哪些量化指标？")
    labels = " ".join(p.label for p in robots.parts)
    for target in ("1万台以上", "50%以上", "5款以上", "训练场3个"):
        assert target in labels, labels
    assert "2500亿元" not in labels and "2000公里" not in labels  # the goals clause names the topic only in a list
    figures = a.answer("打造先进制造业强县，2026年定了哪些具体数字目标？")
    assert [p.label for p in figures.parts][:2] == ["力争开发区规上工业总产值突破540亿元", "新材料产业产值达到200亿元"]  # not 三大细分领域
    # the whole goals clause still answers a question with no topic of its own
    assert "2500亿元" in " ".join(p.label for p in a.answer("某省未来产业到2027年的主要目标是什么？").parts)


def test_a_provincial_report_with_city_tables_and_the_ways_staff_ask_of_it(tmp_path):
    from rag.query import analyse
    from rag.shapes import classify

    a = assistant_over(tmp_path, {"report.txt": (
        "某州省工业和信息化厅关于2025年全省工业经济运行情况的通报\n\n一、总体情况\n\n"
        "（一）工业生产稳中有升。1—12月，全省规模以上工业增加值同比增长6.8%。12月当月，全省规上工业增加值同比增长7.4%。\n\n"
        "表1　2025年全省分月增速\n\n月份 | 当月增速（%） | 累计增速（%）\n11月 | 7.3 | 6.7\n12月 | 7.4 | 6.8\n\n"
        "总的看，全省工业经济稳中向好。\n\n二、各设区市运行情况\n\n禾阳市、雁桥市、岚城市规上工业增加值增速位居全省前三位。\n\n"
        "表3　2025年各设区市主要工业指标完成情况\n\n设区市 | 规上工业增加值增速（%） | 工业投资增速（%） | 位次\n"
        "岚城市 | 8.1 | 10.6 | 3\n禾阳市 | 9.2 | 15.8 | 1\n雁桥市 | 8.6 | 10.1 | 2\n\n"
        "西部山区城市工业增速明显低于全省平均水平，苍泺市工业投资增速低于全省5个百分点以上。\n")})
    after = next(c for c in a.clauses(a.documents()[0].doc_id) if c.text.startswith("总的看"))
    assert after.path[0] == "一、总体情况"  # the section a table stood in goes on after it
    assert "10.6" in a.answer("岚城市2025年工业投资增速是多少？").text  # 岚城 is a place where the documents list it
    assert "7.4%" in a.answer("光看12月单月，规上工业增速是多少？").text
    both = a.answer("2025年某州全省规上工业增速和禾阳市的比一比，各是多少？")
    assert [p.label for p in both.parts] == ["某州", "禾阳市"] and "9.2" in both.parts[1].value
    pair = a.answer("禾阳和雁桥2025年工业投资增速差多少？分别报一下")  # bare names the documents list as places
    assert [(p.label, p.value) for p in pair.parts] == [("禾阳", "15.8%"), ("雁桥", "10.1%")], pair.text
    assert analyse("岚州去年全年规上工业增加值涨了多少？").text.endswith("增长了多少？")
    assert "1—12月" in analyse("岚州全年规上工业增加值增长了多少？").search_text


def test_goals_and_validity_asked_in_other_words():
    from rag.query import analyse
    from rag.shapes import classify, split_parts

    assert classify(analyse("那个梯度培育指南2030年的目标都有啥？")) == "goals"
    assert classify(analyse("枫泽跨境电商措施定了哪些到2028年的目标？")) == "goals"
    assert analyse("那个若干措施管到哪年哪天为止？").kind == "date"
    parts = split_parts(analyse("浙江和安徽2020年规上工业增加值增速差多少？分别报一下"))
    assert [p.label for p in parts] == ["浙江", "安徽"]  # 分别报一下 asks, it is no second question


def test_a_name_is_a_place_only_where_the_documents_write_it_as_one():
    from rag.scope import local_places

    corpus = "工业强县（市、区）前10位合计完成规上工业增加值。东陵省河阳市2025年统计公报。"
    assert local_places("萦山县打造先进制造业强县，定了哪些目标？", corpus) == []  # 业强县 ends 工业强县
    assert local_places("东陵省2025年全省GDP是多少？", corpus) == ["东陵省"]


def test_an_english_question_that_writes_the_documents_word_is_answered_only_where_it_stands(tmp_path):
    a = assistant_over(tmp_path, {"measures.txt": (
        "某市进一步加快建设人工智能城市的若干措施\n\n五、加速创新应用\n\n"
        "统筹省、市政策，对2025年以来获评国家卓越级智能工厂的企业，给予最高200万元奖励，对2025年以来获评国家领航级智能工厂的企业，给予最高500万元奖励。\n")})
    assert a.answer("What award does the city give to companies rated as national advanced-level (先进级) smart factories?").refused
    answered = a.answer("What award does the city give to companies rated as national excellence-level (卓越级) smart factories?")
    assert not answered.refused and "200" in answered.text


def test_figures_of_other_months_of_another_place_and_of_who_qualifies_are_refused(tmp_path):
    a = assistant_over(tmp_path, {
        "report.txt": (
            "某州省工业和信息化厅关于2025年全省工业经济运行情况的通报\n\n一、总体情况\n\n"
            "（一）工业生产稳中有升。1—12月，全省规模以上工业增加值同比增长6.8%。12月当月，全省规上工业增加值同比增长7.4%。\n\n"
            "二、各设区市运行情况\n\n禾阳市、雁桥市、岚城市规上工业增加值增速位居全省前三位。"
            "分地区看，岚城市作为省会城市，全年规上工业增加值突破3000亿元；禾阳市依托新型储能产业集群快速扩张；枫泽市增速平稳。\n\n"
            "表3　2025年各设区市主要工业指标完成情况\n\n设区市 | 规上工业增加值增速（%） | 位次\n禾阳市 | 9.2 | 1\n枫泽市 | 7.3 | 5\n"),
        "measures.txt": (
            "枫泽市加快跨境电子商务高质量发展若干措施\n\n第十一条 对跨境电商企业引进年薪50万元以上的高级运营人才，按照其个人年度综合所得对市级财政贡献的50%给予奖励。\n")})
    assert a.answer("禾阳市12月当月规上工业增速多少？").refused  # 9.2 is the year's
    assert "7.4%" in a.answer("光看12月单月，全省规上工业增速是多少？").text
    assert a.answer("枫泽市2025年规上工业增加值总量是多少亿元？").refused  # 3000亿元 is 岚城市's part of the sentence
    assert a.answer("枫泽引进跨境电商高级运营人才，给多少安家补贴？").refused  # 50万元 says who qualifies
    assert "50%" in a.answer("枫泽引进跨境电商高级运营人才，按多少比例给予奖励？").text


def test_when_to_apply_and_which_phase_of_a_fund(tmp_path):
    from rag.query import analyse

    a = assistant_over(tmp_path, {"measures.txt": (
        "某市加快跨境电子商务高质量发展若干措施\n\n第十八条 申报材料。企业提交奖补资金申请表。\n\n"
        "第十九条 申报程序。本措施奖补资金原则上每年集中申报一次，申报时间为每年3月1日至4月30日，申报上一年度项目。\n\n"
        "第二十条 保障措施。设立总规模50亿元的跨境电商产业基金，首期规模10亿元。\n")})
    assert "3月1日至4月30日" in a.answer("跨境电商奖补一年什么时候报？").text
    assert analyse("跨境电商奖补一年什么时候报？").kind == "text"  # a window, not a target's deadline
    assert "10亿元" in a.answer("跨境电商产业基金首期规模多大？").text
    assert a.answer("跨境电商产业基金二期规模多大？").refused  # the documents name no 二期


def test_a_bound_and_a_grant_verb_are_not_what_is_measured():
    from rag.compose.policy import asked_head
    from rag.query import analyse

    assert asked_head(analyse("对获评国家卓越级智能工厂的企业最高奖多少？")) == "企业"  # 最高奖: at most, awarded
    assert asked_head(analyse("对每款爆款终端产品奖励多少钱？")) == "奖励"  # 奖励, a noun, stays what is asked


QA_DOC = (
    "某省工业和信息化厅\n\n《某省支持制造业设备更新若干措施》政策问答\n\n"
    "为帮助企业准确理解政策，现就有关内容解读如下。\n\n"
    "二十、问：2026年度什么时候申报？\n\n"
    "答：2026年度项目集中申报时间为2026年4月10日至5月20日，企业通过平台在线填报。\n\n"
    "二十二、问：以后年度怎么申报？\n\n答：2027年度、2028年度申报时间另行通知。\n\n"
    "二十一、问：申报时需要准备哪些材料？\n\n"
    "答：申报设备更新补助的企业，需提交以下材料：（一）项目资金申请报告；（二）企业营业执照复印件；（三）项目备案（核准）文件；"
    "（四）企业信用承诺书。\n\n"
    "申报数字化转型补助的中小企业，需提交服务合同、付款凭证等材料。\n\n"
    "某省工业和信息化厅\n2026年3月20日\n")


def test_a_policy_qa_is_read_by_its_questions_and_its_answers(tmp_path):
    a = assistant_over(tmp_path, {"qa.txt": QA_DOC})
    clauses = a.clauses(a.documents()[0].doc_id)
    assert any(c.path[-1] == "二十一、问：申报时需要准备哪些材料" for c in clauses)  # the heading is its question
    materials = a.answer("报设备更新补助要准备哪些材料？")
    assert [p.label for p in materials.parts] == ["项目资金申请报告", "企业营业执照复印件", "项目备案（核准）文件", "企业信用承诺书"]
    assert "5月20日" in a.answer("2026年度集中申报哪天截止？").text  # the end of the window
    later = a.answer("2027年度几月份申报？")  # the document leaves it to a later notice
    assert later.refused and "另行通知" in later.text


def test_a_heading_that_names_its_parts_lists_them(tmp_path):
    a = assistant_over(tmp_path, {"park.txt": (
        "某县新能源材料产业园发展规划（2026—2030年）\n\n第三章 空间布局\n\n"
        "按照“集约高效、分区布局、产城融合、安全隔离”的原则，构建“一核两翼三片区”的空间发展格局。\n\n"
        "第二节 两翼：临港物流翼和资源保障翼\n"
        "临港物流翼（东翼）。依托青江航道，建设危险化学品专用码头。\n\n资源保障翼（西翼）。依托矿产资源，发展基础原料加工。\n\n"
        "第三节 三片区：龙潭片区、白沙片区、石门片区\n"
        "龙潭片区。位于龙潭镇，是园区产业发展主阵地。\n\n白沙片区。位于白沙镇，为园区化工集中区。\n\n石门片区。位于石门乡。\n")})
    doc = a.documents()[0]
    assert not any(c.path == ["落款"] for c in a.clauses(doc.doc_id))  # 第三章 空间布局 ends in 局 and is no issuer
    three = a.answer("园区“一核两翼三片区”，三片区具体是哪三个？")  # not the four principles of the sentence
    assert [p.label for p in three.parts] == ["龙潭片区", "白沙片区", "石门片区"], three.text
    two = a.answer("园区两翼是哪两翼？")
    assert [p.label for p in two.parts] == ["临港物流翼", "资源保障翼"], two.text


def test_a_definition_is_what_a_term_means_not_a_value_it_takes(tmp_path):
    a = assistant_over(tmp_path, {"qa.txt": (
        "《某省支持制造业设备更新若干措施》政策问答\n\n五、问：对设备更新项目，具体怎么补？\n\n"
        "答：举例来说，某企业设备购置额为8000万元，可获得补助800万元。\n\n"
        "六、问：设备购置额怎么计算？\n\n答：本政策所称设备购置额，是指实际发生并已支付的生产设备购置费用，不包括设备运输安装等费用。\n\n"
        "十、问：智能工厂、数字化车间怎么奖励？\n\n"
        "答：对新认定的省级智能工厂，给予一次性奖励，最高500万元；\n对新认定的省级数字化车间，给予一次性奖励，最高200万元。\n\n"
        "十一、问：智能工厂和数字化车间指什么？\n\n"
        "答：本政策所称智能工厂，是指实现全流程数字化、网络化、智能化的工厂。本政策所称数字化车间，是指以生产车间为单元实现设备联网的车间。\n")})
    assert "实际发生并已支付" in a.answer("政策里说的“设备购置额”到底指啥？").text  # not 设备购置额为8000万元
    en = a.answer("What does the policy mean by a 数字化车间 (digital workshop)?")  # the one Chinese term it writes
    assert "以生产车间为单元" in en.text, en.text
    assert a.answer("省里新认定的数字化车间，奖励最多能拿多少？").value == "200万元"  # 省里 asks for 省级


def test_the_labelled_fields_of_a_task_division_plan(tmp_path):
    a = assistant_over(tmp_path, {"division.txt": (
        "某市新型储能产业发展行动计划重点任务分工方案\n\n四、重点任务分工\n\n（一）做强储能电池制造环节\n\n"
        "3.建设关键材料配套基地。依托新能源材料产业园，重点布局磷酸铁锂正极材料等关键材料项目。\n"
        "牵头单位：某县人民政府\n责任单位：市工业和信息化局、市发展改革委\n完成时限：2027年12月底前\n\n"
        "5.布局退役电池回收利用。支持建设退役动力电池回收利用基地。\n"
        "牵头单位：市工业和信息化局\n责任单位：市生态环境局、市商务局，某县人民政府\n完成时限：2027年6月底前\n")})
    lead = a.answer("建设关键材料配套基地的牵头单位是谁？")  # one field a line, not run together
    assert "某县人民政府" in lead.text and "责任单位" not in lead.text, lead.text
    units = a.answer("布局退役电池回收利用这项任务的责任单位有哪些？")
    assert [p.label for p in units.parts] == ["市生态环境局", "市商务局", "某县人民政府"], units.text


def test_a_count_is_answered_only_by_a_figure_that_counts_the_thing_asked(tmp_path):
    from rag.compose.policy import asked_head
    from rag.query import analyse

    assert asked_head(analyse("2021年计划新培育多少个省级智能工厂？")) == "智能工厂"  # a policy word is a noun
    # the body that set the figure is not what it measures: the topic before the comma is
    assert asked_head(analyse("2021年工业机器人推广应用目标，安徽经信厅定了多少台？")) not in ("信厅", "经信厅", None)
    assert asked_head(analyse("到2025年广东的算力/智算规模目标是多少EFLOPS？")) is None  # words to choose from
    a = assistant_over(tmp_path, {"report.txt": (
        "安徽省2021年工作思路\n\n（四）智能引领促融合\n\n"
        "深入实施智能制造工程，全年推广应用工业机器人8000台以上，培育一批省级智能工厂、数字化车间。\n")})
    assert a.answer("安徽2021年计划新培育多少个省级智能工厂？").refused  # 8000台 are robots
    assert "8000台" in a.answer("安徽2021年计划推广应用多少台工业机器人？").text


def test_a_figure_whose_phrase_opens_with_another_city_is_not_the_regions(tmp_path):
    a = assistant_over(tmp_path, {"report.txt": (
        "以产业发展助推义甬舟开放大通道建设\n\n浙江省经济和信息化厅\n\n一是强化重点项目带动，2018年舟山市工业投资同比增长38.1%，位列全省第一。"
        "目前义甬舟大通道区域已创建宁波石墨烯、磁性材料应用技术等3家省级制造业创新中心。\n")})
    assert a.answer("义甬舟大通道区域2018年工业投资整体增长了多少？").refused  # 38.1% is 舟山市's
    assert "38.1%" in a.answer("2018年舟山市工业投资增长了多少？").text
    assert "3家" in a.answer("义甬舟大通道区域已创建多少家省级制造业创新中心？").text  # 宁波石墨烯 is a name


def test_a_section_named_by_the_opening_of_its_heading_lists_its_items(tmp_path):
    a = assistant_over(tmp_path, {"opinions.txt": (
        "某省关于深入推进传统制造业改造提升2.0版的实施意见\n\n二、重点任务\n\n（一）推进数字化改造。加快建设智能工厂。\n\n"
        "三、保障措施\n\n（一）加强组织领导。领导小组办公室抓好协调服务。\n\n（二）强化人才支撑。实施企业家培育工程。\n\n"
        "（三）深化改革创新。引导资源要素向优势企业集中。\n")})
    got = a.answer("2.0版意见，最后保障这块一共列了哪几条？")
    assert [p.label for p in got.parts] == ["加强组织领导", "强化人才支撑", "深化改革创新"], got.text


def test_kinds_asked_are_listed_by_the_heading_that_lists_kinds(tmp_path):
    a = assistant_over(tmp_path, {"plan.txt": (
        "某市加快推动人工智能终端产业发展行动计划\n\n二、重点品类\n\n（一）人工智能手机。推出各类创新形态的手机产品。\n\n"
        "（二）人工智能计算机。发展人工智能个人电脑。\n\n（三）全屋智能产品。发展智能电视、智能音响、智能门锁、扫地机器人等全屋智能产品。\n")})
    got = a.answer("那个人工智能终端行动计划，重点抓哪几类产品？")
    assert [p.label for p in got.parts] == ["人工智能手机", "人工智能计算机", "全屋智能产品"], got.text


def test_the_rows_of_an_indicator_table_with_the_attribute_asked(tmp_path):
    a = assistant_over(tmp_path, {"plan.txt": (
        "某县新能源材料产业园发展规划（2026—2030年）\n\n第四节 发展目标\n\n表1　主要发展指标\n\n"
        "类别\t序号\t指标\t单位\t2025年\t2030年\t属性\n经济规模\t1\t规模以上工业总产值\t亿元\t128.6\t500\t预期性\n"
        "\t2\t新能源材料产业产值\t亿元\t90\t380\t预期性\n绿色安全\t3\t单位工业增加值能耗下降率\t%\t—\t〔15〕\t约束性\n"
        "\t4\t工业固体废物综合利用率\t%\t86\t95\t约束性\n\t5\t园区绿电使用比例\t%\t18\t40\t预期性\n")})
    got = a.answer("园区指标表里哪几项是约束性的？")  # the value named is evidence enough
    assert [p.label for p in got.parts] == ["单位工业增加值能耗下降率", "工业固体废物综合利用率"], got.text


def test_a_zone_named_in_a_goals_question_is_where_not_what_the_goals_are_about(tmp_path):
    a = assistant_over(tmp_path, {"plan.txt": (
        "青原县新能源材料产业园发展规划（2026—2030年）\n\n第二章 总体要求\n\n第四节 发展目标\n\n"
        "到2030年，园区规模以上工业总产值突破500亿元，高新技术企业达到60家。\n\n"
        "第五章 重点任务\n\n专栏3 基础设施项目\n\n1.青原园区污水处理厂二期扩建工程：总投资2.4亿元，新增处理规模2万吨/日。\n\n"
        "2.青原园区智能微电网示范项目：总投资3.2亿元。\n")})
    got = a.answer("青原园区到2030年的发展目标有哪些？")
    assert "500亿元" in got.text and "总投资" not in got.text, got.text
    from rag.compose import Composer
    from rag.compose.list_sources import Ask, topic_words
    from rag.query import analyse

    _, _, reader = a._ensure_search()
    q = Composer(reader).localize(analyse("青原园区到2030年的发展目标有哪些？"))
    ask = Ask(q, reader.question_terms(q), "", "", True, {}, q.text, q.text)
    assert not any("青原" in w for w in topic_words(reader, ask, a.documents()[0]))  # the zone asked is where


def test_a_list_notices_count_and_validity_asked_colloquially(tmp_path):
    a = assistant_over(tmp_path, {"notice.txt": (
        "某省工业和信息化厅关于公布2026年度专精特新中小企业名单的通知\n\n一、认定结果\n\n"
        "2026年度全省共认定省级专精特新中小企业1268家，其中新认定企业832家。\n\n三、有效期\n\n"
        "本批次名单有效期自2026年5月1日起至2029年4月30日止。\n\n某省工业和信息化厅\n2026年4月28日\n")})
    assert a.answer("省里2026年这批专精特新一共认定了多少家？").value == "1268家"  # 省里, 这批, 一共 are no content
    assert "2029年4月30日" in a.answer("这批省级专精特新的资格到什么时候过期？").text  # the end of 自…起至…止


def test_english_names_of_a_task_divisions_fields_and_of_size():
    from rag.lexicon import english_terms

    assert "责任单位" in english_terms("which units are listed as supporting units")
    assert "牵头单位" in english_terms("who is the lead unit for the task")
    assert "规模" in english_terms("how big should the low-altitude economy be")


APPLIANCES = ROOT / "evals" / "dev_corpus" / "mofcom-2024-home-appliance-trade-in-notice.txt"


def test_a_counted_list_and_a_named_purchase(tmp_path):
    a = assistant_over(tmp_path, {"notice.txt": APPLIANCES.read_text("utf-8")})
    # 哪8类: the enumeration of eight, not a heading with two children; the document's number picks the
    # document and is no content the list must cover
    got = a.answer("家电以旧换新那个通知（商办流通函〔2024〕397号），能享受补贴的是哪8类家电？")
    assert got.shape == "list" and [p.label for p in got.parts][:2] == ["冰箱", "洗衣机"] and len(got.parts) == 8
    assert "15%" in a.answer("Under the home-appliance trade-in notice, what subsidy rate applies when buying a new refrigerator?").text
    # a smartphone is not among the eight: the rate is not its rate
    assert a.answer("Under the home-appliance trade-in notice, what subsidy rate applies when buying a new smartphone?").refused


SODIUM = (
    "中华人民共和国工业和信息化部\n\n公　　告\n\n2026年第9号\n\n为加强钠离子电池行业管理，我部制定了《钠离子电池行业规范条件（2026年本）》，"
    "现予以公告。\n\n工业和信息化部\n2026年3月20日\n\n钠离子电池行业规范条件（2026年本）\n\n第四章 产品性能\n\n"
    "十二、钠离子电池单体和电池组产品应当符合下列要求：\n\n（一）能量型电池：电池单体能量密度≥145Wh/kg，电池组能量密度≥110Wh/kg。\n")


def test_an_announcement_and_a_sibling_kind(tmp_path):
    a = assistant_over(tmp_path, {"notice.txt": SODIUM})
    number = a.answer("钠离子电池规范条件是工信部哪一号公告发布的？")
    assert not number.refused and "2026年第9号" in number.text
    assert "145Wh/kg" in a.answer("钠离子电池单体能量密度要求是多少？").text
    assert a.answer("锂离子电池单体能量密度要求是多少？").refused  # 钠离子 is another kind of 离子电池


CHAINS = (
    "瑞滨市人民政府办公室文件\n\n瑞政办发〔2026〕15号\n\n瑞滨市重点产业链链长制工作方案\n\n三、组织架构\n\n全市重点产业链如下表：\n\n"
    "产业链\t链长\t牵头部门\t2027年目标产值\n新能源汽车及零部件\t市委常委、常务副市长\t市工业和信息化局\t1300亿元\n"
    "高端装备制造\t市委常委、市委秘书长\t市工业和信息化局\t800亿元\n新一代电子信息\t副市长\t市工业和信息化局\t650亿元\n\n"
    "瑞滨市重点产业链链主企业名单（第一批）\n\n产业链\t链主企业\n新能源汽车及零部件\t瑞滨远驰汽车有限公司\n"
    "高端装备制造\t瑞滨重工机械集团有限公司\n新一代电子信息\t瑞芯微电子股份有限公司\n")


def test_a_target_column_and_a_batch_not_published(tmp_path):
    a = assistant_over(tmp_path, {"plan.txt": CHAINS})
    got = a.answer("瑞滨高端装备制造这条链，2027年目标产值是多少？")  # the column says 2027年目标产值
    assert not got.refused and "800亿元" in got.text
    assert a.answer("瑞滨第二批链主企业名单里都有哪些企业？").refused  # only the first batch is listed
    assert not a.answer("瑞滨第一批链主企业名单里都有哪些企业？").refused


def test_a_due_month_a_quoted_series_and_a_task_row(tmp_path):
    a = assistant_over(tmp_path, {
        "plan.txt": ("瑞滨市重点产业链链长制工作方案\n\n五、主要职责\n\n（一）链长职责。链长是所负责产业链发展的第一责任人，主要履行“六个一”职责："
                     "绘制一张产业链图谱，厘清关键环节；制定一份年度行动方案，明确年度目标；建立一个重点项目库，实行清单化管理；"
                     "组建一个精准招商专班，开展招商；联系服务一批链主企业和重点企业；协调解决一批堵点难点问题。\n\n"
                     "（二）链主企业职责。发挥龙头带动作用。\n\n六、工作安排\n\n岱州市、峄阳市已明确各自申报2至3条产业链，相关名单将于2026年6月底前公布。\n"),
        "tasks.txt": ("澄州市新型储能产业重点任务分工方案\n\n序号\t重点任务\t牵头单位\t责任单位\t完成时限\n"
                      "13\t开展“光储充”一体化示范。建设光储充一体化充电站50座。\t市交通运输局\t市发展改革委\t2027年6月底前\n")})
    six = a.answer("瑞滨链长的“六个一”职责具体是哪六个？")
    assert [p.label for p in six.parts][:2] == ["绘制一张产业链图谱", "制定一份年度行动方案"] and len(six.parts) == 6
    when = a.answer("那批产业链名单什么时候公布？")
    assert "2026年6月底" in when.text
    due = a.answer("光储充一体化充电站那50座，分工方案要求啥时候之前搞完？")
    assert "2027年6月底" in due.text and "光储充一体化充电站50座" in due.citations[0].quote  # the row quoted whole


def test_a_total_does_not_answer_for_a_single_enterprise_in_english(tmp_path):
    a = assistant_over(tmp_path, {"plan.txt": (
        "北京市推动“人工智能+”行动计划（2024-2025年）\n\n六、保障措施\n\n（三）资金支持。模型券采用定期兑付方式，"
        "对企业可兑付的模型券金额设置上限，当年全市模型券可兑付总额不超过1亿元。\n")})
    assert "1亿元" in a.answer("当年全市模型券可兑付总额是多少？").text
    assert a.answer("What is the maximum model-voucher amount a single enterprise can redeem?").refused


# Three kinds of document the pipeline first met in session 11, written small: a provincial 条例 published by
# a standing committee's 公告, a bureau's reply to a deputy's suggestion, and a plan's final evaluation.
LAW = """岚屿省人民代表大会常务委员会公告

（第十二号）

《岚屿省工业互联网促进条例》已由岚屿省第九届人民代表大会常务委员会第八次会议于2026年3月2日通过，现予公布，自2026年7月1日起施行。

岚屿省人民代表大会常务委员会

2026年3月2日

岚屿省工业互联网促进条例

第一章　总则

第一条　为了促进工业互联网发展，制定本条例。

第五条　省人民政府设立工业互联网发展专项资金，每年安排不少于6亿元。

第九条　对首次被认定为国家级跨行业跨领域工业互联网平台的，省财政给予一次性奖励300万元。

第六章　法律责任

第三十八条　违反本条例规定的行为，法律、行政法规已规定法律责任的，从其规定。

第三十九条　县级以上人民政府及其有关部门的工作人员在促进工业互联网发展工作
中有下列行为之一的，由有权机关责令改正：

（一）未依法落实扶持政策的；

（二）违规向企业收费或者重复检查的；

（三）截留、挪用专项资金的。

第四十条　本条例自2026年7月1日起施行。
"""

REPLY = """岚城市工业和信息化局

分类标记：B类
岚工信建〔2026〕7号
签发人：陈立

岚城市工业和信息化局关于市八届人大三次会议第56号建议的答复

许文远代表：

您提出的《关于加快工业互联网平台建设的建议》收悉。现答复如下：

一、总体情况

我市已建成岚城机械、纺织服装2个行业级工业互联网平台，服务企业1800余家，平台服务体系已经建立起来。下一步，我们将在2027年底前再建成汽车零部件、绿色食品2个行业级工业互联网平台。

二、下一步工作目标

下一步，我局将以您的建议为重要参考，明确阶段目标，持续推进：到2026年底，全市工业互联网平台连接设备达到6万台（套），新增上云企业2000家；到2027年底，连接设备达到8万台（套）。

联系人：周敏
"""

EVALUATION = """泷溪县“十四五”工业发展规划实施情况评估报告

泷溪县工业和信息化局

一、《规划》主要目标

《规划》提出，到2025年，全县规模以上工业总产值突破400亿元，规模以上工业企业达到220家。工业经济综合实力明显增强，创新能力显著提升。

二、主要指标完成情况

表1　泷溪县“十四五”工业发展规划主要指标完成情况
指标	单位	2020年基期	2025年规划目标	2025年实际	完成情况
规模以上工业总产值	亿元	250.3	400	371.6	未完成
规模以上工业企业数	家	140	220	236	完成
规上工业企业研发经费投入强度	%	1.1	2.0	1.64	未完成
工业技改投资占工业投资比重	%	35.0	45	48.2	完成

三、主要成效

规模以上工业企业由140家增加到236家，净增96家。综合评估得分84.5分，评估等级为“良好”。

四、存在的主要问题

（一）总量目标未能实现。2025年全县规模以上工业总产值371.6亿元，比《规划》目标少28.4亿元。

（二）创新投入不足。2025年规上工业企业研发经费投入强度1.64%，比《规划》目标低0.36个百分点。
"""


ACCOUNTS = """岚屿省工业和信息化厅2025年部门决算

岚屿省工业和信息化厅

2026年8月20日

一、“三公”经费支出决算情况

表3　“三公”经费支出决算
单位：万元
项目	2025年预算数	2025年决算数	完成预算（%）
因公出国（境）费	40.00	26.50	66.25
公务接待费	50.00	35.20	70.40

表4　收支决算总表
项目	2025年决算数	2024年决算数
年末结转和结余	7833.34	6120.50

二、名词解释

一、年末结转和结余：指本年度或以前年度预算安排、因客观条件发生变化无法按原计划实施，需延迟到以后年度按有关规定继续使用的资金。
"""

BULLETIN = """岚屿省工业经济运行月报

岚屿省工业和信息化厅运行监测协调处编　　2026年5月20日

一、运行情况

表1　2026年1—4月重点行业增加值增速
行业	1—4月增速（%）	4月增速（%）
汽车制造业	11.2	9.6
纺织业	3.1	2.4

二、需要关注的问题

一是外部需求不确定性增加。二是传统行业持续低迷。三是企业成本压力仍然较大。

附注

1.规模以上工业统计范围为年主营业务收入2000万元及以上的工业法人单位。
"""


@pytest.fixture(scope="module")
def genre_assistant(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("genre-corpus")
    for name, text in (("lanyu-law.txt", LAW), ("lancheng-reply.txt", REPLY), ("longxi-evaluation.txt", EVALUATION),
                       ("lanyu-accounts.txt", ACCOUNTS), ("lanyu-bulletin.txt", BULLETIN)):
        (corpus / name).write_text(text, encoding="utf-8")
    a = rag.Assistant(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("genre-index"))
    a.build_index()
    return a


def test_a_law_published_by_an_announcement_is_the_law_numbered_by_it(genre_assistant):
    law = next(d for d in genre_assistant.documents() if d.doc_id == "lanyu-law")
    assert law.title == "岚屿省工业互联网促进条例" and law.doc_number == "岚屿省人民代表大会常务委员会公告第十二号"
    a = genre_assistant.answer("公布岚屿工业互联网促进条例的那个公告是第几号？")
    assert "第十二号" in a.value and "第十二号" in a.citations[0].quote


def test_a_letters_header_fields_stand_apart_from_its_number_and_title(genre_assistant):
    reply = next(d for d in genre_assistant.documents() if d.doc_id == "lancheng-reply")
    assert reply.title == "岚城市工业和信息化局关于市八届人大三次会议第56号建议的答复"
    assert reply.doc_number == "岚工信建〔2026〕7号"


def test_whom_a_letter_is_addressed_to(genre_assistant):
    a = genre_assistant.answer("第56号建议的答复是给哪位代表的？")
    assert a.shape == "metadata" and a.value == "许文远代表" and a.citations[0].quote == "许文远代表："


def test_two_elements_counted_as_two_are_a_list(genre_assistant):
    a = genre_assistant.answer("岚城后面还准备再建哪几个行业级工业互联网平台？")
    assert [p.label for p in a.parts] == ["汽车零部件", "绿色食品"]


def test_what_leads_up_to_a_colon_is_no_goal(genre_assistant):
    a = genre_assistant.answer("岚城下一步工作目标有哪些？")
    assert a.shape == "goals" and a.parts and not any("建议为重要参考" in p.label for p in a.parts)
    assert any(p.label.startswith("到2026年底") for p in a.parts)


def test_a_province_level_fund_and_another_levels_reward(genre_assistant):
    # 省人民政府设立…专项资金 is the province's fund; a 国家级 platform's reward does not answer for a 省级 one
    a = genre_assistant.answer("岚屿条例规定省级工业互联网专项资金每年至少安排多少？")
    assert not a.refused and a.value == "不少于6亿元"
    assert genre_assistant.answer("岚屿条例对首次认定的省级工业互联网平台奖励多少？").refused


def test_a_province_no_document_names_in_english_is_refused(genre_assistant):
    a = genre_assistant.answer("Under the Qiaonan provincial industrial internet regulation, what reward does a national platform get?")
    assert a.refused
    assert not genre_assistant.answer("Under the Lanyu provincial industrial internet regulation, what reward does a national platform get?").refused


def test_a_goals_heading_is_not_a_report_that_a_goal_was_missed(genre_assistant):
    a = genre_assistant.answer("泷溪十四五工业规划当初定的2025年目标是啥？")
    assert a.shape == "goals" and "主要目标" in a.citations[-1].clause
    assert any("400亿元" in p.label for p in a.parts)


def test_rows_marked_in_a_column_the_question_negates(genre_assistant):
    a = genre_assistant.answer("泷溪十四五规划哪几项指标没完成？")
    assert [p.label for p in a.parts] == ["规模以上工业总产值", "规上工业企业研发经费投入强度"]


def test_the_planned_and_the_actual_column_answer_their_own_side(genre_assistant):
    a = genre_assistant.answer("泷溪规上企业研发投入强度，规划目标定的多少、2025年实际多少？")
    assert a.shape == "compare" and [p.value for p in a.parts] == ["2.0%", "1.64%"]
    assert a.parts[0].label == "规划目标"


def test_a_change_ends_at_the_figure_asked(genre_assistant):
    a = genre_assistant.answer("泷溪2025年规上工业企业实际有多少家？")
    assert a.value in ("236家", "236")


def test_an_english_score_question(genre_assistant):
    a = genre_assistant.answer("Longxi 14th FYP evaluation: what overall score did the plan get?")
    assert not a.refused and "84.5" in a.text


def test_a_park_the_figure_does_not_name_is_refused(genre_assistant):
    # 泷溪 figures are the county's; a 工业园 asked about by name is not answered by them
    assert genre_assistant.answer("白石工业园2025年规上企业研发经费投入强度是多少？").refused


def test_a_term_made_of_parts_is_explained_part_by_part(assistant):
    # “双核一带一廊”: 1.双核：…。2.一带：…。3.一廊：… under the clause that names it
    a = assistant.answer("全省制造业空间布局说的“双核一带一廊”，具体各指什么？")
    assert a.shape == "definition" and [p.label.split(":")[0] for p in a.parts] == ["双核", "一带", "一廊"]
    assert "金衢丽绿色经济走廊" in a.parts[2].label and "双核一带一廊" in a.citations[-1].quote
    _offsets_hold(a, assistant)


def test_a_quoted_noun_counted_by_the_question(assistant):
    a = assistant.answer("2.0版到2022年要打造的三个“区”是哪三个？")
    assert [p.label[-3:] for p in a.parts] == ["引领区", "先行区", "创新区"]


def test_how_many_and_which_ones(assistant):
    a = assistant.answer("2.0版实施意见的保障措施一共几条，分别是啥？")
    assert a.shape == "list" and len(a.parts) == 5 and a.parts[0].label == "加强组织领导"


def test_this_year_in_a_report_written_late_in_its_year(assistant):
    # 2020年工作成效 (with 1—10月 figures) then 2021年工作思路: the report speaks in 2020
    a = assistant.answer("浙江今年规上工业增速多少？")
    assert not a.refused and a.value == "3.9%" and "2020" in a.text


def test_carbon_is_not_energy(assistant):
    # 碳排放 is a word of its own: an energy-intensity target does not answer it
    assert assistant.answer("十四五期间全省规上工业单位增加值碳排放要降多少？").refused


def test_the_list_inside_a_section_the_question_names(genre_assistant):
    # 法律责任一章 is named, but 责令改正 is said by one article in it: its items are the answer
    # (and the article's first line, broken before its sentence ends, runs on into the next)
    a = genre_assistant.answer("岚屿条例法律责任一章，政府工作人员哪几种情形会被责令改正？")
    assert a.shape == "list" and [p.label[:4] for p in a.parts] == ["未依法落", "违规向企", "截留、挪"]
    article = next(c for c in genre_assistant.clauses("lanyu-law") if c.text.startswith("第三十九条"))
    assert "中有下列行为之一的" in article.text


def test_quantified_goals_are_those_that_state_a_figure(genre_assistant):
    a = genre_assistant.answer("泷溪规划提出的主要目标里有哪些数字目标？")
    assert a.shape == "goals" and a.parts and all(re.search(r"\d", p.label) for p in a.parts)


def test_a_place_the_question_names_in_so_many_words_is_no_smaller_area(assistant):
    # 全省工业大市大县…: the evidence's 大县 is what was asked, not a county inside the province
    a = assistant.answer("全省工业大市大县每年供地里头，工业用地占比有没有个下限？")
    assert not a.refused and a.value == "不低于30%"


def test_a_total_in_trillions_is_not_a_share_or_a_rate(assistant):
    a = assistant.answer("What absolute manufacturing value-added (in trillion yuan) does Zhejiang's 14th FYP set as the 2025 target?")
    assert a.refused


def test_budget_and_final_accounts_columns_in_a_unit_set_above_the_table(genre_assistant):
    # 单位：万元 above the table is the unit of its cells, cited with them; 预算 and 决算 answer their own columns
    a = genre_assistant.answer("岚屿工信厅出国（境）费去年预算给了多少、最后决算花了多少？")
    assert a.shape == "compare" and [p.value for p in a.parts] == ["40.00万元", "26.50万元"]
    assert any(c.quote == "单位：万元" for c in a.citations)


def test_the_month_column_asked(genre_assistant):
    assert genre_assistant.answer("岚屿汽车制造业4月当月增速是多少？").value == "9.6%"
    assert genre_assistant.answer("岚屿汽车制造业1—4月增速是多少？").value == "11.2%"


def test_a_bulletins_masthead_names_who_compiles_it(genre_assistant):
    a = genre_assistant.answer("岚屿工业经济运行月报是哪个处室编的？")
    assert a.value == "岚屿省工业和信息化厅运行监测协调处"


def test_a_glossary_entry_defines_its_term(genre_assistant):
    # 名词解释: 一、年末结转和结余：指… (not the table row of the same name)
    a = genre_assistant.answer("决算里说的年末结转和结余是什么意思？")
    assert a.shape == "definition" and "需延迟到以后年度" in a.citations[0].quote


def test_an_english_answer_shows_a_tables_unit_with_the_figure(genre_assistant):
    a = genre_assistant.answer("How much did Lanyu's industry department actually spend on official reception (公务接待费) in 2025?")
    assert "35.20万元" in a.text and "(unit:" not in a.text


def test_a_scope_stated_by_its_statistical_range(genre_assistant):
    a = genre_assistant.answer("岚屿月报里规上工业是按啥口径算的？")
    assert a.shape == "definition" and "2000万元及以上" in a.citations[0].quote


def test_the_issues_a_bulletin_flags_in_english(genre_assistant):
    a = genre_assistant.answer("What issues does the Lanyu industry bulletin flag as needing attention?")
    assert a.shape == "list" and [p.label for p in a.parts][:2] == ["外部需求不确定性增加", "传统行业持续低迷"]


def test_english_robots_and_firms_above_designated_size():
    from rag.lexicon import english_terms

    terms = " ".join(english_terms("how many industrial robots did above-designated-size industry produce"))
    assert "工业机器人" in terms and "小升规" not in terms  # (the size of firms is not firms growing into it)
    assert "小升规" in " ".join(english_terms("small firms graduating to above designated size"))


def test_how_the_asker_sums_up_is_not_what_a_grant_is_for(genre_assistant):
    # 一年加起来最多能享受多少: 加起来 says how to count, it names no purpose the evidence must state
    # (起来 is a word of the corpus: 建立起来)
    from rag.compose.policy import Policy
    from rag.query import analyse

    q = analyse("岚屿条例里一家企业一年加起来最多能享受多少奖励？")
    policy = Policy(genre_assistant._ensure_search()[2])
    assert policy._missing_object(q, None, "岚屿省工业互联网促进条例 省财政给予一次性奖励300万元") is None


def test_a_count_is_of_the_noun_the_figure_counts(tmp_path):
    # 多少个…基础模型: not 5个领域 (a qualifier of what is asked), not 10个数据库 (the sentence names
    # 基础大模型 elsewhere, uncounted); a noun after modifiers (30项发展前景好、…的共享制造示范项目) is counted
    a = assistant_over(tmp_path, {
        "plan.txt": (
            "某市人工智能赋能科学研究行动计划（2025-2027年）\n\n一、发展目标\n\n"
            "到2027年，建立科学基础大模型，建设不少于10个高质量科学数据库，推动科学智能在不少于5个领域开展深度应用。\n\n"
            "二、重点任务\n\n到2027年，支持30项发展前景好、带动作用强的共享制造示范项目。\n"),
    })
    assert a.answer("到2027年要培育多少个科学领域的基础模型？").value is None  # no figure counts them
    answer = a.answer("到2027年支持多少项共享制造示范项目？")
    assert not answer.refused and "30项" in answer.text


def test_a_table_cell_in_the_unit_asked_is_not_another_counted_thing(tmp_path):
    # 多少万台 asked, 万台 in the row: the row and its column (产量) say what the cell measures
    a = assistant_over(tmp_path, {
        "bulletin.txt": (
            "某省2024年国民经济和社会发展统计公报\n\n二、工业\n\n"
            "表3 2024年规模以上工业主要产品产量及其增长速度\n"
            "产品名称 | 单位 | 产量 | 比上年增长（%）\n"
            "微型计算机设备 | 万台 | 3391.9 | 2.7\n"
            "虚拟现实设备 | 万台 | 83.6 | 59.4\n"),
    })
    answer = a.answer("24年统计公报表3里，虚拟现实设备全年产量是多少万台？")
    assert not answer.refused and "83.6" in answer.text


def test_an_actual_figure_asked_is_not_the_target_a_plan_set(tmp_path):
    a = assistant_over(tmp_path, {
        "plan.txt": "浙江省智能制造实施方案\n\n一、主要任务\n\n到2020年，全省工业机器人应用达到10万台以上。\n",
        "report.txt": "加快形成先进制造业基地\n\n一、2020年工作成效\n\n浙江建成智能工厂114家，在役工业机器人达10.3万台。\n",
    })
    # (the plan's title names the province asked about; the figure is still the plan's target)
    answer = a.answer("浙江到2020年工业机器人实际有多少台？")
    assert "10.3万台" in answer.text and "10万台以上" not in answer.text


def test_a_place_inside_a_quoted_passage_is_the_documents_own_words(assistant):
    # a provincial plan that names 杭州 in the sentence quoted: not a question about 杭州's documents
    answer = assistant.answer("“加快杭州良渚中国工业设计小镇建设、办好世界工业设计大会”是哪份文件提的？文号多少")
    assert not answer.refused and "浙政办发〔2018〕10号" in answer.text


GUIDE = """某川市工业和信息化局
政务服务事项办事指南

事项名称：工业企业技术改造项目备案
指南编号：MC-BSZN-2026-014
版 本 号：V3.1
发布日期：2026年3月16日

一、办理时限
法定办结时限：7个工作日。
承诺办结时限：2个工作日。
"""

DRAFT_FOR_COMMENT = """某州省工业和信息化厅
关于《关于加快推进工业母机产业发展的若干措施（征求意见稿）》
公开征求意见的公告

为加快推进我省工业母机产业高质量发展，省工业和信息化厅起草了《若干措施（征求意见稿）》，现向社会公开征求意见。征求意见时间为2026年4月8日至2026年5月7日。有关单位可通过以下方式提出意见建议：
一、电子邮件：将意见建议发送至gymjcs@example.gov.cn。
二、信函：邮寄至省工业和信息化厅装备工业处。
三、传真：0858-8826417。

某州省工业和信息化厅
2026年4月8日

附件
关于加快推进工业母机产业发展的若干措施
（征求意见稿）

为贯彻落实国家决策部署，加快突破关键核心技术，提升整机和关键功能部件供给能力，打造具有全国影响力的工业母机产业集群，制定以下措施。
发展目标：到2028年，全省工业母机产业营业收入突破500亿元，年均增长15%以上；建成省级以上工业母机创新平台10个。

一、推动整机产品迭代升级
1.首台（套）奖励。对经认定的首台（套）高端数控机床，按产品首年销售价格的20%给予奖励，单台（套）最高500万元。
"""


@pytest.fixture(scope="module")
def notice_assistant(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("notice-corpus")
    (corpus / "guide.txt").write_text(GUIDE, encoding="utf-8")
    (corpus / "draft.txt").write_text(DRAFT_FOR_COMMENT, encoding="utf-8")
    a = rag.Assistant(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("notice-index"))
    a.build_index()
    return a


def test_a_header_field_is_asked_by_its_label(notice_assistant):
    answer = notice_assistant.answer("技改备案办事指南的指南编号是多少？")
    assert answer.value == "MC-BSZN-2026-014" and "指南编号：MC-BSZN-2026-014" in answer.text
    assert "版本号：V3.1" in notice_assistant.answer("这个办事指南的版本号是多少？").text  # (written 版 本 号)


def test_the_final_version_is_not_answered_from_a_draft(notice_assistant):
    assert not notice_assistant.answer("工业母机若干措施首台套单台奖励最高多少？").refused
    answer = notice_assistant.answer("工业母机若干措施正式印发以后，首台套单台奖励最终定的上限是多少？")
    assert answer.refused and "500万元" not in answer.text.split("相关")[0]


def test_the_purpose_asked_is_the_purpose_sentence(notice_assistant):
    answer = notice_assistant.answer("某州省出这个工业母机若干措施，想达到什么目的？")
    assert "加快突破关键核心技术" in answer.text and "营业收入突破500亿元" not in answer.text


def test_a_day_is_quoted_from_the_date_line_not_a_sentence_naming_it(notice_assistant):
    answer = notice_assistant.answer("工业母机若干措施征求意见的公告是哪天发布的？")
    assert "2026年4月8日" in answer.text and "征求意见时间为" not in answer.citations[0].quote


def test_an_issuer_line_is_no_fact_a_sentence_answer_gives(notice_assistant):
    answer = notice_assistant.answer("某州省工业母机若干措施征求意见稿是怎么起草的？")
    assert answer.citations and answer.citations[0].quote.strip() != "某州省工业和信息化厅"


def test_the_ways_a_lead_sentence_announces_are_the_numbered_clauses_after_it(notice_assistant):
    # 可通过以下方式提出意见建议： 一、电子邮件… 二、信函… 三、传真… (at the document's top level)
    answer = notice_assistant.answer("工业母机若干措施征求意见，提意见能走哪几种渠道？")
    assert answer.shape == "list" and [p.label[:2] for p in answer.parts] == ["电子", "信函", "传真"]


def test_which_document_quoted_with_other_punctuation_names_it_and_its_number(assistant):
    answer = assistant.answer("“加快杭州良渚中国工业设计小镇建设、办好世界工业设计大会”是哪份文件提的？文号多少")
    assert not answer.refused and "中国制造2025" in answer.value and "浙政办发〔2018〕10号" in answer.text
    assert any(c.quote.strip() == "浙政办发〔2018〕10号" for c in answer.citations)  # the 文号's own line


def test_a_document_the_corpus_does_not_hold_is_not_dated_by_another(assistant):
    answer = assistant.answer("《浙江省人民政府关于推进5G产业发展的实施意见》正式印发的文号和日期是啥？")
    assert answer.refused and "浙政发〔2021〕20号" not in answer.text.split("相关")[0]
    assert not assistant.answer("《浙江省全球先进制造业基地建设“十四五”规划》的文号是什么？").refused


def test_targets_a_named_section_set_are_its_goals(tmp_path):
    from rag.query import analyse
    from rag.shapes import classify

    assert classify(analyse("“提智做强高端装备”那几条，到2027年分别定了什么目标？")) == "goals"


def test_rows_picked_by_a_zone_written_in_short_form(tmp_path):
    # 溧安经开区 asked, 溧安经济开发区管委会 in the 责任单位 column of a district's own plan
    a = assistant_over(tmp_path, {"plan.txt": (
        "溧安区2026年重点工业项目投资计划\n\n岷阳市溧安区人民政府办公室\n\n一、项目安排\n\n"
        "序号\t项目名称\t总投资（亿元）\t责任单位\n"
        "1\t热管理系统项目\t12.0\t溧安经济开发区管委会\n"
        "2\t精密轴承项目\t8.0\t溧安经济开发区管委会\n"
        "3\t储能系统项目\t11.0\t溧安高新区管委会\n")})
    answer = a.answer("溧安区2026年重点工业项目里，责任单位是溧安经开区管委会的有哪几个项目？")
    assert answer.shape == "list" and [p.label for p in answer.parts] == ["热管理系统项目", "精密轴承项目"]


def test_an_actual_figure_is_not_a_rules_limit_and_a_lead_with_a_comma_lists(tmp_path):
    a = assistant_over(tmp_path, {"measures.txt": (
        "某州市企业技术中心认定管理办法\n\n第一章 总则\n\n"
        "第四条 市级企业技术中心认定工作每年组织一次，原则上每年新认定数量不超过40家。\n\n"
        "第二章 申请条件\n\n第六条 企业有下列情形之一的，不予认定：\n（一）近三年发生重大及以上生产安全事故的；\n"
        "（二）被列入严重违法失信名单的；\n（三）提供虚假材料的。\n")})
    assert a.answer("某州今年实际新认定了多少家市级企业技术中心？").refused
    assert "40家" in a.answer("某州每年新认定市级企业技术中心最多多少家？").text
    answer = a.answer("某州市级企业技术中心，哪些情形直接不予认定？")
    assert answer.shape == "list" and len(answer.parts) == 3 and "虚假材料" in answer.parts[2].label


def test_a_labelled_line_of_statements_is_a_list_of_them(tmp_path):
    # 指标要求：a；b；c under one task of a 榜单: each statement an item, split at semicolons only
    a = assistant_over(tmp_path, {"list.txt": (
        "某省揭榜挂帅榜单的通知\n\n二、重点榜单内容\n\n（一）榜单1：12英寸晶圆级先进封装用临时键合胶\n"
        "攻关内容：研发耐高温临时键合胶。\n指标要求：耐热温度不低于300℃；残胶率低于0.1%；完成不少于500片晶圆验证，良率不低于99.5%。\n"
        "支持金额：省级财政支持1000万元。\n")})
    answer = a.answer("榜单1临时键合胶，揭榜方要达到哪些指标？")
    assert [p.label for p in answer.parts] == ["耐热温度不低于300℃", "残胶率低于0.1%", "完成不少于500片晶圆验证，良率不低于99.5%"]
