"""Stage 3 — rag.clauses: the numbered structure of every document.

Every clause is an exact slice of its document text; ids are unique; the
heading path of a sample of clauses from every document is checked."""
from __future__ import annotations


import pytest

from rag.clauses import cn_to_int, parse_clauses
from rag.clean import clean_text

FYP = "zj_advanced_manufacturing_base_14th_fyp_2021"
MIC = "zj_made_in_china_2025_action_plan_2018"
UPG = "zj_traditional_manufacturing_upgrade_2_0_2020"
ZJ = "zj_ah_industry_work_reports_2020.part1"
AH = "zj_ah_industry_work_reports_2020.part2"
YYZ = "zj_yiyongzhou_corridor_industry_report"
KINDS = {"heading", "paragraph", "item", "table_row", "table_header", "note"}
NOTE = "注:#为扣除国家单列项目;[]为5年累计;\\*为2019年数值。"


@pytest.fixture(scope="module")
def corpus(parsed_corpus):
    """doc_id → (document text, clauses)"""
    return {d: (p.text, p.clauses) for d, p in parsed_corpus.items()}


def _find(clauses, needle: str, kind: str | None = None):
    found = [c for c in clauses if needle in c.text and (kind is None or c.kind == kind)]
    assert found, f"no clause contains {needle!r}"
    return found[0]


def _by_path_end(clauses, last: str):
    found = [c for c in clauses if c.path and c.path[-1] == last]
    assert found, f"no clause path ends with {last!r}"
    return found[0]


def _parse(text: str):
    cleaned = clean_text(text)
    return cleaned, parse_clauses(cleaned, "syn")


# ---------------------------------------------------------------- invariants


def test_six_documents(corpus):
    assert sorted(corpus) == sorted([FYP, MIC, UPG, ZJ, AH, YYZ])


@pytest.mark.parametrize("doc_id", [FYP, MIC, UPG, ZJ, AH, YYZ])
def test_every_clause_is_an_exact_slice_with_a_unique_id(corpus, doc_id):
    text, clauses = corpus[doc_id]
    assert len(clauses) >= 15
    for n, c in enumerate(clauses):
        assert text[c.start : c.end] == c.text, c.clause_id
        assert c.text.strip() and c.text == c.text.rstrip(), f"{c.clause_id}: empty or untrimmed clause"
        if c.kind != "table_row":  # a row may start with an empty cell (类别 carried down)
            assert c.text == c.text.lstrip(), f"{c.clause_id}: untrimmed clause"
        assert c.doc_id == doc_id
        assert c.clause_id == f"{doc_id}:{n:04d}"
        assert c.kind in KINDS, c.kind
        assert c.path and all(isinstance(h, str) and h for h in c.path), c.clause_id
        assert not any(h.startswith(("#", "- ")) or "**" in h for h in c.path), c.path_text
    ids = [c.clause_id for c in clauses]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("doc_id", [FYP, MIC, UPG, ZJ, AH, YYZ])
def test_clauses_are_ordered_disjoint_and_cover_the_text(corpus, doc_id):
    text, clauses = corpus[doc_id]
    covered = [False] * len(text)
    previous_end = 0
    for c in clauses:
        assert c.start >= previous_end, f"{c.clause_id} overlaps the clause before it"
        previous_end = c.end
        covered[c.start : c.end] = [True] * (c.end - c.start)
    left = {ch for ch, cov in zip(text, covered) if not cov}
    assert left <= set("\n #-*+•"), f"text outside every clause: {left}"


def test_clause_ids_unique_across_the_corpus(corpus):
    ids = [c.clause_id for _, clauses in corpus.values() for c in clauses]
    assert len(ids) == len(set(ids))


# ---------------------------------------------------------------- 十四五 plan


