"""指标库 — rag.targets.extract_targets on real and synthetic clauses."""
from __future__ import annotations


import pytest

from rag.targets import extract_targets, sentences
from rag.types import Clause

FYP = "zj_advanced_manufacturing_base_14th_fyp_2021"
UPG = "zj_traditional_manufacturing_upgrade_2_0_2020"
ZJ = "zj_ah_industry_work_reports_2020.part1"


@pytest.fixture(scope="module")
def corpus(parsed_corpus):
    """doc_id → (document text, clauses, targets)"""
    return {d: (p.text, p.clauses, p.targets) for d, p in parsed_corpus.items()}


def _clause(doc_text: str, body: str, path=("一、总体要求",), kind="paragraph") -> Clause:
    start = doc_text.index(body)
    return Clause("syn:0001", "syn", list(path), "", body, start, start + len(body), kind)


def _targets(body: str, prefix: str = "一、总体要求\n", path=("一、总体要求",)):
    doc_text = prefix + body + "\n"
    clause = _clause(doc_text, body, path)
    targets = extract_targets(clause, doc_text)
    for t in targets:
        _check_offsets(t, doc_text)
    return doc_text, targets


def _check_offsets(t, doc_text):
    assert doc_text[t.start : t.end] == t.quote, t
    assert doc_text[t.value_start : t.value_end] == t.value_text, t
    assert t.start <= t.value_start < t.value_end <= t.end, t
    if t.deadline_start >= 0:
        # the 到20XX年 phrase precedes the value (it may lie before a quote kept to its sentence)
        assert str(t.deadline) in doc_text[t.deadline_start : t.deadline_end]
        assert t.deadline_start < t.deadline_end <= t.value_start


def _one(targets, value_text):
    found = [t for t in targets if t.value_text == value_text]
    assert len(found) == 1, f"{value_text!r}: {[t.value_text for t in targets]}"
    return found[0]


# ---------------------------------------------------------------- every target in the corpus


def test_every_corpus_target_quotes_exact_document_text(corpus):
    n = 0
    for doc_id, (text, clauses, targets) in corpus.items():
        by_id = {c.clause_id: c for c in clauses}
        for t in targets:
            _check_offsets(t, text)
            clause = by_id[t.clause_id]
            assert t.doc_id == doc_id
            assert clause.start <= t.value_start and t.value_end <= clause.end, "value outside its clause"
            if clause.kind != "table_row":
                assert t.value_text in t.quote
            n += 1
    assert n >= 100


def test_years_and_ordinals_are_not_values(corpus):
    for text, clauses, targets in corpus.values():
        for t in targets:
            assert not (t.value_text.rstrip("年").isdigit() and len(t.value_text.rstrip("年")) == 4 and not t.unit), t
            assert text[t.value_start - 1 : t.value_start] != "第", t


# ---------------------------------------------------------------- real clauses


def test_fyp_5g_base_stations(corpus):
    text, clauses, targets = corpus[FYP]
    t = _one([t for t in targets if "5G基站" in t.quote], "20万个以上")
    assert t.deadline == 2025
    assert t.number == 200000
    assert t.qualifier == "以上"
    assert t.unit == "万个"
    assert "5G基站" in t.indicator
    assert t.is_target
    assert text[t.deadline_start : t.deadline_end] == "到2025年"
    assert "到2025年,建成5G基站20万个以上" in t.quote


def test_fyp_fortune_500_range_not_500(corpus):
    text, clauses, targets = corpus[FYP]
    in_sentence = [t for t in targets if "世界500强企业3—5家" in t.quote]
    t = _one(in_sentence, "3—5家")
    assert t.number == 3 and t.unit == "家" and t.deadline == 2025
    assert "世界500强" in t.indicator
    assert not [x for x in in_sentence if x.number == 500 or x.value_text.startswith("500")]


def test_fyp_not_lower_than_30_percent(corpus):
    text, clauses, targets = corpus[FYP]
    t = _one([t for t in targets if "不低于30%" in t.quote], "30%")
    assert (t.number, t.unit, t.qualifier) == (30, "%", "不低于")
    assert "工业用地比例" in t.indicator


