"""Stage 2b — rag.documents: split a cleaned file into documents and read their
metadata (title, 文号, issuer, 落款/印发 dates, region, target years)."""
from __future__ import annotations

from pathlib import Path

import pytest

from rag.clean import clean_text
from rag.documents import make_documents, normalise_doc_number, DOC_NUMBER, split_reports

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FYP = "zj_advanced_manufacturing_base_14th_fyp_2021"
MIC = "zj_made_in_china_2025_action_plan_2018"
UPG = "zj_traditional_manufacturing_upgrade_2_0_2020"
RPT = "zj_ah_industry_work_reports_2020"
YYZ = "zj_yiyongzhou_corridor_industry_report"


@pytest.fixture(scope="module")
def files():
    """file name → (cleaned text, [DocumentText])"""
    out = {}
    for path in sorted(CORPUS.glob("*.txt")):
        cleaned = clean_text(path.read_text("utf-8"))
        out[path.name] = (cleaned, make_documents(cleaned, path.name))
    return out


@pytest.fixture(scope="module")
def docs(files):
    return {d.document.doc_id: d for _, parts in files.values() for d in parts}


def test_six_documents_from_five_files(files, docs):
    assert len(files) == 5
    assert sorted(docs) == sorted([FYP, MIC, UPG, f"{RPT}.part1", f"{RPT}.part2", YYZ])
    assert [len(parts) for _, parts in files.values()] == [1, 2, 1, 1, 1]


@pytest.mark.parametrize(
    "doc_id, title",
    [
        (FYP, '浙江省全球先进制造业基地建设"十四五"规划'),
        (MIC, "工业和信息化部浙江省人民政府共同推进“中国制造2025”浙江行动战略合作协议实施方案"),
        (UPG, "浙江省工业转型升级领导小组关于深入推进传统制造业改造提升2.0版的实施意见"),
        (f"{RPT}.part1", "践行“八八战略”浙江加快形成全球先进制造业基地"),
        (f"{RPT}.part2", "强链条育引擎安徽大力实施产业基础再造工程"),
        (YYZ, "以产业发展助推义甬舟开放大通道建设"),
    ],
)
def test_titles(docs, doc_id, title):
    assert docs[doc_id].document.title == title


@pytest.mark.parametrize(
    "doc_id, number, kind",
    [
        (MIC, "浙政办发〔2018〕10号", "notice"),
        (FYP, "浙政发〔2021〕20号", "notice"),  # raw text: 浙政发[2021] 20号
        (UPG, "浙转升〔2020〕4号", "notice"),
        (f"{RPT}.part1", None, "report"),
        (f"{RPT}.part2", None, "report"),
        (YYZ, None, "report"),
    ],
)
def test_doc_numbers_and_kind(docs, doc_id, number, kind):
    assert docs[doc_id].document.doc_number == number
    assert docs[doc_id].document.kind == kind


def test_fyp_raw_doc_number_uses_square_brackets():
    raw = (CORPUS / f"{FYP}.txt").read_text("utf-8")
    assert "浙政发[2021] 20号" in raw  # the normalisation above is really exercised


@pytest.mark.parametrize(
    "doc_id, issuer",
    [
        (FYP, "浙江省人民政府"),
        (MIC, "浙江省人民政府办公厅"),
        (UPG, "浙江省工业转型升级领导小组"),
        (f"{RPT}.part1", "浙江省经济和信息化厅"),
        (f"{RPT}.part2", "安徽省经济和信息化厅"),
        (YYZ, "浙江省经济和信息化厅"),
    ],
)
def test_issuers(docs, doc_id, issuer):
    assert docs[doc_id].document.issuer == issuer


@pytest.mark.parametrize(
    "doc_id, signed, printed",
    [
        (MIC, "2018-01-23", "2018-01-29"),
        (FYP, "2021-07-02", "2021-07-13"),
        (UPG, "2020-09-30", "2020-10-09"),
        (f"{RPT}.part1", None, None),
        (f"{RPT}.part2", None, None),
        (YYZ, None, None),
    ],
)
def test_signed_and_printed_dates(docs, doc_id, signed, printed):
    document = docs[doc_id].document
    assert document.date == signed, "落款 date"
    assert document.printed_date == printed, "印发 date"