def test_fyp_5g_sentence_clause_path(corpus):
    _, clauses = corpus[FYP]
    c = _find(clauses, "建成5G基站20万个以上")
    assert c.path[:2] == ["四、加快数字化发展,引领制造业全方位升级", "(五)建设一流数字基础设施"]
    assert c.path[-1] == "构建高速泛在的网络基础设施"
    assert c.kind == "paragraph"
    assert c.path_text.startswith("四、加快数字化发展,引领制造业全方位升级 › (五)建设一流数字基础设施")


def test_fyp_markdown_numbered_heading(corpus):
    _, clauses = corpus[FYP]
    c = _by_path_end(clauses, "一、总体要求")
    assert (c.kind, c.label, c.text, c.path) == ("heading", "一、", "一、总体要求", ["一、总体要求"])
    item = _by_path_end(clauses, "1.新一代信息技术产业")
    assert item.path == ["二、发展重点与空间布局", "(一)重点发展新兴产业", "1.新一代信息技术产业"]
    assert (item.kind, item.label) == ("item", "1.")


def test_fyp_markdown_title_heading(corpus):
    _, clauses = corpus[FYP]
    title = '浙江省全球先进制造业基地建设"十四五"规划'
    heading = [c for c in clauses if c.text == title]
    assert heading and heading[0].kind == "heading" and heading[0].path == [title]
    intro = _find(clauses, "特编制本规划")
    assert intro.path == [title]


def test_fyp_table_row_fields_carry_category_and_note(corpus):
    _, clauses = corpus[FYP]
    rows = [c for c in clauses if c.kind == "table_row"]
    assert len(rows) == 10
    row = _find(clauses, "规上制造业全员劳动生产率", kind="table_row")
    assert row.label == "2"
    assert row.path == ["全球先进制造业基地建设关键指标", "规上制造业全员劳动生产率(万元/人)"]
    assert row.fields == {
        "类别": "发展质效",  # carried down: the row's own 类别 cell is empty
        "序号": "2",
        "指标": "规上制造业全员劳动生产率(万元/人)",
        "2020年": "23.5",
        "2025年": "33",
        "属性": "预期性",
        "注": NOTE,
    }
    assert row.text.startswith("\t2\t")  # the cell itself really is empty
    categories = [r.fields["类别"] for r in rows]
    assert categories == ["发展质效"] * 3 + ["技术创新"] * 2 + ["产业结构"] * 2 + ["绿色发展"] * 2 + ["营商环境"]
    assert all(r.fields.get("注") == NOTE for r in rows)
    last = rows[-1]
    assert (last.fields["2020年"], last.fields["2025年"], last.fields["属性"]) == ("76.1 *", "90", "预期性")
    assert rows[7].fields["2025年"] == "[16]以上" and rows[7].fields["2020年"] == "_"


def test_fyp_table_header_and_note_clauses(corpus):
    _, clauses = corpus[FYP]
    header = [c for c in clauses if c.kind == "table_header"]
    assert len(header) == 1
    assert header[0].text == "类别\t序号\t指标\t2020年\t2025年\t属性"
    assert header[0].path == ["全球先进制造业基地建设关键指标", "表头"]
    note = [c for c in clauses if c.kind == "note"]
    assert len(note) == 1
    assert (note[0].text, note[0].label, note[0].path[-1]) == (NOTE, "注", "注")
    assert clauses.index(note[0]) == clauses.index(header[0]) + 11


def test_fyp_end_matter(corpus):
    _, clauses = corpus[FYP]
    assert [c.path for c in clauses[-3:]] == [["文末"]] * 3
    assert clauses[-3].text.startswith("抄送")
    assert clauses[-1].text == "2021年7月13日印发"


# ---------------------------------------------------------------- 传统制造业 2.0 / 中国制造2025


def test_upg_same_line_heading_is_an_item(corpus):
    _, clauses = corpus[UPG]
    c = _find(clauses, "（一）指导思想。深入贯彻")
    assert c.text.startswith("（一）指导思想。深入贯彻落实党中央")
    assert c.path == ["一、总体要求", "（一）指导思想"]
    assert c.path[-1] == "（一）指导思想"
    assert (c.kind, c.label) == ("item", "（一）")


