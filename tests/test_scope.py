"""Scope of documents (level, place, period) and the policy that refuses evidence
from another place or year."""
from __future__ import annotations

from rag.compose.policy import place_mismatch, year_mismatch
from rag.documents import make_documents
from rag.query import analyse
from rag.scope import document_scope, years_stated
from rag.types import Document


def test_place_from_title_issuer_or_doc_number():
    assert document_scope("杭州市加快建设人工智能创新高地实施方案（2025年版）", None, None, "", None, "report").place == "杭州"
    s = document_scope("关于印发某方案的通知", None, "深工信〔2025〕42号", "", None, "notice")
    assert (s.place, s.level, s.province) == ("深圳", "市", "广东")
    s = document_scope("浙江省全球先进制造业基地建设十四五规划", "浙江省人民政府", "浙政发〔2021〕20号", "", (2020, 2025), "notice")
    assert (s.place, s.level, s.period) == ("浙江", "省", (2021, 2025))
    assert document_scope("政府工作报告", None, None, "现在，我代表国务院，向大会报告政府工作", None, "report").level == "国家"
    # a short form shared by a province and a city (苏: 江苏, 苏州) says nothing on its own
    assert document_scope("某方案", None, "苏政发〔2022〕5号", "", None, "notice").place is None


def test_period_from_title_span():
    assert document_scope("广东省…行动方案（2025—2027年）", None, None, "", None, "report").period == (2025, 2027)


def test_years_stated():
    assert years_stated("到2025年，2021—2023年间") == {2025, 2021, 2022, 2023}
    assert 2023 in years_stated("“十四五”期间")


def _doc(**kw) -> Document:
    base = dict(doc_id="d", title="t", doc_number=None, issuer=None, date=None, path="d.txt")
    return Document(**{**base, **kw})


def test_a_city_question_is_not_answered_by_its_province():
    province = _doc(region="浙江", level="省", place="浙江")
    assert place_mismatch(analyse("到2025年杭州计划建成多少个5G基站？"), province, "到2025年,建成5G基站20万个以上") == "杭州"
    # the sentence itself may speak of the city
    assert place_mismatch(analyse("杭州的数字安防产业规模？"), province, "杭州数字安防产业规模达…") is None


def test_a_province_question_is_not_answered_by_one_of_its_cities():
    city = _doc(region="浙江", level="市", place="杭州")
    assert place_mismatch(analyse("浙江人工智能核心产业营业收入目标是多少？"), city, "全市人工智能核心产业营业收入超3900亿元") == "浙江"


def test_a_ranking_is_no_scope_and_national_questions_need_national_documents():
    province = _doc(region="安徽", level="省", place="安徽")
    assert place_mismatch(analyse("长三角地区2020年规模以上工业增速是多少？"), province, "增速位居全国第六、长三角第一位") == "长三角"
    assert place_mismatch(analyse("全国到2025年计划建成多少个5G基站？"), province, "到2025年，建成5G基站") == "全国"
    assert place_mismatch(analyse("传统制造业改造提升2.0版提出到哪一年创建全国传统制造业改造升级示范区？"), province, "") is None


def test_year_outside_the_period_or_report_year():
    plan = _doc(period=(2025, 2027))
    assert year_mismatch(analyse("2030年的目标是什么？"), plan, "到2027年，…")
    assert not year_mismatch(analyse("2026年的目标是什么？"), plan, "")


def test_own_doc_number_not_a_cited_one():
    text = "南京市加快某方案\n为贯彻落实《国务院关于深入实施“人工智能+”行动的意见》（国发〔2025〕11号），制定本方案。\n一、总体要求\n" + "正文内容。" * 30
    (part,) = make_documents(text, "nj.txt")
    assert part.document.doc_number is None
    (own,) = make_documents("宁数发〔2026〕17号\n" + text, "nj.txt")
    assert own.document.doc_number == "宁数发〔2026〕17号"


def test_two_line_title_is_joined_and_a_dateline_dropped():
    (part,) = make_documents("广东省关于人工智能赋能千行百业\n的若干措施\n为贯彻落实…" + "正文。" * 40, "gd.txt")
    assert part.document.title == "广东省关于人工智能赋能千行百业的若干措施"
    (part,) = make_documents("政府工作报告——2025年3月5日在第十四届全国人民代表大会第三次会议上\n各位代表：\n" + "正文。" * 40, "gwr.txt")
    assert part.document.title == "政府工作报告"


def test_a_district_is_not_answered_with_its_city_figure(tmp_path):
    from _helpers import assistant_over
    from rag.query import analyse

    assert analyse("湖州长兴县的目标是什么？").districts == ["长兴县"]
    assert analyse("宁波经济开发区有哪些政策？").districts == []  # a kind of area, not a district's name
    assistant = assistant_over(tmp_path, {"hz.txt": "杭州市加快建设人工智能创新高地实施方案\n\n杭州市人民政府办公厅\n\n一、总体目标\n\n"
                                                    "到2025年底，全市人工智能核心产业营业收入超3900亿元。\n"})
    assert not assistant.answer("杭州2025年人工智能核心产业营业收入目标是多少？").refused
    a = assistant.answer("杭州滨江区2025年人工智能核心产业营业收入目标是多少？")
    assert a.refused and "滨江区" in a.text and "杭州市，并非滨江区" in a.text