def test_fyp_achieved_2020_figures_are_not_targets(corpus):
    """发展基础 reports what "十三五" achieved by 2020 (到2020年底, … 达23.5万元/人). The same
    figures are the table's 2020 column, which is (rightly) is_target=False."""
    text, clauses, targets = corpus[FYP]
    basis = [t for t in targets if any("发展基础" in h for h in by_clause_path(clauses, t))]
    assert len(basis) >= 10
    table_2020 = {t.number for t in targets if t.deadline == 2020 and not t.is_target}
    assert {23.5, 136.0, 2.8, 10.9} <= table_2020
    wrong = [(t.value_text, t.indicator) for t in basis if t.is_target]
    assert not wrong, (
        "BUG rag.targets.extract_targets: achieved figures in a plan's 发展基础 (deadline 2020, "
        f"before the 2021 plan) are flagged is_target=True: {wrong[:5]} … ({len(wrong)} in all)"
    )


def by_clause_path(clauses, target):
    return next(c.path for c in clauses if c.clause_id == target.clause_id)


def test_upg_break_through_6_trillion(corpus):
    text, clauses, targets = corpus[UPG]
    t = _one(targets, "6万亿元")
    assert t.qualifier == "突破"
    assert t.number == 6e12
    assert t.unit == "万亿元"
    assert t.deadline == 2022 and t.is_target
    assert "突破6万亿元" in t.quote


def test_zj_report_respectively_assigns_each_subject(corpus):
    text, clauses, targets = corpus[ZJ]
    resp = [t for t in targets if "分别增长15.0%、8.8%、8.4%" in t.quote and t.value_text in ("15.0%", "8.8%", "8.4%", "15.2%")]
    assert [(t.indicator, t.value_text, t.number) for t in resp] == [
        ("高技术制造业增加值增长", "15.0%", 15.0),
        ("战略性新兴产业增加值增长", "8.8%", 8.8),
        ("高新技术产业增加值增长", "8.4%", 8.4),
        ("数字经济核心制造业增加值增长", "15.2%", 15.2),
    ]
    assert not any(t.is_target for t in resp), "reported figures, not targets"


def test_report_figures_under_a_dated_heading_get_its_year(corpus):
    text, clauses, targets = corpus[ZJ]
    found = [t for t in targets if t.value_text == "5.56万个"]
    assert len(found) == 2  # the highlight line and the body both state it
    for t in found:
        assert t.deadline == 2020  # from the heading 2020年工作成效
        assert t.number == 55600
        assert not t.is_target
    plain = [t for t in found if "超5.56万个" in t.quote]
    assert len(plain) == 1 and plain[0].qualifier == "超"


def test_bold_markup_does_not_hide_the_qualifier(corpus):
    """Highlight line: 建成交付5G基站超**5.56万个** — the ** between 超 and the value."""
    text, clauses, targets = corpus[ZJ]
    (bold,) = [t for t in targets if t.value_text == "5.56万个" and "超**5.56万个**" in t.quote]
    assert bold.qualifier == "超", (
        "BUG rag.targets._qualifier: markdown ** between a prefix qualifier and its value hides "
        f"the qualifier (got {bold.qualifier!r}; the same figure in the body gets '超')"
    )


# ---------------------------------------------------------------- table rows


def _row_targets(corpus, needle):
    text, clauses, targets = corpus[FYP]
    row = next(c for c in clauses if c.kind == "table_row" and needle in c.text)
    return [t for t in targets if t.clause_id == row.clause_id]


def test_table_row_gives_one_value_per_year_column(corpus):
    targets = _row_targets(corpus, "制造业增加值占GDP比重")
    assert [(t.deadline, t.value_text, t.number, t.unit, t.is_target) for t in targets] == [
        (2020, "32.7", 32.7, "%", False),
        (2025, "33.3左右", 33.3, "%", True),
    ]
    assert targets[1].qualifier == "左右"
    assert all(t.indicator == "制造业增加值占GDP比重(%)" for t in targets)


def test_table_footnote_brackets_mean_five_year_total(corpus):
    (t,) = _row_targets(corpus, "规上工业单位增加值能耗降幅")  # 2020 column is "_": no value
    assert t.value_text == "[16]以上"
    assert (t.number, t.qualifier, t.deadline, t.is_target) == (16, "以上", 2025, True)
    assert "5年累计" in t.indicator
    assert "扣除国家单列项目" in t.indicator  # the # symbol in the indicator name