def test_upg_nested_numbering(corpus):
    _, clauses = corpus[UPG]
    c = _by_path_end(clauses, "2.深入开展数字化技术改造")
    assert c.path == ["二、重点任务", "(一)加快数字化发展，全面推进智能制造新模式", "2.深入开展数字化技术改造"]
    c = _by_path_end(clauses, "1.打造高能级产业集群")
    assert c.path[:2] == ["二、重点任务", "（二）加快集群化发展，全面推进强链补链新模式"]
    lead = _find(clauses, "打造数字化转型引领区。")
    assert lead.path == ["一、总体要求", "（二）主要目标", "打造数字化转型引领区"]


def test_mic_paths(corpus):
    _, clauses = corpus[MIC]
    goal = _find(clauses, "到2020年，建设“中国制造2025”国家级示范区2个以上")
    assert goal.path == ["一、工作目标"] and goal.kind == "paragraph"
    town = _find(clauses, "（十八）加快提升特色小镇建设水平")
    assert town.path == ["二、主要任务", "（十八）加快提升特色小镇建设水平"]
    assert town.label == "（十八）"
    # (十四) in half-width brackets then （十五） in full-width: still one list under 二、
    fifteen = _find(clauses, "（十五）加强工业节能")
    assert fifteen.path[0] == "二、主要任务"
    safeguard = _find(clauses, "(三)开展实施“中国制造2025”浙江行动第三方评估")
    assert safeguard.path[0] == "三、保障措施"


# ---------------------------------------------------------------- reports


def test_zj_report_enumeration_items(corpus):
    _, clauses = corpus[ZJ]
    items = [c for c in clauses if c.label.endswith("是")]
    parent = "（一）统筹推进医疗应急物资保障和复工复产工作"
    first_group = [c for c in items if parent in c.path]
    assert [c.label for c in first_group] == ["一是", "二是", "三是", "四是"]
    assert first_group[0].path == ["2020年工作成效", parent, "一是率先响应"]
    assert all(c.kind == "item" and c.text.startswith(c.label) for c in first_group)


def test_yiyongzhou_enumeration_items(corpus):
    _, clauses = corpus[YYZ]
    items = [c for c in clauses if c.kind == "item"]
    groups: dict[str, list[str]] = {}
    for c in items:
        groups.setdefault(c.path[0], []).append(c.label)
    assert list(groups.values()) == [["一是", "二是", "三是", "四是"]] * 2 + [["一是", "二是", "三是"], ["一是", "二是", "三是", "四是"]]
    c = _find(clauses, "一是培育创建制造业创新中心", kind="item")
    assert c.path == ["大力推动制造业创新体系升级，深化传统制造业改造提升", "一是培育创建制造业创新中心"]
    assert c.label == "一是"
    assert c.text.startswith("一是培育创建制造业创新中心") and "二是" not in c.text
    lead = _find(clauses, "大力推动制造业创新体系升级，深化传统制造业改造提升。")
    assert lead.text == "大力推动制造业创新体系升级，深化传统制造业改造提升。"
    assert lead.end <= c.start


def test_yiyongzhou_closing_section_is_not_front_matter(corpus):
    """The report's last section (下一步…一是…二是…) comes after the whole body;
    it must not be labelled 文首 (front matter) in its citations."""
    _, clauses = corpus[YYZ]
    late = [c for c in clauses if "下一步" in c.text or c.text.startswith("二是扎实推动制造业高质量发展")]
    assert len(late) == 2
    assert all(c.path[0] != "文首" for c in late), (
        "BUG rag.clauses.parse_clauses: a document with no numbered labels (only 一是/二是 runs) "
        "gets path 文首 for body paragraphs after the body began: "
        + repr([c.path for c in late])
    )


def test_anhui_numbering_restart_drops_the_2020_heading(corpus):
    _, clauses = corpus[AH]
    first = _find(clauses, "（一）打赢抗疫物资“保供战”")
    assert first.path == ["2020年工作成效", "（一）打赢抗疫物资“保供战”"]
    restarted = _find(clauses, "（一）精准发力稳增长")
    assert restarted.path[-1] == "（一）精准发力稳增长"
    assert "2020年工作成效" not in restarted.path
    later = _find(clauses, "（六）优化环境育梯队")
    assert "2020年工作成效" not in later.path


