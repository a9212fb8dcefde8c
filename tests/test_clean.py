"""Stage 2 — rag.clean: only whitespace and page-number markers are ever removed.

THE INVARIANT: for every corpus file, the non-whitespace characters of the
cleaned text are exactly those of the raw text without its page markers.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from rag.clean import PAGE_MARKER, clean_text, strip_page_markers

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))
LONG = "全面推进规上工业企业数字化改造，加快建设全球先进制造业基地，推动制造业高质量发展，"  # a wrapped line


def _nows(text: str) -> str:
    return re.sub(r"\s", "", text)


def _lines(text: str) -> list[str]:
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


@pytest.fixture(scope="module")
def cleaned() -> dict[str, tuple[str, str]]:
    return {p.name: (raw := p.read_text("utf-8"), clean_text(raw)) for p in CORPUS_FILES}


def test_corpus_has_five_files():
    assert len(CORPUS_FILES) == 5


# ---------------------------------------------------------------- the invariant


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_invariant_only_whitespace_and_page_markers_removed(path):
    raw = path.read_text("utf-8")
    cleaned = clean_text(raw)
    assert _nows(cleaned) == _nows(strip_page_markers(raw))


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_cleaned_corpus_text_shape(path):
    cleaned = clean_text(path.read_text("utf-8"))
    assert cleaned.endswith("\n") and not cleaned.endswith("\n\n")
    assert "\n\n" not in cleaned, "paragraphs are separated by exactly one newline"
    assert "\r" not in cleaned and "\ufeff" not in cleaned
    assert not PAGE_MARKER.search(cleaned), "a page marker survived cleaning"
    for line in _lines(cleaned):
        assert line.strip(), "no blank paragraphs"
        if "\t" not in line:
            assert line == line.strip(" \u3000"), f"untrimmed line {line!r}"


def test_invariant_is_not_vacuous(cleaned):
    """The corpus really has page markers and wrapped lines, so the invariant tests something."""
    raw, clean = cleaned["zj_advanced_manufacturing_base_14th_fyp_2021.txt"]
    assert len(PAGE_MARKER.findall(raw)) == 5  # —2— —6— **—** 7 **—** ——18— —20—
    assert _nows(raw) != _nows(clean)
    assert clean.count("\n") < raw.count("\n") / 2


def test_invariant_on_synthetic_text_with_every_artefact():
    raw = (
        "\ufeff一、工作目标\r\n\r\n到 2020 年，建设示范区 2 个以上，比重达 32. 7%，\r\n"
        "—2—\r\n\r\n保持全国领 先。\f**— 7 —**\n部署 IPv6 network 网络。规上—12—\n工业。\n"
    )
    cleaned = clean_text(raw)
    assert _nows(cleaned) == _nows(strip_page_markers(raw).replace("\ufeff", ""))


# ---------------------------------------------------------------- page markers


@pytest.mark.parametrize(
    "raw",
    [
        "第一段内容已经结束。\n—2—\n第二段开始。",
        "第一段内容已经结束。\n\n— 12 —\n\n第二段开始。",
        "第一段内容已经结束。\n**— 7 —**\n第二段开始。",
        "第一段内容已经结束。\n**—** 7 **—** \n第二段开始。",
        "第一段内容已经结束。\n-2-\n第二段开始。",
        "第一段内容已经结束。\n  －3－  \n第二段开始。",
    ],
)
def test_page_marker_alone_on_a_line_is_removed(raw):
    assert clean_text(raw) == "第一段内容已经结束。\n第二段开始。\n"


@pytest.mark.parametrize("marker", ["—2—", "-2-", "— 18 —", "——18—", "**— 7 —**"])
def test_page_marker_at_line_end_glued_to_text_is_removed_and_sentence_rejoined(marker):
    raw = f"{LONG}绿色制造稳步推进,规上{marker}\n\n工业单位增加值能耗年均下降4.2%。\n"
    cleaned = clean_text(raw)
    assert cleaned == f"{LONG}绿色制造稳步推进,规上工业单位增加值能耗年均下降4.2%。\n"


def test_corpus_glued_page_markers_are_removed_and_words_rejoined(cleaned):
    _, clean = cleaned["zj_advanced_manufacturing_base_14th_fyp_2021.txt"]
    for joined in ("绿色制造稳步推进,规上工业单位增加值能耗", '深入实施"雏鹰行动",聚焦元器件', "宁波国家新材料测试评价平台"):
        assert joined in clean, f"{joined!r} not rejoined across its page break"
    assert "—2—" not in clean and "—20—" not in clean and "—18—" not in clean


@pytest.mark.parametrize(
    "content",
    [
        "力争新增世界500强企业3—5家。",
        "规划期限为2021—2025年。",
        "1—10月，浙江省规上工业实现增加值13214.4亿元。",
        "推进“双核一带一廊”—杭州、宁波两大核心—引领发展。",
        "温度保持在-2-5摄氏度之间。",
        "完成第2—3批试点。",
    ],
)
def test_dashes_in_content_are_not_page_markers(content):
    assert clean_text(content) == content + "\n"
    assert strip_page_markers(content) == content


# ---------------------------------------------------------------- joining lines


def test_sentence_split_across_lines_with_blank_line_is_joined():
    raw = f"{LONG}到2025年\n\n实现规上工业企业数字化改造全覆盖。\n"
    assert clean_text(raw) == f"{LONG}到2025年实现规上工业企业数字化改造全覆盖。\n"


def test_sentence_split_over_many_lines_is_one_paragraph():
    raw = "（一）指导思想。深入贯彻落实党中央、国务院关于加快传统产业改造提升的决策部署，对标建设\n\n“重要窗口”新目标新定位，坚持以国内大循\n\n环为主体与国内国际双循环相互促进。\n下一段。"
    assert _lines(clean_text(raw)) == [
        "（一）指导思想。深入贯彻落实党中央、国务院关于加快传统产业改造提升的决策部署，对标建设“重要窗口”新目标新定位，坚持以国内大循环为主体与国内国际双循环相互促进。",
        "下一段。",
    ]


def test_paragraph_ending_a_sentence_is_not_joined():
    raw = "第一句已经结束。\n第二句也已经结束；\n第三句：\n第四句？\n"
    assert _lines(clean_text(raw)) == ["第一句已经结束。", "第二句也已经结束；", "第三句：", "第四句？"]


def test_heading_line_is_not_glued_to_following_body():
    raw = "一、工作目标\n到2020年，建设“中国制造2025”国家级示范区2个以上。\n"
    assert _lines(clean_text(raw)) == ["一、工作目标", "到2020年，建设“中国制造2025”国家级示范区2个以上。"]


@pytest.mark.parametrize(
    "heading",
    ["一、工作目标", "#### 一、总体要求", "2020年工作成效", "全球先进制造业基地建设关键指标", "（一）重点发展新兴产业。"],
)
def test_various_headings_stay_on_their_own_line(heading):
    raw = f"{heading}\n\n到2020年，规上工业增加值突破2万亿元，劳动生产率达23.5万元/人。\n"
    assert _lines(clean_text(raw))[0] == heading


@pytest.mark.parametrize(
    "next_line",
    ["（二）主要目标。到2022年全覆盖。", "2.深入开展数字化技术改造。", "- 1—10月，增长3.9%。", "——全国创新驱动新典范。", "第三条 适用范围。", "注：[]为5年累计。"],
)
def test_numbered_item_is_never_glued_to_an_unfinished_line(next_line):
    raw = f"{LONG}推进产业基础高级化\n{next_line}\n"
    lines = _lines(clean_text(raw))
    assert len(lines) == 2, lines
    assert lines[1].replace(" ", "") == next_line.replace(" ", "")


def test_corpus_headings_keep_their_own_lines(cleaned):
    expectations = {
        "zj_made_in_china_2025_action_plan_2018.txt": ["一、工作目标", "二、主要任务", "三、保障措施"],
        "zj_advanced_manufacturing_base_14th_fyp_2021.txt": ["#### 一、总体要求", "# 全球先进制造业基地建设关键指标"],
        "zj_traditional_manufacturing_upgrade_2_0_2020.txt": ["一、总体要求", "二、重点任务", "三、保障措施"],
        "zj_ah_industry_work_reports_2020.txt": ["2020年工作成效", "浙江省经济和信息化厅", "安徽省经济和信息化厅"],
        "zj_yiyongzhou_corridor_industry_report.txt": ["以产业发展助推义甬舟开放大通道建设", "浙江省经济和信息化厅"],
    }
    for name, headings in expectations.items():
        lines = _lines(cleaned[name][1])
        for heading in headings:
            assert heading in lines, f"{name}: heading {heading!r} not on its own line"
    fyp = _lines(cleaned["zj_made_in_china_2025_action_plan_2018.txt"][1])
    goal = fyp.index("一、工作目标")
    assert fyp[goal + 1].startswith("到2020年，建设“中国制造2025”国家级示范区2个以上")


def test_short_heading_after_an_unfinished_paragraph_stays_on_its_own_line(cleaned):
    """安徽 report: "…深化企业服务体系" (no closing punctuation) then a blank line and the
    section heading 2021年工作思路. Glued to the paragraph, the heading is lost, and the
    2021 plan items fall under 2020年工作成效 (their figures get the wrong year)."""
    lines = _lines(cleaned["zj_ah_industry_work_reports_2020.txt"][1])
    assert lines.count("2021年工作思路") == 2, (
        "BUG rag.clean: the 安徽 heading '2021年工作思路' was glued to the previous paragraph: "
        + repr([line[-40:] for line in lines if "2021年工作思路" in line])
    )


def test_signature_line_after_a_parenthesis_stays_on_its_own_line(cleaned):
    """传统制造业 2.0 意见: the last item ends "…政府）" and the signature 浙江省工业转型升级领导小组
    follows on its own line; it must not become part of item （五）."""
    lines = _lines(cleaned["zj_traditional_manufacturing_upgrade_2_0_2020.txt"][1])
    assert "浙江省工业转型升级领导小组" in lines, (
        "BUG rag.clean: signature line glued to the preceding paragraph ending in '）': "
        + repr([line[-50:] for line in lines if line.endswith("领导小组")])
    )


# ---------------------------------------------------------------- spaces


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("比重达32. 7%。", "比重达32.7%。"),
        ("建成5G基站20 万个以上。", "建成5G基站20万个以上。"),
        ("保持全国领 先。", "保持全国领先。"),
        ("到 2020 年，建设示范区 2 个以上。", "到2020年，建设示范区2个以上。"),
        ("增长 3.9 %。", "增长3.9%。"),
        ("传统制造业改造提升 2.0 版", "传统制造业改造提升2.0版"),
        ("“中国制造 2025”浙江行动", "“中国制造2025”浙江行动"),
        ("全角\u3000空格", "全角空格"),
        ("提升 supET 工业互联网平台", "提升supET工业互联网平台"),
    ],
)
def test_spaces_inserted_by_pdf_extraction_are_removed(raw, expected):
    assert clean_text(raw) == expected + "\n"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("IPv6 network", "IPv6 network"),
        ("部署 IPv6 network 网络", "部署IPv6 network网络"),
        ("Made in China 2025", "Made in China 2025"),
        ("营商环境便利度指数\t76.1 *\t90", "营商环境便利度指数\t76.1 *\t90"),
    ],
)
def test_spaces_between_latin_words_are_kept(raw, expected):
    assert clean_text(raw) == expected + "\n"


def test_markdown_bullet_and_heading_markers_keep_their_space():
    cleaned = clean_text("# 浙江省 规划\n- 1—10月，增长3.9%。\n")
    assert _lines(cleaned) == ["# 浙江省规划", "- 1—10月，增长3.9%。"]


# ---------------------------------------------------------------- tables


def test_table_rows_keep_tabs_and_empty_cells():
    raw = (
        "全球先进制造业基地建设关键指标\n"
        "类别\t序号\t指标\t2020年\t2025年\t属性\n"
        "发展质效\t1\t制造业增加值占GDP比重(%)\t32. 7\t33.3左右\t预期性\n"
        "\t2\t规上制造业全员劳动生产率(万元/人)\t23.5\t33\t预期性\n"
        "注:#为扣除国家单列项目;[]为5年累计。\n"
    )
    lines = _lines(clean_text(raw))
    assert lines[1] == "类别\t序号\t指标\t2020年\t2025年\t属性"
    assert lines[2] == "发展质效\t1\t制造业增加值占GDP比重(%)\t32.7\t33.3左右\t预期性"
    assert lines[3] == "\t2\t规上制造业全员劳动生产率(万元/人)\t23.5\t33\t预期性", "leading empty cell must be kept"
    assert lines[4].startswith("注:")


def test_corpus_table_rows_keep_their_columns(cleaned):
    _, clean = cleaned["zj_advanced_manufacturing_base_14th_fyp_2021.txt"]
    rows = [line for line in _lines(clean) if "\t" in line]
    assert len(rows) == 11  # header + 10 indicators
    assert all(row.count("\t") == 5 for row in rows), [r for r in rows if r.count("\t") != 5]
    assert rows[0] == "类别\t序号\t指标\t2020年\t2025年\t属性"
    assert "\t10\t营商环境便利度指数\t76.1 *\t90\t预期性" in rows[-1]


# ---------------------------------------------------------------- misc


def test_empty_and_blank_input():
    assert clean_text("") == ""
    assert clean_text("\n\n  \n—2—\n") == ""


def test_crlf_and_form_feed_are_line_breaks():
    assert clean_text("一、总体要求\r\n到2020年完成。\r二、任务\f三、保障\n") == "一、总体要求\n到2020年完成。\n二、任务\n三、保障\n"


def test_a_line_that_carries_on_a_numbering_begun_inside_a_sentence_is_joined():
    text = clean_text("申报材料主要包括：（一）项目申报表；（二）营业执照；\n（三）审计报告。申报主体负责。\n（一）加强组织领导。\n（二）加大支持。\n")
    assert text.splitlines() == ["申报材料主要包括：（一）项目申报表；（二）营业执照；（三）审计报告。申报主体负责。", "（一）加强组织领导。", "（二）加大支持。"]


def test_field_lines_and_roster_lines_stay_apart():
    raw = ("发布时间：2026年1月23日（星期五）上午10:00\n发布地点：省人民政府新闻发布厅\n发布人：\n"
           "省工业和信息化厅副厅长　许清源\n峄阳市人民政府副市长　程立新\n许清源：\n各位记者朋友，大家上午好！\n")
    lines = clean_text(raw).splitlines()
    assert lines[:3] == ["发布时间：2026年1月23日（星期五）上午10:00", "发布地点：省人民政府新闻发布厅", "发布人："]
    assert "峄阳市人民政府副市长程立新" in lines and "省工业和信息化厅副厅长许清源" in lines


def test_a_short_header_field_stands_on_its_own_line():
    from rag.clean import clean_text

    text = clean_text("岚城市工业和信息化局\n分类标记：B类\n岚工信建〔2026〕7号\n签发人：陈立\n岚城市工业和信息化局关于第56号建议的答复\n")
    assert "分类标记：B类\n岚工信建〔2026〕7号\n签发人：陈立\n岚城市" in text


def test_a_space_for_a_thousands_separator_is_removed():
    from rag.clean import clean_text

    assert clean_text("清退保证金2 130万元，共 3 000 个").strip() == "清退保证金2130万元，共3000个"
    assert clean_text("76.1 200；2024 100家").strip() == "76.1 200；2024 100家"  # two numbers, not one