@pytest.mark.parametrize(
    "doc_id, region",
    [(FYP, "浙江"), (MIC, "浙江"), (UPG, "浙江"), (f"{RPT}.part1", "浙江"), (f"{RPT}.part2", "安徽"), (YYZ, "浙江")],
)
def test_regions(docs, doc_id, region):
    assert docs[doc_id].document.region == region


@pytest.mark.parametrize(
    "doc_id, years",
    [
        (FYP, (2020, 2025)),  # 到2020年底 (发展基础) … 到2025年
        (MIC, (2020, 2020)),
        (UPG, (2022, 2022)),
        (f"{RPT}.part1", None),
        (f"{RPT}.part2", None),
        (YYZ, None),
    ],
)
def test_target_years(docs, doc_id, years):
    assert docs[doc_id].document.target_years == years


def test_paths_and_document_texts_are_slices_of_the_file(files):
    for name, (cleaned, parts) in files.items():
        for part in parts:
            assert part.document.path == name
            assert cleaned[part.offset : part.offset + len(part.text)] == part.text
        # the parts tile the file: nothing lost, nothing shared
        assert "".join(p.text for p in parts) == cleaned
        assert [p.offset for p in parts] == sorted(p.offset for p in parts)


def test_the_two_reports_split_at_the_anhui_title(files):
    cleaned, (zj, ah) = files[f"{RPT}.txt"]
    assert zj.document.doc_id == f"{RPT}.part1" and ah.document.doc_id == f"{RPT}.part2"
    assert ah.text.startswith("强链条育引擎安徽大力实施产业基础再造工程\n安徽省经济和信息化厅\n")
    assert "安徽" not in zj.text.split("\n")[0]
    assert "安徽省" not in zj.text and "浙江省规上工业" not in ah.text
    assert ah.offset == cleaned.index("强链条育引擎")


def test_doc_number_normalisation_variants():
    cases = {
        "浙政发[2021] 20号": "浙政发〔2021〕20号",
        "浙政办发〔2018〕10号": "浙政办发〔2018〕10号",
        "国发(2020)5号": "国发〔2020〕5号",
        "国发（2020）5号": "国发〔2020〕5号",
        "浙转升［2020］ 4 号": "浙转升〔2020〕4号",
        "浙江省人民政府文件浙政发〔2021〕20号": "浙政发〔2021〕20号",
    }
    for raw, expected in cases.items():
        m = DOC_NUMBER.search(raw)
        assert m, raw
        assert normalise_doc_number(m) == expected, raw


# ---------------------------------------------------------------- synthetic texts

BODY = "今年以来，全省经信系统坚持稳中求进工作总基调，推动工业经济持续回升向好，规上工业增加值同比增长百分之五以上，各项工作取得明显成效。"


def test_synthetic_file_with_two_reports_splits_into_two_documents():
    text = clean_text(
        f"江苏加快建设制造强省\n江苏省工业和信息化厅\n{BODY * 3}\n一、工作成效\n（一）稳增长。到2025年，{BODY}\n"
        f"山东推进新旧动能转换\n山东省工业和信息化厅\n{BODY * 3}\n一、工作成效\n（一）促转型。到2030年，{BODY}\n"
    )
    parts = make_documents(text, "reports/two reports.txt")
    assert [p.document.doc_id for p in parts] == ["reports__two_reports.part1", "reports__two_reports.part2"]
    first, second = (p.document for p in parts)
    assert (first.title, first.issuer, first.region, first.kind) == ("江苏加快建设制造强省", "江苏省工业和信息化厅", "江苏", "report")
    assert (second.title, second.issuer, second.region, second.kind) == ("山东推进新旧动能转换", "山东省工业和信息化厅", "山东", "report")
    assert first.target_years == (2025, 2025) and second.target_years == (2030, 2030)
    assert all(p.document.path == "reports/two reports.txt" for p in parts)
    assert parts[1].text.startswith("山东推进新旧动能转换\n")
    assert "".join(p.text for p in parts) == text


