"""Assistant.answer() from many threads at once gives exactly the answers it
gives one question at a time, also while documents are added and removed."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import rag

from _helpers import copy_corpus, copy_index, eval_items, fixed_questions, make_assistant, small_policy_text

N_THREADS = 20


def _key(answer) -> dict:
    d = answer.to_dict()
    d.pop("timings")
    return d


def _questions(n: int = N_THREADS):
    """n eval questions spread over the kinds (numbers, deadlines, dates, text, refusals,
    English, follow-ups with history)."""
    items = eval_items()
    step = max(1, len(items) // n)
    chosen = items[::step][:n]
    return [(item.question, item.history or None) for item in chosen]


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    root = tmp_path_factory.mktemp("conc")
    assistant = make_assistant(copy_corpus(root / "corpus"), copy_index(root / "index"))
    assistant.build_index()
    return assistant


def _run_at_once(fn, n: int = N_THREADS):
    barrier = threading.Barrier(n)

    def work(i):
        barrier.wait(timeout=60)  # all threads call answer() at the same moment
        return fn(i)

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(work, range(n)))


def test_20_threads_give_the_sequential_answers(shared):
    questions = _questions()
    sequential = [_key(shared.answer(q, history=h)) for q, h in questions]
    assert len({s["text"] for s in sequential}) > N_THREADS // 2  # really different questions
    concurrent = _run_at_once(lambda i: _key(shared.answer(questions[i][0], history=questions[i][1])))
    for (q, _), s, c in zip(questions, sequential, concurrent):
        assert c == s, q
    # the reverse order, so each question meets different neighbours
    concurrent = _run_at_once(lambda i: _key(shared.answer(questions[-1 - i][0], history=questions[-1 - i][1])))
    assert concurrent == sequential[::-1]


def test_20_threads_same_question(shared):
    question = fixed_questions()[0]
    expected = _key(shared.answer(question))
    results = _run_at_once(lambda i: _key(shared.answer(question)))
    assert all(r == expected for r in results)


def test_concurrent_first_questions_on_a_fresh_assistant(shared, tmp_path, monkeypatch):
    """The first questions to a new Assistant arrive at once: the same answers as one at a
    time. (Also counts index builds: there should be one.)"""
    import rag.assistant

    n = 6  # each redundant build costs a BM25 rebuild; enough threads to show the race
    questions = _questions(n)
    expected = [_key(shared.answer(q, history=h)) for q, h in questions]
    builds = []

    class CountingLexicalIndex(rag.assistant.LexicalIndex):
        def __init__(self, texts):
            builds.append(1)
            super().__init__(texts)

    monkeypatch.setattr(rag.assistant, "LexicalIndex", CountingLexicalIndex)
    fresh = make_assistant(copy_corpus(tmp_path / "c"), copy_index(tmp_path / "i"))
    results = _run_at_once(lambda i: _key(fresh.answer(questions[i][0], history=questions[i][1])), n=n)
    assert results == expected
    assert len(builds) == 1, f"{n} concurrent first questions built the index {len(builds)} times"


def test_answers_stay_valid_while_documents_change(tmp_path):
    """Readers see one snapshot or the next, never a mix: no exception, every
    citation an exact span of its document, answers about the seed documents unchanged."""
    assistant = make_assistant(copy_corpus(tmp_path / "corpus"), copy_index(tmp_path / "index"))
    questions = fixed_questions()
    expected = {q: assistant.answer(q) for q in questions}
    stop = threading.Event()
    errors: list[BaseException] = []
    seen = []

    def reader(n):
        i = n
        while not stop.is_set():
            q = questions[i % len(questions)]
            i += 1
            try:
                a = assistant.answer(q)
                for c in a.citations:
                    if c.doc_id.startswith("zj_"):
                        assert assistant.document_text(c.doc_id)[c.start : c.end] == c.quote
                assert a.text == expected[q].text, q
                seen.append(q)
            except BaseException as exc:  # noqa: BLE001 - collected and re-raised below
                errors.append(exc)
                return

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    try:
        for round_ in range(1):
            docs = assistant.add_document(f"concurrent_{round_}.txt", small_policy_text(f"并发{round_}").encode())
            assert docs
            assistant.remove_document(docs[0].doc_id)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=120)
    assert not errors, errors[0]
    assert len(seen) >= len(threads)
    assert isinstance(assistant.answer(questions[0]), rag.Answer)
