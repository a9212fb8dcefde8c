"""A running Assistant notices when another process rebuilt the index (`python -m rag index`
after a corpus change) and answers from the new index without a restart; questions asked
meanwhile are answered from the snapshot they started with."""
from __future__ import annotations

import subprocess
import sys
import threading

from tests._helpers import REPO, copy_corpus, copy_index, env_for_subprocess, make_assistant, small_policy_text

QUESTION = "到2025年浙江计划建成多少个5G基站？"


def test_answers_from_an_index_rebuilt_by_another_process(tmp_path):
    corpus, index = copy_corpus(tmp_path / "corpus"), copy_index(tmp_path / "index")
    assistant = make_assistant(corpus, index)
    expected = assistant.answer(QUESTION)
    new_question = "到2027年培育潮汐能重点项目多少个？"
    before = assistant.answer(new_question)
    assert not any("tidal" in c.doc_id for c in before.citations)
    search = assistant._search
    assistant.answer(QUESTION)
    assert assistant._search is search, "an unchanged manifest costs one stat, no reload"

    (corpus / "tidal_notice.txt").write_text(small_policy_text("潮汐能"), "utf-8")
    done = subprocess.run([sys.executable, "-m", "rag", "--corpus", str(corpus), "--index", str(index), "index"],
                          cwd=REPO, env=env_for_subprocess(), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "1 file(s) embedded" in done.stdout and "chunks from" in done.stdout  # the one-line summary

    errors, seen, stop = [], [], threading.Event()

    def reader():  # questions during the reload: always a whole, correct answer
        while not stop.is_set():
            try:
                answer = assistant.answer(QUESTION)
                assert answer.text == expected.text
                seen.append(answer)
            except BaseException as exc:  # noqa: BLE001 - re-raised below
                errors.append(exc)
                return

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        after = assistant.answer(new_question)  # the manifest changed: reload, then answer
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=120)
    assert not errors, errors[0]
    assert after.citations and after.citations[0].doc_id == "tidal_notice"
    assert not after.refused and "潮汐能重点项目" in after.citations[0].quote
    assert "tidal_notice.txt" in {d.path for d in assistant.documents()}
    assert assistant._search is not search
    # progress hooks (the index command's bar): chunks done per file, then the index
    calls = []
    assistant.build_index(progress=lambda stage, done, total: calls.append((stage, done, total)))
    embeds = [c for c in calls if c[0] == "embed"]
    assert len(embeds) == len(assistant._snapshot.files) and embeds[-1][1] == embeds[-1][2] == len(assistant._snapshot.chunks)
    assert [d for _, d, _ in embeds] == sorted(d for _, d, _ in embeds) and calls[-1] == ("index", 1, 1)
