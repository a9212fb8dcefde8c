"""Stage 6 — the store: Milvus (Lite, a local file; and its gRPC server, the network
path) gives the same answers as the default FAISS store — same text, same citations —
on the answer tests and a slice of the eval set, also after a document is added and
one removed; updates re-embed only what changed, an interrupted update is finished by
the next run, another process's update is picked up, and misconfiguration stops with
a message that says what to do."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pymilvus")
pytest.importorskip("milvus_lite")

import rag  # noqa: E402
from rag.milvus_store import MilvusStore, collection_name, term_id  # noqa: E402
from rag.store import StoreError, canonical_top, parse_store  # noqa: E402

from _helpers import REPO, copy_corpus, copy_index, env_for_subprocess, eval_items, fixed_questions, make_assistant  # noqa: E402

NEW_DOC = REPO / "evals" / "dev_corpus" / "beijing-2024-ai-plus-action-plan-2024-2025.txt"
NEW_DOC_QUESTION = "北京市人工智能+行动计划提出到2025年要达到什么目标？"
REMOVED_FILE = "zj_yiyongzhou_corridor_industry_report.txt"


def eval_slice(n: int = 30) -> list[str]:
    """Every k-th eval question: numbers, deadlines, refusals and English ones alike."""
    items = eval_items()
    step = max(1, len(items) // n)
    return [item.question for item in items[::step]][:n]


def signature(answer: rag.Answer):
    return answer.text, [c.to_dict() for c in answer.citations], answer.refused


def assert_same_answers(faiss_assistant, milvus_assistant, questions):
    different = [q for q in questions
                 if signature(faiss_assistant.answer(q)) != signature(milvus_assistant.answer(q))]
    assert not different, f"FAISS and Milvus answer differently: {different}"


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """A FAISS and a Milvus Lite assistant over two copies of the seed corpus."""
    root = tmp_path_factory.mktemp("stores")
    faiss_assistant = make_assistant(copy_corpus(root / "f" / "corpus"), copy_index(root / "f" / "index"))
    faiss_assistant.build_index()
    milvus_assistant = make_assistant(copy_corpus(root / "m" / "corpus"), copy_index(root / "m" / "index"),
                                      store=f"milvus:{root / 'm' / 'milvus.db'}")
    store = milvus_assistant.build_index()
    assert store.embedded_files == 0  # the vector cache under index/ serves Milvus too
    return faiss_assistant, milvus_assistant, root


def test_same_candidates_and_answers_as_faiss(pair):
    faiss_assistant, milvus_assistant, _ = pair
    questions = fixed_questions() + eval_slice()
    assert_same_answers(faiss_assistant, milvus_assistant, questions)
    # the fused candidate lists themselves are the same, chunk by chunk and rank by rank
    for q in questions[:8]:
        analysed = rag.assistant.analyse(q)
        a = faiss_assistant._search[1].retrieve(analysed, top_k=30)
        b = milvus_assistant._search[1].retrieve(analysed, top_k=30)
        assert [(h.chunk.chunk_id, h.rank_dense, h.rank_lexical) for h in a] == \
               [(h.chunk.chunk_id, h.rank_dense, h.rank_lexical) for h in b]


def answer_tests():
    """tests/test_answer.py's tests that ask the library (rag.answer), with their parameters."""
    import inspect

    import test_answer

    for name, fn in vars(test_answer).items():
        if not name.startswith("test_") or "assistant" not in inspect.signature(fn).parameters:
            continue
        marks = [m for m in getattr(fn, "pytestmark", []) if m.name == "parametrize"]
        if not marks:
            yield pytest.param(fn, {}, id=name)
            continue
        names = [n.strip() for n in marks[0].args[0].split(",")]
        for n, values in enumerate(marks[0].args[1]):
            values = values if isinstance(values, tuple) else (values,)
            yield pytest.param(fn, dict(zip(names, values)), id=f"{name}[{n}]")


