"""Stage 8 (metadata) — rag.metadata.MetadataReader: what a document says about itself, quoted from
the line it stands on."""
from __future__ import annotations

from rag.metadata import MetadataReader
from rag.query import analyse

from _helpers import assistant_over

GUIDE = """某川市工业和信息化局
政务服务事项办事指南

事项名称：工业企业技术改造项目备案
指南编号：MC-BSZN-2026-014

一、办理时限
承诺办结时限：2个工作日。

某川市工业和信息化局
2026年3月16日
"""


def test_the_metadata_stage_quotes_each_value_from_its_line(tmp_path):
    a = assistant_over(tmp_path, {"guide.txt": GUIDE})
    _, retriever, reader = a._ensure_search()
    assert isinstance(reader.metadata, MetadataReader)
    text = reader.texts["guide"]
    for question, value in (("这个办事指南的指南编号是多少？", "MC-BSZN-2026-014"),
                            ("这个办事指南是哪天发布的？", "2026年3月16日"),
                            ("这个办事指南是哪个部门发的？", "某川市工业和信息化局")):
        q = analyse(question)
        hits = retriever.retrieve(q)
        reading = reader.metadata.labelled_field(q, hits) or reader.metadata.read(q, hits)
        assert reading is not None and reading.value == value, question
        assert value in text[reading.quote_start: reading.quote_end], question  # quoted, not written