def test_short_prelude_does_not_split_off():
    # a title + issuer pair less than 200 characters after the start is the document's own header
    text = clean_text(f"江苏加快建设制造强省\n江苏省工业和信息化厅\n副标题说明\n江苏省工业和信息化厅\n{BODY * 3}\n")
    assert len(split_reports(text)) == 1


NOTICE = f"""江苏省人民政府文件
苏政发〔2022〕5号
江苏省人民政府关于印发江苏省制造业发展规划的通知
各市、县（市、区）人民政府，省各委办厅局：
现将《江苏省制造业发展规划》印发给你们，请认真贯彻落实。{BODY * 3}
特此通知
江苏省人民政府
2022年3月1日
（此件公开发布）
江苏省制造业发展规划
一、总体要求
（一）指导思想。{BODY * 2}
（二）主要目标。到2025年，{BODY}到2030年，基本建成制造强省。
抄送：省委各部门，省人大常委会办公厅。
江苏省人民政府办公厅
2022年3月3日印发
"""


def test_single_notice_with_signature_and_date_is_not_split():
    text = clean_text(NOTICE)
    assert "特此通知\n江苏省人民政府\n2022年3月1日\n" in text  # title-like line, issuer line, date: the trap
    parts = make_documents(text, "jiangsu_notice.txt")
    assert len(parts) == 1, [p.text[:30] for p in parts]
    document = parts[0].document
    assert document.doc_id == "jiangsu_notice"
    assert document.title == "江苏省制造业发展规划"
    assert document.doc_number == "苏政发〔2022〕5号"
    assert document.issuer == "江苏省人民政府"
    assert document.date == "2022-03-01"
    assert document.printed_date == "2022-03-03"
    assert document.region == "江苏"
    assert document.kind == "notice"
    assert document.target_years == (2025, 2030)


def test_report_without_header_or_dates():
    text = clean_text(f"关于全省制造业发展情况的报告\n{BODY}\n")
    (part,) = make_documents(text, "plain.md")
    document = part.document
    assert document.title == "关于全省制造业发展情况的报告"
    assert document.doc_number is None and document.issuer is None
    assert document.date is None and document.printed_date is None
    assert document.kind == "report" and document.region is None
    assert document.doc_id == "plain"


def test_to_dict_round_trip(docs):
    d = docs[FYP].document.to_dict()
    assert d["doc_number"] == "浙政发〔2021〕20号"
    assert d["target_years"] == (2020, 2025)
    assert set(d) >= {"doc_id", "title", "issuer", "date", "printed_date", "region", "kind", "path"}


def test_an_untitled_file_named_in_english_is_matched_through_its_name():
    from rag.documents import read_metadata

    doc = read_metadata("深工信〔2025〕42号\n\n为抢抓人工智能发展新机遇，制定本行动计划。\n", "sz",
                        "shenzhen-2025-ai-terminal-industry-action-plan.txt")
    assert doc.title == "shenzhen-2025-ai-terminal-industry-action-plan"  # shown as it is
    assert doc.alias.startswith("深圳2025人工智能终端") and doc.alias in doc.match_title
    titled = read_metadata("关于印发某市行动方案的通知\n\n某政发〔2025〕1号\n\n正文。\n", "x", "x.txt")
    assert titled.alias == "" and titled.match_title == titled.title


def test_a_notice_without_an_issuer_line_is_issued_by_its_titles_opening():
    from rag.documents import read_metadata

    doc = read_metadata("商务部等4部门办公厅关于进一步做好家电以旧换新工作的通知\n\n为全面贯彻…，现就有关事项通知如下。\n",
                        "m", "m.txt")
    assert doc.issuer == "商务部等4部门办公厅"
    plain = read_metadata("广东省关于人工智能赋能千行百业的若干措施\n\n正文。\n", "g", "g.txt")
    assert plain.issuer is None  # 广东省 names a place, not an issuing body


def test_a_signature_that_runs_two_bodies_together_names_both():
    from rag.documents import split_issuers

    assert split_issuers("南京市数据局南京市城市数字治理中心") == ["南京市数据局", "南京市城市数字治理中心"]
    assert split_issuers("浙江省经济和信息化厅") == ["浙江省经济和信息化厅"]