@pytest.mark.parametrize("test, params", list(answer_tests()))
def test_answer_tests_pass_on_milvus(pair, monkeypatch, test, params):
    """The answer tests again, with the library's default assistant on Milvus Lite."""
    monkeypatch.setattr(rag, "_default", pair[1])
    assert rag.default_assistant()._milvus is not None
    test(pair[1], **params)


def test_add_and_remove_document_keeps_answers_identical(pair):
    faiss_assistant, milvus_assistant, _ = pair
    store = milvus_assistant._milvus
    version = store.version
    for assistant in pair[:2]:
        assistant.add_document(NEW_DOC.name, NEW_DOC.read_bytes())
    assert store.embedded_files == 1  # only the new document was embedded
    assert store.version == version + 1
    answer = milvus_assistant.answer(NEW_DOC_QUESTION)
    assert answer.citations and answer.citations[0].doc_id in {d.doc_id for d in milvus_assistant.documents()
                                                               if d.path == NEW_DOC.name}
    assert_same_answers(faiss_assistant, milvus_assistant, [NEW_DOC_QUESTION] + fixed_questions() + eval_slice(12))

    removed = [d.doc_id for d in milvus_assistant.documents() if d.path == REMOVED_FILE]
    for assistant in pair[:2]:
        assistant.remove_document(REMOVED_FILE)
    assert store.embedded_files == 0
    rows = store._client.query(store.collection, filter=f'doc_id == "{removed[0]}"', output_fields=["chunk_id"])
    assert rows == []
    total = store._client.query(store.collection, filter='chunk_id != ""', output_fields=["chunk_id"], limit=16384)
    assert len(total) == len(milvus_assistant._snapshot.chunks)
    assert_same_answers(faiss_assistant, milvus_assistant, fixed_questions() + eval_slice(12))


def test_other_process_update_is_picked_up_without_restart(pair, tmp_path):
    """Two assistants over one corpus folder and one Milvus (as two app replicas would be):
    a document added through one is answered by the other."""
    _, milvus_assistant, root = pair
    corpus = milvus_assistant.config.corpus_dir
    db = milvus_assistant.config.store
    writer = make_assistant(corpus, tmp_path / "writer-index", store=db)
    reader = make_assistant(corpus, tmp_path / "reader-index", store=db)
    for replica in (writer, reader):
        replica.build_index()
        assert replica._milvus.embedded_files == 0  # the shared index was up to date: nothing written
    reader._milvus.check_seconds = 0
    extra = REPO / "evals" / "dev_corpus" / "hangzhou-2025-ai-innovation-highland-implementation-plan.txt"
    writer.add_document(extra.name, extra.read_bytes())
    # the writer has no vector cache of its own: Milvus's stored vectors served the unchanged files
    assert writer._milvus.embedded_files == 1
    answer = reader.answer("杭州打造全国人工智能创新高地的实施方案提出了哪些目标？")
    assert extra.name in reader._snapshot.files
    assert reader._milvus.version == writer._milvus.version
    assert any(reader.source_file(c.doc_id) == extra.name for c in answer.citations)
    writer.remove_document(extra.name)  # leave the shared corpus as the other tests expect it