# ---------------------------------------------------------------- synthetic texts

BODY = "今年以来，全省经信系统坚持稳中求进工作总基调，推动工业经济持续回升向好，各项工作取得明显成效。"


def test_same_line_heading_with_body_on_synthetic_text():
    text, clauses = _parse(f"一、总体要求\n（一）指导思想。{BODY}\n（二）基本原则。坚持市场主导。坚持创新驱动。\n")
    labelled = [c for c in clauses if c.label]
    assert [c.label for c in labelled] == ["一、", "（一）", "（二）"]
    assert labelled[0].path == ["一、总体要求"] and labelled[0].kind == "heading"
    a, b = labelled[1:]
    assert a.path == ["一、总体要求", "（一）指导思想"] and a.kind == "item"
    assert b.path == ["一、总体要求", "（二）基本原则"] and b.kind == "item"
    assert a.text == f"（一）指导思想。{BODY}"


def test_same_line_heading_before_a_colon():
    """（二）主要目标：到2025年，… — a common layout; the heading is 主要目标, not the whole sentence."""
    text, clauses = _parse(
        "一、总体要求\n（二）主要目标：到2025年，规上工业增加值突破3万亿元，数字经济核心产业增加值占比达到15%。\n"
    )
    item = [c for c in clauses if c.label == "（二）"][0]
    assert item.path == ["一、总体要求", "（二）主要目标"], (
        "BUG rag.clauses._heading_title: a one-sentence body after '：' (≤60 chars) is taken for a "
        f"heading-only line, so the whole sentence becomes the heading: {item.path} (kind {item.kind})"
    )
    assert item.kind == "item"


def test_numbered_levels_nest_outermost_first():
    text, clauses = _parse(
        "江苏省制造业发展规划\n"
        "一、总体要求\n"
        "（一）主要目标。到2025年，全省制造业增加值占比保持稳定，各项指标达到全国领先水平并持续提高。\n"
        "1.数字化。规上工业企业数字化改造全覆盖，建成一批智能工厂和数字化车间。\n"
        "（1）建设智能工厂一百家。培育数字化车间五百个，形成一批可复制可推广的经验做法。\n"
        "①智能工厂。按照省级标准认定，覆盖全部重点行业，实现关键工序数控化。\n"
        "（2）培育工业互联网平台五十个。服务企业十万家以上，平台赋能能力全面提升。\n"
        "2.绿色化。单位增加值能耗持续下降，建成一批绿色工厂和绿色园区。\n"
        "（二）基本原则。坚持市场主导、政府引导，坚持创新驱动、数字赋能。\n"
        "二、重点任务\n"
    )
    paths = {c.label: c.path for c in clauses if c.label}
    assert paths["一、"] == ["一、总体要求"]
    assert paths["（一）"] == ["一、总体要求", "（一）主要目标"]
    assert paths["1."] == ["一、总体要求", "（一）主要目标", "1.数字化"]
    assert paths["（1）"] == ["一、总体要求", "（一）主要目标", "1.数字化", "（1）建设智能工厂一百家"]
    assert paths["①"] == ["一、总体要求", "（一）主要目标", "1.数字化", "（1）建设智能工厂一百家", "①智能工厂"]
    assert paths["（2）"] == ["一、总体要求", "（一）主要目标", "1.数字化", "（2）培育工业互联网平台五十个"]
    assert paths["2."] == ["一、总体要求", "（一）主要目标", "2.绿色化"]
    assert paths["（二）"] == ["一、总体要求", "（二）基本原则"]
    assert paths["二、"] == ["二、重点任务"]