def test_table_footnote_star_means_2019_value(corpus):
    first, second = _row_targets(corpus, "营商环境便利度指数")
    assert first.value_text == "76.1 *"
    assert first.number == 76.1
    assert first.deadline == 2019
    assert first.is_target is False
    assert "2019年数值" in first.indicator
    assert (second.value_text, second.deadline, second.is_target) == ("90", 2025, True)
    assert "2019年数值" not in second.indicator


def test_table_units_come_from_the_indicator_name(corpus):
    targets = _row_targets(corpus, "规上工业亩均增加值")
    assert {t.unit for t in targets} == {"万元/亩"}
    assert [t.number for t in targets] == [136, 180]


def test_note_and_header_give_no_targets(corpus):
    text, clauses, targets = corpus[FYP]
    skipped = {c.clause_id for c in clauses if c.kind in ("note", "table_header")}
    assert len(skipped) == 2
    assert not [t for t in targets if t.clause_id in skipped]


# ---------------------------------------------------------------- synthetic clauses


def test_synthetic_5g_clause():
    doc_text, targets = _targets("到2025年,建成5G基站20万个以上,5G网络建设水平全国领先。")
    (t,) = targets
    assert (t.deadline, t.value_text, t.number, t.qualifier, t.unit) == (2025, "20万个以上", 200000, "以上", "万个")
    assert t.indicator == "建成5G基站"
    assert t.is_target
    assert doc_text[t.deadline_start : t.deadline_end] == "到2025年"


def test_synthetic_range_is_not_the_500_of_fortune_500():
    doc_text, targets = _targets("到2025年，力争新增世界500强企业3—5家。")
    (t,) = targets
    assert (t.value_text, t.number, t.unit, t.deadline) == ("3—5家", 3, "家", 2025)


@pytest.mark.parametrize(
    "body, value, number, unit, qualifier",
    [
        ("到2022年，“415”先进制造业集群总产值突破6万亿元。", "6万亿元", 6e12, "万亿元", "突破"),
        ("工业大市大县每年出让土地总量中工业用地比例不低于30%。", "30%", 30, "%", "不低于"),
        ("到2025年，规上工业企业研发费用占营业收入比重达到3.4%左右。", "3.4%左右", 3.4, "%", "达到左右"),
        ("到2025年，培育专精特新小巨人企业累计500家。", "500家", 500, "家", "累计"),
        ("到2025年，在役工业机器人超过10万台。", "10万台", 100000, "万台", "超过"),
        ("全年推广应用工业机器人1300多台。", "1300多台", 1300, "台", "多"),
    ],
)
def test_synthetic_values_and_qualifiers(body, value, number, unit, qualifier):
    doc_text, targets = _targets(body)
    t = _one(targets, value)
    assert (t.number, t.unit, t.qualifier) == (number, unit, qualifier)


def test_synthetic_respectively_with_shared_tail():
    doc_text, targets = _targets("1—10月，高技术制造业、战略性新兴产业、高新技术产业增加值分别增长15.0%、8.8%、8.4%。")
    assert [(t.indicator, t.value_text) for t in targets] == [
        ("高技术制造业增加值增长", "15.0%"),
        ("战略性新兴产业增加值增长", "8.8%"),
        ("高新技术产业增加值增长", "8.4%"),
    ]


def test_synthetic_respectively_with_mismatched_count_falls_back():
    doc_text, targets = _targets("防护服、口罩日产量较疫情初期分别增长343倍和1442倍。")
    assert [t.value_text for t in targets] == ["343倍", "1442倍"]
    assert all(t.indicator for t in targets)


def test_deadline_is_the_nearest_year_before_the_value():
    doc_text, targets = _targets("到2022年，建成智能工厂100家；到2025年，建成智能工厂300家。")
    assert [(t.value_text, t.deadline) for t in targets] == [("100家", 2022), ("300家", 2025)]
    assert [doc_text[t.deadline_start : t.deadline_end] for t in targets] == ["到2022年", "到2025年"]