def test_a_district_document_has_the_district_as_its_place():
    s = document_scope("崂山区支持人工智能和机器人产业发展的若干政策", "青岛市崂山区人民政府办公室", "崂政办发〔2025〕9号", "", None, "notice")
    assert (s.level, s.place, s.province) == ("区县", "崂山区", "山东")
    # a kind of area in a title (经济开发区) names no district
    assert document_scope("宁波经济开发区促进产业发展若干政策", None, None, "", None, "notice").level != "区县"


def test_a_district_document_does_not_answer_for_its_city_or_province(tmp_path):
    from _helpers import assistant_over

    assistant = assistant_over(tmp_path, {"ls.txt": "崂山区支持人工智能产业发展的若干政策\n\n青岛市崂山区人民政府办公室\n\n"
                                                    "一、支持大模型研发\n\n通过备案的行业大模型，给予一次性奖励100万元。\n"})
    assert not assistant.answer("崂山区对通过备案的行业大模型奖励多少钱？").refused
    a = assistant.answer("青岛市市级对通过备案的行业大模型奖励多少钱？")
    assert a.refused and "崂山区，并非青岛" in a.text


def test_a_title_set_on_three_lines_after_a_long_list_of_issuers():
    text = ("工业和信息化部 国家发展改革委 国家数据局 财政部\n中国人民银行 金融监管总局关于数据要素赋能\n"
            "制造业高质量发展的指导意见\n\n工信部联信发〔2025〕63号\n\n各省、自治区、直辖市工业和信息化主管部门：\n" + "正文。" * 40)
    (part,) = make_documents(text, "miit.txt")
    assert part.document.title == ("工业和信息化部国家发展改革委国家数据局财政部中国人民银行金融监管总局"
                                   "关于数据要素赋能制造业高质量发展的指导意见")


def test_a_place_the_gazetteer_does_not_know_names_itself_in_the_title():
    s = document_scope("河阳市2025年国民经济和社会发展统计公报", "河阳市统计局", None, "国家统计局河阳调查队", (2025, 2025), "report")
    assert (s.level, s.place) == ("市", "河阳")
    s = document_scope("江屿省人民政府办公厅关于推动未来产业发展的实施意见", "江屿省人民政府办公厅", "屿政办发〔2026〕9号", "", None, "notice")
    assert (s.level, s.place) == ("省", "江屿")
    assert document_scope("关于组织申报项目的通知", None, None, "", None, "notice").place is None


def test_last_year_in_a_dated_bulletin_is_the_year_it_reports(tmp_path):
    from _helpers import assistant_over

    a = assistant_over(tmp_path, {"hy.txt": "河阳市2025年国民经济和社会发展统计公报\n\n河阳市统计局\n2026年3月18日\n\n一、综合\n\n"
                                             "初步核算，全年全市地区生产总值5286.4亿元，比上年增长5.6%。\n"})
    r = a.answer("河阳去年全市GDP一共多少？")
    assert not r.refused and "5286.4亿元" in r.text


def test_a_zone_asked_by_its_place_is_the_zone_of_its_own_plan(tmp_path):
    from _helpers import assistant_over
    from rag.scope import local_places

    corpus = "青原县新能源材料产业园发展规划。组建青原园区发展集团。建设产业园区。"
    assert local_places("青原园区2030年规上工业总产值要到多少？", corpus) == ["青原园区"]
    assert local_places("产业园区2030年规上工业总产值要到多少？", corpus) == []  # a kind of zone
    a = assistant_over(tmp_path, {"plan.txt": (
        "青原县人民政府文件\n\n青政发〔2026〕7号\n\n青原县新能源材料产业园发展规划（2026—2030年）\n\n"
        "第二章 总体要求\n\n到2030年，园区规模以上工业总产值突破500亿元。组建青原园区发展集团。\n\n"
        "青原县人民政府\n2026年4月20日\n")})
    got = a.answer("青原园区规划里，2030年规上工业总产值要冲到多少？")
    assert not got.refused and "500亿元" in got.text


def test_a_whole_area_asked_is_not_answered_for_a_smaller_one(tmp_path):
    from _helpers import assistant_over
    from rag.query import analyse
    from rag.shapes import split_parts

    a = assistant_over(tmp_path, {
        "city.txt": "澄州市新型储能产业发展行动计划（2026—2027年）\n\n澄州市人民政府办公室\n\n二、工作目标\n\n"
                    "到2027年底，全市新型储能产业营业收入突破600亿元。\n",
        "park.txt": "青原县新能源材料产业园发展规划（2026—2030年）\n\n青原县人民政府\n\n第四节 发展目标\n\n"
                    "到2030年，园区规模以上工业总产值突破500亿元。\n"})
    assert "600亿元" in a.answer("全市新型储能产业2027年营收目标是多少？").text
    province = a.answer("全省新型储能产业2027年营收目标是多少？")  # a city's 全市 is not the province
    assert province.refused and "澄州市，并非全省" in province.text
    assert a.answer("青原县全县到2030年规上工业总产值目标是多少？").refused  # the 园区's figure
    parts = split_parts(analyse("2025年新建5G基站，湖南全省和青岚县分别定了多少个？"))
    assert "全省" not in parts[1].question  # 湖南全省 leaves with 湖南