def test_an_interpretation_is_titled_with_the_document_it_explains_nested():
    from rag.documents import read_metadata

    doc = read_metadata("《某省加快新型储能产业发展若干措施》政策解读\n\n发布日期：2025年12月26日　　来源：某省工业和信息化厅　　字号：大 中 小\n\n"
                        "近日，省工业和信息化厅印发了《某省加快新型储能产业发展若干措施》（某工信规〔2025〕11号）。\n", "jd", "jd.txt")
    assert doc.title == "〈某省加快新型储能产业发展若干措施〉政策解读"  # shown as 《〈…〉政策解读》
    assert doc.doc_number is None  # the 文号 in its text is the explained document's
    assert doc.date == "2025-12-26" and doc.issuer == "某省工业和信息化厅"


def test_a_letterhead_of_the_issuer_alone_is_not_the_title():
    from rag.documents import read_metadata

    doc = read_metadata("某省工业和信息化厅\n\n某工信函〔2026〕58号\n\n某省工业和信息化厅关于2026年度省级智能工厂拟认定名单的公示\n\n"
                        "现将有关事项公示如下。\n\n某省工业和信息化厅\n2026年5月8日\n", "gs", "gs.txt")
    assert doc.title == "某省工业和信息化厅关于2026年度省级智能工厂拟认定名单的公示"
    assert doc.issuer == "某省工业和信息化厅" and doc.doc_number == "某工信函〔2026〕58号"


def test_a_letterhead_above_a_policy_qa_heads_the_title():
    from rag.documents import read_metadata

    doc = read_metadata("某省工业和信息化厅\n\n《某省支持制造业设备更新若干措施》政策问答\n\n"
                        "为帮助企业准确理解政策，现就有关内容解读如下。\n\n一、问：出台的背景是什么？\n\n答：推动设备更新。\n\n"
                        "某省工业和信息化厅\n2026年3月20日\n", "qa", "qa.txt")
    assert doc.title == "〈某省支持制造业设备更新若干措施〉政策问答" and doc.issuer == "某省工业和信息化厅"


def test_a_county_work_report_is_placed_and_dated_by_its_dateline():
    from rag.documents import read_metadata

    doc = read_metadata("政府工作报告\n——2026年1月9日在萦山县第十八届人民代表大会第六次会议上\n萦山县人民政府县长　范启明\n"
                        "各位代表：\n现在，我代表县人民政府向大会报告工作。\n一、2025年工作回顾\n全县地区生产总值完成386.5亿元。\n", "ys", "ys.txt")
    assert doc.place == "萦山" and doc.level == "区县" and doc.date == "2026-01-09"


def test_an_announcement_is_titled_and_numbered_as_it_is_cited():
    text = clean_text("中华人民共和国工业和信息化部\n\n公　　告\n\n2026年第9号\n\n为加强钠离子电池行业管理，我部制定了"
                      "《钠离子电池行业规范条件（2026年本）》，现予以公告。\n\n工业和信息化部\n2026年3月20日\n")
    doc = make_documents(text, "miit-notice.txt")[0].document
    assert doc.doc_number == "2026年第9号"
    assert doc.title == "中华人民共和国工业和信息化部公告"


def test_a_service_guide_is_named_by_its_item():
    from rag.documents import read_metadata

    doc = read_metadata("某市工业和信息化局\n政务服务事项办事指南\n\n事项名称：工业企业技术改造项目备案\n"
                        "指南编号：XX-BSZN-2026-014\n\n一、事项基本信息\n正文。\n", "g", "g.txt")
    assert doc.title == "工业企业技术改造项目备案办事指南"


def test_a_government_supervision_office_issues_its_bulletin():
    from rag.documents import read_metadata

    doc = read_metadata("某州市人民政府督查室\n\n某政督通〔2026〕7号\n\n关于专项督查发现问题整改情况的通报\n\n正文。\n", "t", "t.txt")
    assert doc.issuer == "某州市人民政府督查室"