def test_chapters_and_articles():
    text, clauses = _parse(
        "江苏省制造业促进办法\n"
        "第一章 总则\n"
        "第一条 为了促进制造业高质量发展，根据有关法律法规，结合本省实际，制定本办法。\n"
        "第二条 本办法适用于本省行政区域内的制造业促进工作。\n"
        "第二章 管理职责\n"
        "第三条 县级以上人民政府应当加强对制造业促进工作的领导。\n"
    )
    by_label = {c.label: c for c in clauses if c.label}
    assert by_label["第一章"].path == ["第一章总则"]
    assert by_label["第一条"].path[0] == "第一章总则" and by_label["第一条"].path[1].startswith("第一条")
    assert by_label["第二条"].path[0] == "第一章总则" and len(by_label["第二条"].path) == 2
    assert by_label["第二章"].path == ["第二章管理职责"]
    assert by_label["第三条"].path[0] == "第二章管理职责" and by_label["第三条"].path[1].startswith("第三条")


def test_items_of_an_article_belong_to_it():
    """第三条 …：（一）…（二）… 第四条 …: the items sit inside 第三条, and 第四条 is 第三条's
    sibling, not a child of item （二）."""
    text, clauses = _parse(
        "江苏省制造业促进办法\n"
        "第二章 管理职责\n"
        "第三条 县级以上人民政府工业和信息化主管部门负责以下工作：\n"
        "（一）制定本行政区域制造业发展规划，报本级人民政府批准后组织实施；\n"
        "（二）组织实施制造业重大项目，协调解决项目建设中的重大问题。\n"
        "第四条 其他有关部门按照各自职责做好制造业促进相关工作。\n"
    )
    by_label = {c.label: c for c in clauses if c.label}
    article4 = by_label["第四条"].path
    item1 = by_label["（一）"].path
    assert len(article4) == 2 and article4[0] == "第二章管理职责" and article4[1].startswith("第四条"), (
        "BUG rag.clauses: 第X条 is the innermost level (6), so 第四条 nests under the previous "
        f"article's item （二）: {article4}"
    )
    assert any(h.startswith("第三条") for h in item1), f"item （一） lost its article: {item1}"


def test_markdown_headings():
    text, clauses = _parse(f"# 江苏省制造业发展规划\n## 发展目标\n{BODY}\n## 保障措施\n{BODY}\n")
    headings = [c for c in clauses if c.kind == "heading"]
    assert [c.text for c in headings] == ["江苏省制造业发展规划", "发展目标", "保障措施"]
    body = [c for c in clauses if c.kind == "paragraph"]
    assert [c.path[-1] for c in body] == ["发展目标", "保障措施"]
    assert all("保障措施" not in c.path for c in clauses[:3])
    assert all(text[c.start - 2 : c.start] == "# " for c in headings)  # the marker is not clause text


def test_numbering_restart_drops_an_unnumbered_parent_heading():
    text, clauses = _parse(
        f"江苏加快建设制造强省\n江苏省工业和信息化厅\n{BODY}\n"
        "2020年工作成效\n"
        "（一）稳增长。全年规上工业增加值增长百分之五，完成全年目标任务，工业经济运行总体平稳。\n"
        "（二）促转型。全年新增智能工厂一百家，数字化改造覆盖规上企业，转型成效持续显现。\n"
        "（三）强创新。新增省级企业技术中心一百家，创新能力持续增强，研发投入不断加大。\n"
        "（四）优环境。持续开展减负降本行动，为企业减负一千亿元，营商环境持续优化。\n"
        "（一）精准发力稳增长。加强监测调度分析，确保全年规上工业增加值增长百分之六左右。\n"
        "（二）补齐短板强链条。实施产业基础再造工程，滚动实施工业强基任务表和攻关目录。\n"
    )
    items = [c for c in clauses if c.kind == "item"]
    assert [c.path for c in items[:4]] == [
        ["2020年工作成效", "（一）稳增长"],
        ["2020年工作成效", "（二）促转型"],
        ["2020年工作成效", "（三）强创新"],
        ["2020年工作成效", "（四）优环境"],
    ]
    assert items[4].path == ["（一）精准发力稳增长"]
    assert items[5].path == ["（二）补齐短板强链条"]


