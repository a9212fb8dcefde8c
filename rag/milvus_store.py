"""Stage 6 — the Milvus store: the corpus's chunks, vectors and BM25 weights in
Milvus, so that several app processes (or machines) share one index.

One collection per corpus (named after the corpus folder, e.g. rag_corpus):
  rag_corpus        a row per chunk: chunk_id (key), doc_id, clause_id, source,
                    start, end, text (what was embedded), dense (FLOAT_VECTOR,
                    IP) and sparse (SPARSE_FLOAT_VECTOR, IP: the BM25 weights)
  rag_corpus_meta   the manifest: a "head" row (model, dimension, chunking,
                    version, state) and a row per source file (digest, doc ids)

Lexical candidates: the sparse field holds the project's own BM25 weights
(rag/lexical.py: rank_bm25's BM25Okapi over jieba words and bigrams), not
Milvus's BM25 function. Milvus's function tokenises with its own jieba
analyzer and has its own IDF, so its ranking would differ from the FAISS
store's and so would the answers; with the same weights both stores rank
the same. Term ids are a salted 32-bit hash of the token, the salt chosen so
that no two corpus tokens share an id. The weights depend on corpus-wide
statistics (IDF, average length), so every update rewrites the sparse
vectors of all rows (an upsert with the cached dense vectors: nothing is
re-embedded); exact scores of the candidates then come from the same
weights in this process, so float32 rounding in Milvus never decides a rank.

Updates: a changed file's documents are deleted by doc id and re-inserted, a
removed file's documents deleted, every other row upserted with its new
weights. The head row says "updating" during the work and "ready" with a new
version at the end: an interrupted update is finished by the next run (it
also deletes any document the corpus no longer has), and other processes,
which check the version before answering, switch only to a finished one."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import socket
import time
import uuid
from pathlib import Path

import numpy as np

from .store import STORE_HELP, StoreError, StoreSpec, candidate_pool, canonical_top, exact_dense_scores

log = logging.getLogger(__name__)

FORMAT = 1  # layout of the collections; a change asks for a rebuild
BATCH = 256  # rows per insert call
LEASE_SECONDS = 600  # an "updating" head older than this was left by a killed writer
ID_MAX = 2048  # bytes of a chunk, clause or doc id; source names are shorter (load.safe_filename)
TEXT_MAX = 65535
AUTH_WORDS = re.compile(r"auth|credential|password|token|unauthenticated|permission denied|privilege", re.I)


def collection_name(corpus_dir: Path) -> str:
    """rag_<folder>: Milvus names allow letters, digits and underscores."""
    name = Path(corpus_dir).resolve().name
    clean = re.sub(r"[^A-Za-z0-9_]", "_", name)[:48]
    if clean != name:  # keep folders that differ only in other characters apart
        clean += "_" + hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"rag_{clean}"


def term_id(token: str, salt: int) -> int:
    digest = hashlib.blake2b(f"{salt}\x1f{token}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "little") % (2**32 - 1)  # Milvus sparse indices are below 2^32-1


def choose_salt(tokens) -> int:
    """The first salt under which every corpus token has its own id."""
    tokens = list(tokens)
    for salt in range(1000):
        if len({term_id(t, salt) for t in tokens}) == len(tokens):
            return salt
    raise StoreError("cannot give every BM25 term its own id (vocabulary too large for 32-bit ids)")


def _quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a Milvus string literal, quotes and backslashes escaped


def _clip(text: str, limit: int) -> str:
    data = text.encode()
    return text if len(data) <= limit else data[:limit].decode("utf-8", "ignore")


class MilvusStore:
    """Dense and lexical candidates from one Milvus collection per corpus."""

    def __init__(self, spec: StoreSpec, collection: str, token: str = "", timeout: float = 10.0,
                 check_seconds: float = 1.0):
        self.spec = spec
        self.collection = collection
        self.meta = f"{collection}_meta"
        self.check_seconds = check_seconds  # how often a serving process looks for a newer index
        self.messages: list[str] = []
        self.embedded_files = 0
        self.writer = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._head: dict | None = None  # the manifest this process serves
        self._positions: dict[str, int] = {}
        self._unknown_logged = False
        self._last_check = 0.0
        self.lexical = None
        self._loaded: set[str] = set()
        self._client = self._connect(token, timeout)

    # ---- connection and errors -----------------------------------------
    def _connect(self, token: str, timeout: float):
        try:
            from pymilvus import MilvusClient
        except ImportError as exc:
            raise StoreError(f"RAG_STORE=milvus:… needs pymilvus (and milvus-lite for a local file): "
                             f"run pip install -r requirements.txt ({exc})") from exc
        uri = self.spec.uri
        if self.spec.is_local_file:
            path = Path(uri).expanduser()
            if path.suffix != ".db":
                raise StoreError(f"RAG_STORE=milvus:{uri}: a Milvus Lite file name ends in .db; {STORE_HELP}")
            path.parent.mkdir(parents=True, exist_ok=True)
            uri = str(path.resolve())
            # Milvus Lite's in-process server logs every call it does not implement (index-build polling)
            # as an error with a traceback; the client gets its answer either way
            logging.getLogger("grpc._server").setLevel(logging.CRITICAL)
        try:
            client = MilvusClient(uri=uri, token=token, timeout=timeout)
            client.list_collections()  # the server answers and accepts the token
        except Exception as exc:
            raise StoreError(self.explain(exc, connecting=True)) from exc
        return client

    def explain(self, exc: Exception, connecting: bool = False) -> str:
        """What went wrong talking to Milvus, and what to do about it."""
        text = str(getattr(exc, "message", "") or exc)
        code = getattr(exc, "code", None)
        where = f"Milvus at {self.spec.uri}"
        if code in (1800, 1801) or AUTH_WORDS.search(text):
            return (f"{where} refused the credentials ({text}): set RAG_MILVUS_TOKEN to the server's "
                    f"'user:password' or API key")
        if connecting and self.spec.is_local_file:
            return (f"cannot open the Milvus Lite file {self.spec.uri} ({text}): a local file serves one process "
                    f"at a time; stop the other process, or run a Milvus server and set "
                    f"RAG_STORE=milvus:http://host:19530 (README, Scaling out)")
        if connecting or code == 2 or "unavailable" in text.lower():
            return (f"cannot reach {where} ({text}): start the server or correct RAG_STORE "
                    f"(README, Scaling out); {STORE_HELP}")
        return f"{where} failed ({text}); if it persists, rebuild the index with `python -m rag index --rebuild`"

    def _call(self, method: str, *args, **kwargs):
        try:
            return getattr(self._client, method)(*args, **kwargs)
        except StoreError:
            raise
        except Exception as exc:
            if type(exc).__module__.startswith(("pymilvus", "grpc")):
                raise StoreError(self.explain(exc)) from exc
            raise

    def close(self) -> None:
        try:
            self._client.close()
        except Exception:  # closing a connection that already failed has nothing to report
            pass

    # ---- the manifest -----------------------------------------------------
    def _load(self, name: str) -> None:
        """Collections are searchable once loaded (a fresh server or Milvus Lite process starts them released)."""
        if name not in self._loaded:
            self._call("load_collection", name)
            self._loaded.add(name)

    def _read_head(self) -> dict | None:
        if not self._call("has_collection", self.meta):
            return None
        self._load(self.meta)
        rows = self._call("get", self.meta, ids=["head"], output_fields=["value"])
        if not rows:
            return None
        try:
            return json.loads(rows[0]["value"])
        except ValueError:
            return None

    def _write_meta(self, rows: list[dict]) -> None:
        if rows:
            self._call("upsert", self.meta, [{**r, "pad": [0.0, 0.0]} for r in rows])

    def _write_head(self, head: dict) -> None:
        self._write_meta([{"key": "head", "kind": "head", "value": json.dumps(head, ensure_ascii=False)}])

    def _read_files(self) -> dict[str, dict]:
        rows = self._query_all(self.meta, 'kind == "file"', ["key", "value"])
        return {r["key"][len("file:"):]: json.loads(r["value"]) for r in rows}

    def _query_all(self, collection: str, expr: str, fields: list[str]) -> list[dict]:
        window = 16384  # Milvus's largest query result; an iterator only beyond it
        rows = self._call("query", collection, filter=expr, output_fields=fields, limit=window)
        if len(rows) < window:
            return list(rows)
        iterator = self._call("query_iterator", collection, batch_size=1000, filter=expr, output_fields=fields)
        out: list[dict] = []
        try:
            while True:
                batch = iterator.next()
                if not batch:
                    return out
                out.extend(batch)
        finally:
            iterator.close()

    # ---- creating, checking, dropping -------------------------------------
    def _create(self, dim: int) -> None:
        from pymilvus import DataType, MilvusClient

        schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("chunk_id", DataType.VARCHAR, is_primary=True, max_length=ID_MAX)
        schema.add_field("doc_id", DataType.VARCHAR, max_length=ID_MAX)
        schema.add_field("clause_id", DataType.VARCHAR, max_length=ID_MAX)
        schema.add_field("source", DataType.VARCHAR, max_length=ID_MAX)
        schema.add_field("start", DataType.INT64)
        schema.add_field("end", DataType.INT64)
        schema.add_field("text", DataType.VARCHAR, max_length=TEXT_MAX)
        schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dim)
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        index = self._client.prepare_index_params()
        index.add_index("dense", index_type="FLAT", metric_type="IP")  # exact, as FAISS below 500k chunks
        index.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
        self._call("create_collection", self.collection, schema=schema, index_params=index)

        meta = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        meta.add_field("key", DataType.VARCHAR, is_primary=True, max_length=ID_MAX + 8)
        meta.add_field("kind", DataType.VARCHAR, max_length=16)
        meta.add_field("value", DataType.VARCHAR, max_length=TEXT_MAX)
        meta.add_field("pad", DataType.FLOAT_VECTOR, dim=2)  # Milvus wants a vector field in every collection
        meta_index = self._client.prepare_index_params()
        meta_index.add_index("pad", index_type="FLAT", metric_type="L2")
        self._call("create_collection", self.meta, schema=meta, index_params=meta_index)

    def _dense_dim(self) -> int | None:
        if not self._call("has_collection", self.collection):
            return None
        for f in self._call("describe_collection", self.collection).get("fields", []):
            if f.get("name") == "dense":
                return int(f.get("params", {}).get("dim", 0))
        return None

    def _foreign(self) -> str | None:
        """The name of a collection of ours that holds something this app did not make (never dropped)."""
        for name, fields in ((self.collection, {"chunk_id", "doc_id", "dense", "sparse"}), (self.meta, {"key", "value"})):
            if self._call("has_collection", name):
                have = {f.get("name") for f in self._call("describe_collection", name).get("fields", [])}
                if not fields <= have:
                    return name
        return None

    def drop(self) -> None:
        foreign = self._foreign()
        if foreign:
            raise StoreError(f"the Milvus collection {foreign} at {self.spec.uri} was not made by this app; it is "
                             f"left alone: rename the corpus folder (the collection is named after it) or use another Milvus")
        for name in (self.collection, self.meta):
            if self._call("has_collection", name):
                self._call("drop_collection", name)
            self._loaded.discard(name)
        self._head = None

    def check_built_for(self, signature: dict) -> None:
        """At start: a collection built for another model or chunking stops the app (StoreError)."""
        head = self._read_head()
        if head is not None:
            self._check_model(head, signature, None)

    def _check_model(self, head: dict, signature: dict, dim: int | None) -> None:
        built = {"format": head.get("format"), **head.get("signature", {}), "dim": head.get("dim")}
        wanted = {"format": FORMAT, **signature, "dim": head.get("dim") if dim is None else dim}
        if built != wanted:
            changed = ", ".join(f"{k} {built.get(k)!r} → {wanted[k]!r}" for k in wanted if built.get(k) != wanted[k])
            raise StoreError(
                f"the Milvus collection {self.collection} at {self.spec.uri} was built for another setup ({changed}). "
                f"Rebuild it with `python -m rag index --rebuild` (every app sharing it must then use the same "
                f"model), or point RAG_STORE at another Milvus")

    # ---- bringing the store up to date -----------------------------------
    def sync(self, files, doc_ids_by_file: dict[str, list[str]], chunks, embed, signature: dict, dim: int,
             lexical, cache, rebuild: bool = False) -> None:
        """Make the collection hold `chunks` (corpus order; `files` = [(file, digest, embedding texts)]
        in the same order), then serve them. `cache` (VectorIndex) keeps each file's vectors on disk so
        only changed files are embedded; `lexical` (LexicalIndex) gives the BM25 weights."""
        self.messages = []
        self.embedded_files = 0
        head = self._read_head()
        if rebuild and (head is not None or self._call("has_collection", self.collection)):
            self.drop()
            head = None
            self.messages.append(f"Milvus collection {self.collection} dropped for a rebuild")
        if head is not None:
            self._check_model(head, signature, dim)
        elif self._call("has_collection", self.collection) or self._call("has_collection", self.meta):
            # collections without a readable head: a first build that was killed before it finished
            self.messages.append(f"Milvus collection {self.collection} has no manifest (an unfinished first build): rebuilding")
            self.drop()
        if head is None:
            self._create(dim)
        elif self._dense_dim() != dim:
            raise StoreError(f"the Milvus collection {self.collection} holds {self._dense_dim()}-dimensional vectors, "
                             f"the model makes {dim}: rebuild it with `python -m rag index --rebuild`")
        self._load(self.collection)
        self._load(self.meta)

        salt = head.get("salt", 0) if head else 0
        tokens = list(lexical.vocab)
        if len({term_id(t, salt) for t in tokens}) != len(tokens):
            salt = choose_salt(tokens)
        wanted = {name: digest for name, digest, _ in files}
        corpus = hashlib.sha256(json.dumps([sorted(wanted.items()), salt, signature], sort_keys=True).encode()).hexdigest()
        if head is not None and head.get("state") == "ready" and head.get("corpus") == corpus:
            self._serve(head, chunks, lexical)
            return
        if head is not None and head.get("state") == "updating" and head.get("writer") != self.writer \
                and time.time() - head.get("heartbeat", 0) < LEASE_SECONDS:
            # another process is writing: serve what is there; its new version is picked up when it is done
            self.messages.append(f"another process ({head.get('writer')}) is updating {self.collection}; "
                                 f"answers switch to its index when it is done")
            self._serve(head, chunks, lexical)
            return
        self._update(head, files, doc_ids_by_file, chunks, embed, signature, dim, lexical, cache, salt, corpus)

    def _update(self, head, files, doc_ids_by_file, chunks, embed, signature, dim, lexical, cache, salt, corpus):
        interrupted = head is not None and head.get("state") == "updating"
        version = head.get("version", 0) if head else 0
        progress = {"format": FORMAT, "signature": signature, "dim": dim, "salt": salt, "version": version,
                    "corpus": corpus, "state": "updating", "writer": self.writer, "heartbeat": time.time()}
        if head is not None:
            self.messages.append("an interrupted Milvus update is finished now" if interrupted
                                 else "corpus, model or chunking changed since the Milvus index was built: updating")
        self._write_head(progress)
        wanted = {name: digest for name, digest, _ in files}
        stored = self._read_files()
        keep_docs = {d for name in wanted for d in doc_ids_by_file.get(name, [])}
        stale = {d for name, entry in stored.items() if wanted.get(name) != entry.get("digest")
                 for d in entry.get("doc_ids", [])}
        if interrupted:  # rows the killed writer inserted before it could record them
            stale |= {r["doc_id"] for r in self._query_all(self.collection, 'chunk_id != ""', ["doc_id"])} - keep_docs
        stale_list = sorted(stale)
        for i in range(0, len(stale_list), 100):
            ids = ", ".join(_quote(d) for d in stale_list[i : i + 100])
            self._call("delete", self.collection, filter=f"doc_id in [{ids}]")

        unchanged = {name for name, entry in stored.items() if wanted.get(name) == entry.get("digest")}
        by_file: dict[str, list] = {}
        for chunk, source in zip(chunks, (name for name, _, texts in files for _ in texts)):
            by_file.setdefault(source, []).append(chunk)

        def fetch(name: str, texts: list[str]):
            """Vectors of a file Milvus already holds unchanged (a machine without the local cache)."""
            if name not in unchanged or not texts:
                return None
            ids = [c.chunk_id for c in by_file[name]]
            rows = {r["chunk_id"]: r["dense"] for r in self._call("get", self.collection, ids=ids, output_fields=["dense"])}
            if len(rows) != len(ids):
                return None
            return np.asarray([rows[i] for i in ids], dtype=np.float32)

        entries, blocks = cache.file_vectors(files, embed, signature, dim, fetch=fetch)
        cache.prune_cache({e.key for e in entries})
        self.embedded_files = cache.embedded_files
        vectors = np.vstack(blocks) if blocks else np.zeros((0, dim), dtype=np.float32)
        sources = [name for name, _, texts in files for _ in texts]
        texts = [t for _, _, ts in files for t in ts]
        batch: list[dict] = []
        for i, (chunk, weights) in enumerate(zip(chunks, lexical.rows())):
            sparse = {term_id(t, salt): w for t, w in weights.items() if w > 0}
            batch.append({"chunk_id": chunk.chunk_id, "doc_id": chunk.doc_id, "clause_id": chunk.clause_id,
                          "source": sources[i], "start": chunk.start, "end": chunk.end,
                          "text": _clip(texts[i], TEXT_MAX), "dense": vectors[i].tolist(), "sparse": sparse})
            if len(batch) >= BATCH:
                self._call("upsert", self.collection, batch)
                batch = []
                progress["heartbeat"] = time.time()
                self._write_head(progress)
        if batch:
            self._call("upsert", self.collection, batch)

        for name in set(stored) - set(wanted):
            self._call("delete", self.meta, ids=[f"file:{name}"])
        self._write_meta([{"key": f"file:{name}", "kind": "file",
                           "value": json.dumps({"digest": digest, "doc_ids": doc_ids_by_file.get(name, []),
                                                "rows": len(by_file.get(name, []))}, ensure_ascii=False)}
                          for name, digest in wanted.items()])
        done = {**progress, "state": "ready", "version": version + 1, "heartbeat": time.time()}
        self._write_head(done)
        self._serve(done, chunks, lexical)

    def _serve(self, head: dict, chunks, lexical) -> None:
        self._head = head
        self._positions = {c.chunk_id: i for i, c in enumerate(chunks)}
        self._last_check = time.monotonic()
        self.lexical = MilvusLexical(self, lexical, head["salt"])

    # ---- serving ------------------------------------------------------------
    @property
    def version(self) -> int | None:
        return self._head.get("version") if self._head else None

    def changed(self) -> bool:
        """Has another process finished an update since this one synced? (checked at most once a second)"""
        if self._head is None or time.monotonic() - self._last_check < self.check_seconds:
            return False
        self._last_check = time.monotonic()
        try:
            head = self._read_head()
        except StoreError as exc:  # keep serving; the search itself reports a lasting failure
            log.warning("cannot check the Milvus index version: %s", exc)
            return False
        return head is not None and head.get("state") == "ready" and head.get("version") != self._head.get("version")

    def _position(self, hit) -> int | None:
        pos = self._positions.get(hit.get("id", hit.get("chunk_id")))
        if pos is None and not self._unknown_logged:
            log.warning("Milvus holds chunks this process does not know: its corpus folder is older than the index")
            self._unknown_logged = True
        return pos

    def search(self, query_vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Dense candidates: Milvus finds them, exact float64 scores order them."""
        if self._head is None or not self._positions:
            return np.zeros(0), np.zeros(0, dtype=np.int64)
        result = self._call("search", self.collection, data=[np.asarray(query_vector, dtype=np.float32).tolist()],
                            anns_field="dense", limit=candidate_pool(k), output_fields=["dense"],
                            search_params={"metric_type": "IP"})
        positions, vectors = [], []
        for hit in result[0] if result else []:
            pos = self._position(hit)
            if pos is not None:
                positions.append(pos)
                vectors.append(hit["entity"]["dense"])
        vectors = np.asarray(vectors, dtype=np.float32).reshape(len(positions), -1)
        return canonical_top(np.asarray(positions, dtype=np.int64), exact_dense_scores(query_vector, vectors), k)

    def sparse_search(self, terms: dict[int, float], k: int) -> list[int]:
        """Corpus positions of the chunks with the highest BM25 sums in Milvus."""
        result = self._call("search", self.collection, data=[terms], anns_field="sparse", limit=k,
                            output_fields=[], search_params={"metric_type": "IP"})
        return [p for p in (self._position(h) for h in (result[0] if result else [])) if p is not None]


class MilvusLexical:
    """BM25 candidates from the Milvus sparse field, scored exactly by this process's weights."""

    def __init__(self, store: MilvusStore, index, salt: int):
        self.store = store
        self.index = index  # the LexicalIndex of this corpus (also the reader's idf)
        self.salt = salt

    def top(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        terms = self.index.query_terms(query)
        if not terms or not self.store._positions:
            return np.zeros(0), np.zeros(0, dtype=np.int64)
        ids = self.store.sparse_search({term_id(t, self.salt): float(n) for t, n in terms.items()}, candidate_pool(k))
        ids = np.asarray(ids, dtype=np.int64)
        scores, ids = canonical_top(ids, self.index.scores_of(query, ids), k)
        keep = scores > 0
        return scores[keep], ids[keep]

    def idf(self, token: str) -> float:
        return self.index.idf(token)
