"""English questions spell the corpus's own places and quoted terms in pinyin."""
from __future__ import annotations

from rag.romanize import Romanizer

CORPUS = ("河阳市统计局发布公报。河阳市全年地区生产总值增长6.1%。推进“皖企登云”提质扩面，新增“小升规”企业3000家。"
          "本地市场持续回暖，本地市场规模扩大。")


def test_places_and_quoted_terms_are_written_back_in_chinese():
    r = Romanizer.from_corpus(CORPUS)
    assert r.rewrite("How many robots did Heyang's firms make?") == "How many robots did 河阳's firms make?"
    assert r.rewrite("How many firms joined the 'Wan Qi Deng Yun' programme?") == "How many firms joined the '皖企登云' programme?"
    assert r.rewrite("the new (xiao sheng gui) enterprises") == "the new (小升规) enterprises"


def test_english_words_are_left_alone():
    r = Romanizer.from_corpus(CORPUS)
    # one lower-case word is English even when it spells syllables; a name a place never has is no place (本地市场)
    assert r.rewrite("how did heyang change") == "how did heyang change"
    assert r.rewrite("What does Bendi mean?") == "What does Bendi mean?"
    # words apart are no name (Wan, Qi … with other words between them)
    assert r.rewrite("Wan and Qi Deng Yun") == "Wan and Qi Deng Yun"


def test_an_english_question_about_a_place_the_gazetteer_lacks_keeps_to_it(tmp_path):
    from _helpers import assistant_over

    a = assistant_over(tmp_path, {
        "heyang.txt": "河阳市2025年国民经济和社会发展统计公报\n\n河阳市统计局\n\n全年河阳市规模以上工业增加值增长6.1%。\n",
        "donghai.txt": "东海省2025年国民经济和社会发展统计公报\n\n东海省统计局\n\n全年东海省工业机器人产量5200套，比上年增长12.5%。\n",
    })
    # 河阳's bulletin gives no robot output: 东海's figure is another place's, not an answer
    answer = a.answer("How many industrial robots did Heyang produce in 2025?")
    assert answer.refused and "5200" not in answer.text.split("Related")[0]


def test_a_numbered_english_phrase_is_the_quoted_slogan_it_translates():
    r = Romanizer.from_corpus("制定市内、省内、省外、境外产业链配套企业“四清单”。探索形成志愿促产、转产扩能等“抗疫生产十法”。"
                              "主动应对疫情、汛情、世情“三情叠加”不利影响。实施“三强一制造”工程。")
    assert r.rewrite("What does the 'four lists' refer to?") == "What does the '四清单' refer to?"
    assert "'抗疫生产十法'" in r.rewrite("Which practices are its 'ten methods for anti-epidemic production'?")
    assert '"三情叠加"' in r.rewrite('What are the "three overlapping situations"?')
    # a number alone is no translation, nor are words no slogan holds
    assert r.rewrite("What are the 'four battles'?") == "What are the 'four battles'?"