def test_a_town_or_a_district_no_document_names_is_not_answered_for(tmp_path):
    from _helpers import assistant_over
    from rag.scope import unknown_places

    corpus = "萦山县2025年政府工作报告。全县固定资产投资增长5.1%。柘塘镇工业园区新增企业12家。"
    assert unknown_places("槐亭区2025年规上工业营业收入是多少？", corpus) == ["槐亭区"]
    assert unknown_places("柘塘镇2025年投资增长多少？", corpus) == []  # the corpus writes it
    assert unknown_places("开发区2025年投资增长多少？", corpus) == []  # a kind of area, not a name
    a = assistant_over(tmp_path, {"report.txt": (
        "萦山县2026年政府工作报告\n\n一、2025年工作回顾\n\n2025年，全县固定资产投资增长5.1%。柘塘镇工业园区新增企业12家。\n")})
    assert "5.1%" in a.answer("萦山县2025年固定资产投资增长了多少？").text
    assert a.answer("萦山县柘塘镇2025年固定资产投资增长了多少？").refused  # 5.1% is the county's
    assert a.answer("萦山县槐亭区2025年固定资产投资增长了多少？").refused


def test_a_place_asked_with_its_own_suffix_is_not_a_listed_namesake():
    from rag.scope import local_places

    corpus = "分设区市看，青岚市、临澄市分别为286家和214家。青岚县推进制造业数字化转型。"
    assert "青岚市" not in local_places("2024年青岚县数字化改造覆盖率是多少？", corpus)
    assert "青岚市" in local_places("今年名单里青岚有几家？", corpus)


def test_batches_first_and_second():
    from rag.scope import batch_mismatch, batches

    assert batches("首批小巨人名单") == batches("第一批名单") == {1}
    assert batches("第2批") == {2} and batches("第二批链主企业") == {2}
    assert batch_mismatch("瑞滨第二批链主企业名单里都有哪些企业？", "链主企业名单（第一批）")
    assert not batch_mismatch("首批链主企业有哪些？", "链主企业名单（第一批）")
    assert not batch_mismatch("第二批链主企业有哪些？", "链主企业名单")  # (a list that names no batch may be any)


def test_a_whole_area_asked_is_not_answered_from_a_zones_table(tmp_path):
    from _helpers import assistant_over

    a = assistant_over(tmp_path, {"park.txt": (
        "青原县人民政府文件\n\n青政发〔2026〕7号\n\n青原县新能源材料产业园发展规划（2026—2030年）\n\n第四节 发展目标\n\n"
        "表1 青原县新能源材料产业园“十五五”主要发展指标\n\n类别\t指标\t单位\t2025年基数\t2030年目标\t属性\n"
        "经济规模\t规模以上工业总产值\t亿元\t128.6\t500\t预期性\n质量效益\t亩均税收\t万元/亩\t12.5\t30\t预期性\n")})
    assert "500" in a.answer("青原园区2030年规上工业总产值目标是多少？").text
    assert a.answer("青原县全县到2030年规上工业总产值目标是多少？").refused  # the caption says whose figures they are
    both = a.answer("青原园区亩均税收：2025年基数和2030年目标分别是多少？")
    assert "30万元/亩" in both.text  # a table cell is shown with its column's unit


def test_per_mille_is_a_rate():
    from rag.numbers import answers_unit, unit_kind

    assert unit_kind("‰") == "percent" and answers_unit("%", "‰")


def test_a_district_named_alone_is_a_place_even_when_its_name_is_an_everyday_word():
    from rag.scope import unknown_places

    corpus = "到2026年，全市人工智能终端产业规模达8000亿元以上。"
    assert unknown_places("深圳AI终端行动计划里，南山区到2026年AI终端产业规模目标是多少？", corpus) == ["南山区"]
    assert unknown_places("推进开发区建设有哪些措施？", corpus) == []


def test_a_romanized_place_no_document_names():
    from rag.scope import unknown_english_places

    assert unknown_english_places("Under the Qiaonan provincial manufacturing regulation, how much…?") == ["Qiaonan"]
    assert unknown_english_places("Under the Zhejiang provincial plan, how much…?") == []  # the gazetteer knows it
    assert unknown_english_places("Which Chinese city leads?") == []  # an English word, not a name


def test_an_industrial_park_named_by_a_question():
    from rag.scope import unknown_places

    assert unknown_places("白石工业园2025年研发投入强度是多少？", "泷溪县") == ["白石工业园"]


def test_a_district_of_a_city_the_gazetteer_does_not_know():
    scope = document_scope("溧安区2026年重点工业项目投资计划", "岷阳市溧安区人民政府办公室", "溧政办发〔2026〕9号",
                           "正文。", None, "plan")
    assert scope.level == "区县" and scope.place == "溧安区"