def test_heading_year_is_used_when_the_clause_has_none():
    doc_text, targets = _targets(
        "全年新增智能工厂114家。", prefix="2020年工作成效\n", path=("2020年工作成效", "（一）智能制造")
    )
    (t,) = targets
    assert t.deadline == 2020 and t.deadline_start == -1
    assert not t.is_target


def test_no_values_in_plain_text_years_ordinals_and_names():
    doc_text, targets = _targets("深入实施“中国制造2025”，推进第三批IPv6和5G试点，2021年全面启动。")
    assert targets == []


def test_offsets_are_absolute_when_the_clause_is_deep_in_the_document():
    prefix = "一、总体要求\n" + "前文。" * 200 + "\n"
    doc_text, targets = _targets("到2025年,建成5G基站20万个以上。", prefix=prefix)
    (t,) = targets
    assert t.start >= len(prefix)
    assert doc_text[t.value_start : t.value_end] == "20万个以上"


def test_sentences_helper_spans():
    text = "第一句。第二句；第三句！"
    assert [text[s:e] for s, e in sentences(text)] == ["第一句。", "第二句；", "第三句！"]
    assert [text[s:e] for s, e in sentences(text, full=True)] == ["第一句。", "第二句；第三句！"]
    assert sentences(text, base=10)[0] == (10, 14)


def test_a_bare_change_after_a_figure_is_that_figures_change():
    _, targets = _targets("其中，出口254545亿元，增长7.1%；进口183923亿元，增长2.3%。")
    by_value = {t.value_text: t.indicator for t in targets}
    assert "出口" in by_value["7.1%"] and "进口" in by_value["2.3%"]


def test_a_count_with_the_measure_word_da():
    _, targets = _targets("用好20大先进制造园区，为人工智能终端企业提供优质优价空间。")
    (t,) = targets
    assert (t.value_text, t.number, t.unit) == ("20大", 20, "大")


def test_a_grant_belongs_to_the_recipient_named_before_it():
    from rag.targets import extract_targets
    from rag.types import Clause

    text = ("第八条对首次被认定为国家级专精特新“小巨人”企业的，给予一次性奖励100万元；"
            "对首次被认定为省级专精特新中小企业的，给予一次性奖励30万元。")
    found = {t.value_text: t.indicator for t in extract_targets(Clause("d:1", "d", ["第八条"], "第八条", text, 0, len(text)), text)}
    assert "小巨人" in found["100万元"] and "省级" in found["30万元"] and "小巨人" not in found["30万元"]


def test_a_table_without_year_columns_gives_each_figure_cell_its_row_and_column():
    from rag.clauses import parse_clauses

    text = ("二、支持方式和标准\n申报方向\t支持方式\t支持比例\t单个项目最高支持额度\n"
            "典型场景项目\t补助\t不超过投资额的20%\t300万元\n工业大模型创新应用项目\t补助\t不超过研发投入的30%\t500万元\n")
    rows = [c for c in parse_clauses(text, "d") if c.kind == "table_row"]
    assert [r.path[-1] for r in rows] == ["典型场景项目", "工业大模型创新应用项目"]
    found = {(t.indicator, t.value_text) for t in extract_targets(rows[1], text)}
    assert ("工业大模型创新应用项目单个项目最高支持额度", "500万元") in found
    assert ("工业大模型创新应用项目支持比例", "30%") in found
    for t in extract_targets(rows[1], text):
        assert text[t.value_start:t.value_end] == t.value_text and t.deadline is None


def test_grants_given_respectively_go_with_the_figures_they_reward():
    text = "对年营业收入首次突破1亿元、5亿元、10亿元的企业，分别给予50万元、150万元、300万元一次性奖励。"
    clause = Clause(clause_id="d:0001", doc_id="d", path=["（二）支持企业做大做强"], label="", text=text, start=0, end=len(text), kind="paragraph")
    by_value = {t.value_text: t.indicator for t in extract_targets(clause, text)}
    assert "5亿元" in by_value["150万元"] and "10亿元" in by_value["300万元"] and "1亿元" in by_value["50万元"]