def test_interrupted_update_is_finished_by_the_next_run(tmp_path, monkeypatch):
    corpus = copy_corpus(tmp_path / "corpus")
    index = copy_index(tmp_path / "index")
    db = f"milvus:{tmp_path / 'milvus.db'}"
    first = make_assistant(corpus, index, store=db)
    first.build_index()
    shutil.copy(NEW_DOC, corpus / NEW_DOC.name)
    (corpus / REMOVED_FILE).unlink()

    calls = {"n": 0}
    real_upsert = first._milvus._client.upsert

    def dying_upsert(collection, rows, **kw):
        if collection == first._milvus.collection:
            calls["n"] += 1
            if calls["n"] == 2:
                raise KeyboardInterrupt("killed midway")
        return real_upsert(collection, rows, **kw)

    monkeypatch.setattr(first._milvus._client, "upsert", dying_upsert)
    with pytest.raises(KeyboardInterrupt):
        first.reload()
    monkeypatch.undo()
    assert first._milvus._read_head()["state"] == "updating"

    # while the writer's lease runs, another process does not write over it: it serves what is there
    waiting = make_assistant(corpus, index, store=db)
    waiting.build_index()
    assert any("is updating" in m for m in waiting.index_messages)
    assert waiting._milvus._read_head()["state"] == "updating"

    monkeypatch.setattr(rag.milvus_store, "LEASE_SECONDS", 0)  # the killed writer's lease has run out
    second = make_assistant(corpus, index, store=db)
    store = second.build_index()
    assert "an interrupted Milvus update is finished now" in store.messages
    assert store.embedded_files == 0  # the new document's vectors were cached before the kill
    head = store._read_head()
    assert head["state"] == "ready"
    faiss_assistant = make_assistant(corpus, tmp_path / "faiss-index")
    faiss_assistant.build_index()
    assert_same_answers(faiss_assistant, second, [NEW_DOC_QUESTION] + fixed_questions())
    docs = {r["doc_id"] for r in store._client.query(store.collection, filter='chunk_id != ""',
                                                      output_fields=["doc_id"], limit=16384)}
    assert docs == {c.doc_id for c in second._snapshot.chunks}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_network_client_through_milvus_lite_server(tmp_path):
    """milvus-lite's gRPC server stands in for a Milvus server: the http:// path end to end."""
    port = _free_port()
    log = open(tmp_path / "server.log", "wb")
    server = subprocess.Popen([sys.executable, "-m", "milvus_lite", "server", "--data-dir", str(tmp_path / "data"),
                               "--port", str(port)], stdout=log, stderr=log)
    try:
        deadline = time.time() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "server.log").read_text(errors="replace")[-2000:]
                assert time.time() < deadline, "the milvus-lite server did not start"
                time.sleep(0.3)
        corpus = copy_corpus(tmp_path / "corpus")
        remote = make_assistant(corpus, copy_index(tmp_path / "index"), store=f"milvus:http://127.0.0.1:{port}")
        remote.build_index()
        local = make_assistant(corpus, tmp_path / "index")
        local.build_index()
        assert_same_answers(local, remote, fixed_questions())
        # another process (as another app replica would be) serves the same index without building it
        question = fixed_questions()[0]
        env = {**env_for_subprocess(), "RAG_STORE": f"milvus:http://127.0.0.1:{port}"}
        other = subprocess.run([sys.executable, "-m", "rag", "--corpus", str(corpus), "--index",
                                str(tmp_path / "other-index"), "ask", question, "--json"],
                               env=env, capture_output=True, text=True, timeout=300)
        assert other.returncode == 0, other.stderr[-2000:]
        served = json.loads(other.stdout)
        expected = local.answer(question)
        assert (served["text"], served["citations"]) == (expected.text, [c.to_dict() for c in expected.citations])
        assert not (tmp_path / "other-index" / "vectors").exists()  # nothing was embedded there
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


# ---- configuration and errors -------------------------------------------------

def test_store_setting_is_parsed_or_refused_with_the_forms_it_takes():
    assert parse_store(None).kind == "faiss"
    assert parse_store("faiss").kind == "faiss"
    assert parse_store("milvus:index/milvus.db").is_local_file
    assert not parse_store("milvus:http://milvus.internal:19530").is_local_file
    for bad in ("milvus", "milvus:", "qdrant:http://x", "FAISS2"):
        with pytest.raises(StoreError, match="milvus:http://host:19530"):
            parse_store(bad)


def test_unreachable_milvus_stops_the_start(tmp_path):
    with pytest.raises(StoreError, match="cannot reach Milvus at http://127.0.0.1:.*start the server"):
        make_assistant(copy_corpus(tmp_path / "corpus"), tmp_path / "index",
                       store=f"milvus:http://127.0.0.1:{_free_port()}")


def test_lite_file_name_must_end_in_db(tmp_path):
    with pytest.raises(StoreError, match="ends in .db"):
        make_assistant(copy_corpus(tmp_path / "corpus"), tmp_path / "index", store=f"milvus:{tmp_path / 'milvus'}")


