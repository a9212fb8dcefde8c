"""The ONNX embedding runtime against sentence-transformers on the same converted model.

The reference is the sentence-transformers folder the ONNX files were exported from;
the texts are real chunks of the seed corpus and real eval questions."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

import rag
from rag.assistant import _embedding_text
from rag.config import Config
from rag.embed import (DEFAULT_ONNX_PRECISION, OnnxEmbedder, SentenceTransformerEmbedder, cpu_has_bf16,
                       embedder_identity, load_embedder, resolve_model_dir)

from _helpers import REPO, env_for_subprocess, eval_items, small_policy_text

N_CHUNKS = 240
N_QUESTIONS = 200


@pytest.fixture(scope="module")
def model_dir():
    return resolve_model_dir(Config())  # converts into index/models once if missing


@pytest.fixture(scope="module")
def chunk_texts(corpus_dir):
    chunks = rag.Assistant(corpus_dir=corpus_dir)._snapshot.chunks
    step = max(1, len(chunks) // N_CHUNKS)
    texts = [_embedding_text(c) for c in chunks[::step]][:N_CHUNKS]
    assert len(texts) == N_CHUNKS
    # one text over the 512-token window: both runtimes must truncate it the same way
    return texts + ["".join(texts[:40])]


@pytest.fixture(scope="module")
def questions():
    items = eval_items()
    assert len(items) >= N_QUESTIONS
    return [item.question for item in items[:N_QUESTIONS]]


def _encode(embedder, texts, questions):
    return embedder.encode_passages(texts), np.stack([embedder.encode_query(q) for q in questions])


@pytest.fixture(scope="module")
def reference(model_dir, chunk_texts, questions):
    return _encode(SentenceTransformerEmbedder(model_dir), chunk_texts, questions)


NO_BF16 = pytest.mark.skipif(not cpu_has_bf16(), reason="this CPU has no native bf16")


@pytest.fixture(scope="module", params=["fp32", "int8", pytest.param("bf16", marks=NO_BF16)])
def onnx_vectors(request, model_dir, chunk_texts, questions):
    embedder = OnnxEmbedder(model_dir, request.param)
    return request.param, embedder, _encode(embedder, chunk_texts, questions)


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_vectors_are_normalised_float32(onnx_vectors, reference):
    _, embedder, (passages, queries) = onnx_vectors
    assert passages.dtype == queries.dtype == np.float32
    assert passages.shape == reference[0].shape and queries.shape == reference[1].shape
    assert embedder.dim == passages.shape[1] == 384
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    assert np.allclose(np.linalg.norm(queries, axis=1), 1.0, atol=1e-5)


def test_vectors_match_sentence_transformers(onnx_vectors, reference):
    precision, _, (passages, queries) = onnx_vectors
    cos = np.concatenate([_cosines(passages, reference[0]), _cosines(queries, reference[1])])
    print(f"\n{precision}: cosine to sentence-transformers mean={cos.mean():.6f} min={cos.min():.6f}")
    assert cos.mean() >= {"fp32": 0.9999, "bf16": 0.9999, "int8": 0.99}[precision]
    assert cos.min() >= {"fp32": 0.9999, "bf16": 0.9995, "int8": 0.98}[precision]


def test_fp32_ranks_chunks_as_sentence_transformers(onnx_vectors, reference):
    precision, _, (passages, queries) = onnx_vectors
    if precision != "fp32":
        pytest.skip(f"{precision} may reorder near-ties; its effect is measured end to end by `make eval`")
    ref_scores = reference[1] @ reference[0].T
    ours = np.argsort(-(queries @ passages.T), axis=1, kind="stable")[:, :5]
    theirs = np.argsort(-ref_scores, axis=1, kind="stable")[:, :5]
    differ = [i for i in range(len(queries)) if not np.array_equal(ours[i], theirs[i])]
    # a difference is allowed only between chunks the reference scores equally (a true tie)
    real = [i for i in differ if not np.allclose(ref_scores[i, ours[i]], ref_scores[i, theirs[i]], atol=1e-6)]
    assert not real, f"top-5 differs for {len(real)} of {len(queries)} questions"


def test_batching_by_length_keeps_order_and_vectors(model_dir, chunk_texts):
    embedder = OnnxEmbedder(model_dir, "fp32", batch_size=4)
    texts = chunk_texts[:9] + ["短", chunk_texts[-1], ""]  # very short, over-long and empty texts mixed
    together = embedder.encode_passages(texts)
    alone = np.stack([embedder.encode_passages([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-5)  # padding never leaks into a vector
    assert embedder.encode_passages([]).shape == (0, 384)


def test_identity_names_runtime_and_precision(model_dir):
    fp32, int8 = (load_embedder(Config(embed_precision=p)) for p in ("fp32", "int8"))
    assert isinstance(fp32, OnnxEmbedder) and (fp32.runtime, fp32.precision) == ("onnx", "fp32")
    assert int8.precision == "int8"
    assert fp32.identity != int8.identity
    assert "onnx-fp32" in fp32.identity and "onnx-int8" in int8.identity
    assert SentenceTransformerEmbedder.runtime not in fp32.identity
    # known without loading the model (to check an index built by another process)
    assert [embedder_identity(Config(embed_precision=p)) for p in ("fp32", "int8")] == [fp32.identity, int8.identity]


@NO_BF16
def test_bf16_runs_on_openvino(model_dir):
    bf16 = load_embedder(Config(embed_precision="bf16"))
    assert (bf16.runtime, bf16.precision) == ("openvino", "bf16") and "openvino-bf16" in bf16.identity
    assert embedder_identity(Config(embed_precision="bf16")) == bf16.identity
    assert bf16.identity != load_embedder(Config(embed_precision="fp32")).identity


def test_bf16_falls_back_to_fp32_where_the_cpu_lacks_it(model_dir, monkeypatch, caplog):
    import rag.embed

    monkeypatch.setattr(rag.embed, "_bf16_cpu", False)
    with caplog.at_level("WARNING", logger="rag.embed"):
        embedder = load_embedder(Config(embed_precision="bf16"))
    assert (embedder.runtime, embedder.precision) == ("onnx", "fp32")
    assert embedder.identity == embedder_identity(Config(embed_precision="bf16")) == \
        embedder_identity(Config(embed_precision="fp32"))
    assert any("bf16 is not available" in r.getMessage() and "using fp32" in r.getMessage() for r in caplog.records)


def test_changing_precision_re_embeds_the_index(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notice.txt").write_text(small_policy_text("精度"), "utf-8")
    index = tmp_path / "index"

    def build(precision):
        assistant = rag.Assistant(config=Config(corpus_dir=corpus, index_dir=index, embed_precision=precision))
        vindex = assistant.build_index()
        manifest = json.loads((index / "manifest.json").read_text())
        return assistant, vindex, manifest["signature"]["model"]

    first, vindex, model = build("fp32")
    assert vindex.embedded_files == 1 and model == first.embedder.identity
    _, vindex, same = build("fp32")
    assert vindex.embedded_files == 0 and same == model  # nothing changed, nothing re-embedded
    second, vindex, other = build("int8")
    assert vindex.embedded_files == 1 and any("changed" in m for m in vindex.messages)
    assert other == second.embedder.identity != model
    assert len(list((index / "vectors").glob("*.npy"))) == 1  # the fp32 vectors are gone, not mixed in


def test_bad_precision_is_a_clear_error(model_dir, tmp_path):
    with pytest.raises(ValueError, match="RAG_EMBED_PRECISION"):
        load_embedder(Config(embed_precision="fp16"))
    # a sentence-transformers folder without an ONNX export runs in fp32 only
    plain = tmp_path / "plain-model"
    plain.mkdir()
    for path in model_dir.iterdir():
        if path.name != "onnx":
            (plain / path.name).symlink_to(path)
    with pytest.raises(ValueError, match="needs an ONNX export"):
        load_embedder(Config(embed_model=plain, embed_precision="int8"))


NO_HEAVY_IMPORTS = r"""
import sys
HEAVY = ("torch", "sentence_transformers", "transformers", "gradio", "matplotlib", "tokenizers",
         *(("openvino",) if sys.argv[2] != "bf16" else ()))
import rag
assert not [m for m in HEAVY if m in sys.modules], [m for m in HEAVY if m in sys.modules]
answer = rag.answer(sys.argv[1])
assert answer.citations, answer.text
from rag.cli import main
assert main(["ask", sys.argv[1]]) == 0
loaded = [m for m in HEAVY if m in sys.modules]
print("HEAVY", loaded)
"""


def test_answering_never_imports_torch(model_dir, questions):
    from rag.embed import _usable_precision

    precision = _usable_precision(model_dir, Config().embed_precision or DEFAULT_ONNX_PRECISION)  # what runs here
    run = subprocess.run([sys.executable, "-c", NO_HEAVY_IMPORTS, questions[0], precision], cwd=REPO, env=env_for_subprocess(),
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "HEAVY []" in run.stdout, run.stdout[-2000:]