def test_subjects_of_one_shape_share_what_follows_the_last_one():
    text = "家电以旧换新补贴资金实行央地共担，东部、中部、西部地区中央承担比例分别为85%、90%、95%。"
    clause = Clause(clause_id="d:0001", doc_id="d", path=["六、加强资金管理"], label="", text=text, start=0, end=len(text), kind="paragraph")
    by_value = {t.value_text: t.indicator for t in extract_targets(clause, text)}
    assert by_value["85%"].startswith("东部地区中央承担比例") and by_value["95%"].startswith("西部地区中央承担比例")


def test_a_bar_table_cell_is_a_target_at_its_own_offset():
    from rag.clauses import parse_clauses
    from rag.clean import clean_text
    from rag.targets import extract_targets

    text = clean_text("表3 主要产品产量\n产品名称 | 单位 | 产量 | 比上年增长（%）\n工业机器人 | 万套 | 55.6 | 14.2\n服务机器人 | 万套 | 1051.9 | 15.6\n")
    clauses = parse_clauses(text, "t")
    found = [t for c in clauses if c.kind == "table_row" for t in extract_targets(c, text)]
    robot = next(t for t in found if t.indicator.startswith("工业机器人") and t.value_text == "55.6")
    assert text[robot.value_start: robot.value_end] == "55.6"


def test_how_long_a_term_lasts_is_a_value_other_durations_are_not():
    _, targets = _targets("省级财政给予1.5个百分点贴息，贴息期限不超过2年。企业连续3年研发投入增长。")
    assert [t.value_text for t in targets if t.unit == "年"] == ["2年"]
    _, targets = _targets("常规审批时间由平均30天压缩为8个工作日。")
    assert [(t.value_text, t.unit) for t in targets] == [("30天", "天"), ("8个工作日", "个工作日")]


def test_a_column_that_names_its_target_year_dates_its_cells():
    from rag.clauses import parse_clauses

    text = ("全市重点产业链如下表：\n产业链\t链长\t牵头部门\t2027年目标产值\n"
            "高端装备制造\t市委常委、市委秘书长\t市工业和信息化局\t800亿元\n")
    clauses = parse_clauses(text, "d")
    found = [t for c in clauses if c.kind == "table_row" for t in extract_targets(c, text)]
    cell = next(t for t in found if t.value_text == "800亿元")
    assert cell.deadline == 2027 and cell.is_target


def test_a_question_in_the_text_states_no_figure():
    text = "请问，刚才提到2026年要推动20条产业链开展数字化转型，这20条产业链全部由省里牵头吗？相关名单将于2026年6月底前公布。"
    clause = Clause("d:1", "d", ["岱川日报记者"], "", text, 0, len(text))
    assert not [t for t in extract_targets(clause, text) if t.value_text == "20条"]


def test_a_class_in_words_is_no_figure():
    text = "云畈县、栖凫县分别形成绿色建材、纺织服装两个百亿级特色产业集群，临垣市营业收入达到1130亿元。"
    found = [t.value_text for t in extract_targets(Clause("d:1", "d", ["一、"], "", text, 0, len(text)), text)]
    assert "百亿" not in found and "1130亿元" in found


def test_a_year_column_of_actual_figures_dates_its_cells():
    # 2025年规划目标 | 2025年实际: both columns are 2025's, one planned, one reached
    from rag.clauses import parse_clauses
    from rag.targets import extract_targets

    text = ("表1　主要指标完成情况\n指标\t单位\t2020年基期\t2025年规划目标\t2025年实际\t完成情况\n"
            "规模以上工业企业数\t家\t140\t220\t236\t完成\n")
    targets = [t for c in parse_clauses(text, "d") for t in extract_targets(c, text)]
    by_value = {t.value_text: (t.deadline, t.is_target) for t in targets}
    assert by_value["220"] == (2025, True) and by_value["236"] == (2025, False) and by_value["140"] == (2020, False)


def test_a_table_cell_in_months_is_a_time_not_a_count():
    from rag.clauses import parse_clauses

    text = "表1 榜单汇总表\n序号\t榜单名称\t支持金额（万元）\t攻关周期\n1\t临时键合胶\t1000\t24个月\n2\t谐波减速器\t800\t36个月\n"
    rows = [c for c in parse_clauses(text, "d") if c.kind == "table_row"]
    assert {t.value_text for t in extract_targets(rows[0], text)} >= {"24个月"}
    assert "24个" not in {t.value_text for t in extract_targets(rows[0], text)}
