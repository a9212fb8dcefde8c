"""BM25 scores equal rank_bm25's BM25Okapi on the seed corpus chunks."""
from __future__ import annotations

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from rag.chunks import make_chunks
from rag.lexical import LexicalIndex, tokenize


@pytest.fixture(scope="module")
def texts(parsed_corpus):
    out = []
    for p in parsed_corpus.values():
        out += [f"{c.context}\n{c.text}" for c in make_chunks(p.document, p.clauses, 160, 30)]
    return out


@pytest.mark.parametrize("query", ["到2025年浙江计划建成多少个5G基站？", "小升规企业 2022", "安徽 工业机器人 2021年 全年",
                                   "规上工业增加值同比增长", "no such words zzz", "基站 基站 基站"])
def test_scores_equal_rank_bm25(texts, query):
    ours = LexicalIndex(texts)
    reference = BM25Okapi([tokenize(t) for t in texts])
    expected = reference.get_scores(tokenize(query))
    np.testing.assert_allclose(ours.scores(query), expected, rtol=1e-9, atol=1e-9)
    for token in tokenize(query):
        if token in reference.idf:
            assert ours.idf(token) == pytest.approx(reference.idf[token])


def test_tokens_keep_terms_numbers_and_years():
    tokens = tokenize("到2025年，建成5G基站20万个以上，新增“小升规”企业3000家")
    assert {"2025", "5g", "基站", "小升", "升规", "3000"} <= set(tokens)


def test_empty_index_and_empty_query():
    assert LexicalIndex([]).scores("任何问题").shape == (0,)
    assert not LexicalIndex(["甲乙丙丁"]).scores("").any()


def test_a_term_named_twice_is_not_paired_with_itself():
    import rag

    reader = rag.default_assistant()._ensure_search()[2]
    from rag.query import analyse

    terms = reader.question_terms(analyse("How many enterprises upgraded from small to above-designated-size in Zhejiang?"))
    assert "小升规" in terms and "小升规小升规" not in terms


def test_english_glossary_terms_are_not_paired_as_if_adjacent():
    import rag
    from rag.query import analyse

    reader = rag.default_assistant()._ensure_search()[2]
    terms = reader.question_terms(analyse("How much does the county budget allocate each year as a dedicated fund?"))
    assert all(len(t) <= 6 for t in terms) and "每年" in terms  # no 每年专项资金-like pairs that no text holds


def test_everyday_words_are_told_from_specific_names_without_the_corpus():
    from rag.lexical import everyday

    assert everyday("行业") and everyday("水平") and everyday("工厂建设")
    assert not everyday("人形机器人") and not everyday("氢能") and not everyday("梯队")


def test_english_category_words_find_the_documents_heading_word():
    from rag.lexicon import english_terms

    assert "品类" in english_terms("which key product categories are listed")


def test_english_service_and_notice_words():
    from rag.lexicon import english_terms

    assert "工作要求" in english_terms("what are the work requirements of the plan")
    assert "时延" in english_terms("the max latency between urban computing facilities")
    assert "追回" in " ".join(english_terms("how much subsidy money was recovered"))