def test_no_restart_when_a_new_heading_comes_first():
    text, clauses = _parse(
        f"江苏加快建设制造强省\n江苏省工业和信息化厅\n{BODY}\n"
        "2020年工作成效\n"
        "（一）稳增长。全年规上工业增加值增长百分之五，完成全年目标任务，工业经济运行总体平稳。\n"
        "（二）促转型。全年新增智能工厂一百家，数字化改造覆盖规上企业，转型成效持续显现。\n"
        "2021年工作思路\n"
        "（一）精准发力稳增长。加强监测调度分析，确保全年规上工业增加值增长百分之六左右。\n"
    )
    items = [c for c in clauses if c.kind == "item"]
    assert items[-1].path == ["2021年工作思路", "（一）精准发力稳增长"]
    assert items[1].path == ["2020年工作成效", "（二）促转型"]


def test_enumeration_needs_two_consecutive_items():
    text, clauses = _parse(f"一、总体要求\n推进改革。一是深化改革，{BODY}\n")
    assert not [c for c in clauses if c.label == "一是"]
    text, clauses = _parse(f"一、总体要求\n推进改革。一是深化改革，{BODY}二是扩大开放，{BODY}三是优化服务。\n")
    items = [c for c in clauses if c.label.endswith("是")]
    assert [c.label for c in items] == ["一是", "二是", "三是"]
    assert all(c.path[:2] == ["一、总体要求", "推进改革"] for c in items)
    assert items[2].text == "三是优化服务。"


def test_cn_to_int():
    assert [cn_to_int(s) for s in ["一", "九", "十", "十二", "二十", "二十三"]] == [1, 9, 10, 12, 20, 23]
    assert cn_to_int("") is None and cn_to_int("百") is None and cn_to_int("一二") is None


def test_a_one_sentence_line_under_a_numbered_heading_is_a_paragraph():
    # 八、 holds two short one-sentence measures: they are its body, not headings beside it
    text, clauses = _parse(f"前言。{BODY}\n八、强化金融支撑\n鼓励、引导社会资金建立产业基金。\n鼓励符合条件的企业上市融资。\n九、加强产业集聚\n{BODY}\n")
    measures = [c for c in clauses if c.text.startswith("鼓励")]
    assert [c.kind for c in measures] == ["paragraph", "paragraph"]
    assert all(c.path[0] == "八、强化金融支撑" for c in measures)


def test_an_annex_opens_a_part_outside_the_last_numbered_section():
    clauses = parse_clauses("某县行动计划\n一、重点任务\n（一）加强考核。纳入年度考核。\n附件：重点项目表\n序号\t项目名称\t总投资\n1\t电机智能工厂项目\t38000\n", "d")
    annex = next(c for c in clauses if c.text.startswith("附件"))
    assert annex.kind == "heading" and annex.path == ["附件：重点项目表"]
    rows = [c for c in clauses if c.kind == "table_row"]
    assert rows and rows[0].path[0] == "附件：重点项目表"


def test_a_dash_misread_as_yi_after_a_dash_item_is_a_dash_item():
    text = ("（三）发展目标。到2025年，全省制造业比重保持基本稳定。\n"
            "——全球先进制造新支点。制造业规模稳居全国前列。\n"
            "一全球智能制造践行地。新一代信息技术与制造业深度融合。\n"
            "一是加强组织领导。\n")
    clauses = parse_clauses(text, "d")
    led = {c.path[-1]: c.label for c in clauses if c.kind == "paragraph"}
    assert led["全球先进制造新支点"] == "——" and led["全球智能制造践行地"] == "——"


def test_a_long_item_heading_is_marked_cut_and_its_item_shows_it_whole():
    from rag.compose.structure import item_text

    text = "（十四）建设工业数据空间。一是在汽车、电子、钢铁、石化、纺织等行业建设行业数据空间；二是支持产业集群所在地建设区域数据空间。"
    items = [c for c in parse_clauses(text, "d") if c.label == "一是"]
    assert items and items[0].path[-1].endswith("…")
    assert item_text(items[0], text)[0] == "在汽车、电子、钢铁、石化、纺织等行业建设行业数据空间"