def test_wrong_token_says_which_variable_to_set():
    from pymilvus import MilvusException

    store = MilvusStore.__new__(MilvusStore)
    store.spec = parse_store("milvus:http://milvus.internal:19530")
    message = store.explain(MilvusException(code=1800, message="auth check failure, please check username, password or token"))
    assert "refused the credentials" in message and "RAG_MILVUS_TOKEN" in message
    message = store.explain(MilvusException(code=2, message="Fail connecting to server on milvus.internal:19530"))
    assert "cannot reach" in message and "RAG_MILVUS_TOKEN" not in message


def test_collection_built_for_another_model_stops_until_rebuilt(tmp_path):
    corpus = copy_corpus(tmp_path / "corpus")
    index = copy_index(tmp_path / "index")
    db = f"milvus:{tmp_path / 'milvus.db'}"
    make_assistant(corpus, index, store=db).build_index()
    other = make_assistant(corpus, index, store=db, chunk_size=120)
    with pytest.raises(StoreError, match=r"another setup \(chunk_size 160 → 120\).*python -m rag index --rebuild"):
        other.check_store()
    with pytest.raises(StoreError, match="--rebuild"):
        other.answer("到2025年浙江计划建成多少个5G基站？")
    store = other.build_index(rebuild=True)
    assert any("dropped for a rebuild" in m for m in store.messages)
    other.check_store()  # built for this setup now
    assert other.answer("到2025年浙江计划建成多少个5G基站？").citations


def test_a_collection_this_app_did_not_make_is_left_alone(tmp_path):
    from pymilvus import DataType, MilvusClient

    corpus = copy_corpus(tmp_path / "corpus")
    client = MilvusClient(str(tmp_path / "milvus.db"))
    schema = MilvusClient.create_schema(auto_id=True)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("embedding", DataType.FLOAT_VECTOR, dim=4)
    index = client.prepare_index_params()
    index.add_index("embedding", index_type="FLAT", metric_type="L2")
    client.create_collection(collection_name(corpus), schema=schema, index_params=index)
    client.insert(collection_name(corpus), [{"embedding": [0.1, 0.2, 0.3, 0.4]}])
    someone_elses = make_assistant(corpus, copy_index(tmp_path / "index"), store=f"milvus:{tmp_path / 'milvus.db'}")
    with pytest.raises(StoreError, match="not made by this app"):
        someone_elses.build_index()
    assert client.get_collection_stats(collection_name(corpus))["row_count"] == 1


def test_lite_file_in_use_by_another_process(tmp_path):
    db = tmp_path / "milvus.db"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; sys.path.insert(0, sys.argv[1]); from rag.store import parse_store; "
         "from rag.milvus_store import MilvusStore; MilvusStore(parse_store('milvus:' + sys.argv[2]), 'rag_x'); "
         "print('open', flush=True); time.sleep(60)", str(REPO), str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreError, match="serves one process at a time"):
            MilvusStore(parse_store(f"milvus:{db}"), "rag_x")
    finally:
        holder.kill()
        holder.wait()


# ---- the parts ----------------------------------------------------------------

def test_canonical_order_breaks_ties_by_corpus_position():
    scores, ids = canonical_top([7, 3, 5, 1], [0.5, 0.9, 0.5, 0.1], 3)
    assert ids.tolist() == [3, 5, 7] and scores.tolist() == [0.9, 0.5, 0.5]


def test_term_ids_and_collection_names():
    assert term_id("基站", 0) == term_id("基站", 0) != term_id("基站", 1)
    assert all(0 <= term_id(t, 0) < 2**32 - 1 for t in ("5g", "专精特新", "a"))
    assert collection_name(Path("/x/corpus")) == "rag_corpus"
    assert collection_name(Path("/x/语料 2")).startswith("rag____") and collection_name(Path("/x/语料 3")) != \
        collection_name(Path("/x/语料 2"))