BAR_TABLE = ("一、综合\n\n初步核算，全年国内生产总值1349084亿元，比上年增长5.0%。\n\n表2 2024年居民消费价格比上年涨跌幅度\n"
             "指标 | 全国\n城市 | 农村\n居民消费价格 | 0.2 | 0.2 | 0.3\n其中：食品烟酒 | -0.1 | -0.1 | -0.1\n"
             "衣着 | 1.4 | 1.6 | 0.9\n\n年末国家外汇储备32024亿美元。\n")


def test_a_table_set_with_bars_is_a_table_with_a_two_line_header():
    text = clean_text(BAR_TABLE)
    assert "0.3\n其中：食品烟酒" in text  # the cleaner keeps each row on its line
    clauses = parse_clauses(text, "b")
    rows = [c for c in clauses if c.kind == "table_row"]
    assert [c.path[-1] for c in rows] == ["居民消费价格", "其中：食品烟酒", "衣着"]
    assert rows[0].fields == {"指标": "居民消费价格", "全国": "0.2", "城市": "0.2", "农村": "0.3"}
    # the caption heads its table, not the paragraph after it
    after = next(c for c in clauses if c.text.startswith("年末国家外汇储备"))
    assert not any(p.startswith("表2") for p in after.path)


def test_a_transcript_turn_is_headed_by_its_speakers_post():
    raw = ("岱川省人民政府新闻办公室\n“2025年全省制造业运行情况”新闻发布会实录\n发布人：\n"
           "峄阳市人民政府副市长　程立新\n省统计局副局长　韩静怡\n主持人　周远航：\n欢迎各位记者。首先，请程立新先生作介绍。\n"
           "程立新：\n2025年，我市规上工业增加值增长9.3%。\n主持人　周远航：\n谢谢。请韩静怡女士介绍。\n"
           "韩静怡：\n全省规上工业增加值增长7.1%。\n岱川日报记者：\n请问明年的目标是多少？\n程立新：\n我市2026年力争增长8%。\n")
    text = clean_text(raw)
    paths = {c.text: c.path for c in parse_clauses(text, "t") if c.kind == "paragraph"}
    assert paths["2025年，我市规上工业增加值增长9.3%。"] == ["峄阳市人民政府副市长程立新"]
    assert paths["全省规上工业增加值增长7.1%。"] == ["省统计局副局长韩静怡"]
    assert paths["我市2026年力争增长8%。"] == ["峄阳市人民政府副市长程立新"]
    assert paths["请问明年的目标是多少？"] == ["岱川日报记者"]
    # a line that names a field once (牵头单位：) in an ordinary document is no speaker
    plain = parse_clauses(clean_text("一、总体要求\n目标：\n到2027年建成100个。\n"), "p")
    assert all("目标" != c.path[-1] for c in plain)


def test_a_notices_list_of_annexes_is_a_heading_with_items_and_the_annex_ends_the_end_matter():
    raw = ("公告\n2026年第9号\n为加强钠离子电池行业管理，现予以公告。\n附件：1.钠离子电池行业规范条件（2026年本）\n"
           "2.钠离子电池行业规范公告管理办法（2026年本）\n3.钠离子电池行业规范条件申请书（格式）\n工业和信息化部\n2026年3月20日\n"
           "附件1\n钠离子电池行业规范条件（2026年本）\n第一章 总则\n一、为加强钠离子电池行业管理，制定本规范条件。\n")
    clauses = parse_clauses(clean_text(raw), "n")
    annexed = [c.path for c in clauses if c.path[:1] == ["附件"]]
    assert annexed[0] == ["附件"] and ["附件", "1.钠离子电池行业规范条件（2026年本）"] in annexed and len(annexed) == 4
    assert any(c.path == ["附件1"] for c in clauses)  # (附件1 after the date is no end matter)
