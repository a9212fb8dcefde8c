"""Stage 6 — index: chunk vectors in FAISS, persisted under `index/` (the default
store; rag/store.py chooses, rag/milvus_store.py is the other one and shares the
per-file vector cache below).

Layout of the index folder:
  manifest.json          model identity, chunking parameters, per-file hashes
  vectors/<key>.npy      the embeddings of one source file (key = content hash
                         + model + chunking), so adding, changing or removing a
                         document re-embeds only that document
  vectors.faiss          the search index over all chunks, in corpus order

Every write goes to a temporary file that is renamed into place, so a crash
midway leaves the previous index usable. A stale, mismatched or corrupt file
is detected and rebuilt, never silently used.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from .store import candidate_pool, canonical_top, exact_dense_scores

log = logging.getLogger(__name__)

MANIFEST_VERSION = 2
HNSW_THRESHOLD = 500_000  # flat search is 22 ms p95 at 100k chunks (make bench); HNSW only beyond


@contextmanager
def _atomic_file(path: Path):
    """A file opened for writing that replaces `path` only once fully written and synced;
    on any error the temporary file is removed and `path` is untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with _atomic_file(path) as f:
        f.write(data)


def _npy_bytes(array: np.ndarray) -> bytes:
    import io

    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=False)
    return buf.getvalue()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class FileEntry:
    name: str  # source file name
    key: str  # cache key of its vectors
    rows: int  # number of chunks


def _stored_vectors(index: faiss.Index) -> np.ndarray:
    """The index's own copy of its vectors as a read-only array (no copy; valid while the
    index lives)."""
    flat = faiss.downcast_index(index.storage) if isinstance(index, faiss.IndexHNSW) else index
    if not index.ntotal:
        return np.zeros((0, index.d), dtype=np.float32)
    view = faiss.rev_swig_ptr(flat.get_xb(), index.ntotal * index.d).reshape(index.ntotal, index.d)
    view.flags.writeable = False
    return view


def _write_faiss(index: faiss.Index, path: Path) -> str:
    """Write the index to `path` through a temporary file renamed into place, hashing the bytes
    as they are written (no serialised copy in memory); returns their sha256."""
    digest = hashlib.sha256()
    with _atomic_file(path) as f:
        def write(data: bytes) -> int:
            digest.update(data)
            return f.write(data)

        faiss.write_index(index, faiss.PyCallbackIOWriter(write))
    return digest.hexdigest()


def _read_faiss(path: Path) -> tuple[faiss.Index | None, str, str | None]:
    """Read an index file, hashing the very bytes faiss reads (no second copy in memory).
    Returns (index or None, sha256 of the whole file, faiss's error if it could not read it)."""
    digest = hashlib.sha256()
    index, error = None, None
    with open(path, "rb") as f:
        def read(size: int) -> bytes:
            data = f.read(size)
            digest.update(data)
            return data

        try:
            index = faiss.read_index(faiss.PyCallbackIOReader(read))
        except RuntimeError as exc:
            error = str(exc)
        while block := f.read(1 << 20):  # the rest of the file (trailing or unread bytes) counts too
            digest.update(block)
    return index, digest.hexdigest(), error


def release_free_memory() -> None:
    """Hand memory freed after a build back to the system (glibc keeps freed heap pages
    otherwise: ~100 MB of a 100k-chunk build's temporaries stay in a serving process).
    A no-op where glibc's malloc_trim does not exist."""
    import ctypes
    import ctypes.util

    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError, TypeError):
        pass


def build_faiss(vectors: np.ndarray, hnsw_threshold: int = HNSW_THRESHOLD) -> faiss.Index:
    dim = vectors.shape[1] if vectors.ndim == 2 and vectors.shape[0] else 384
    if len(vectors) > hnsw_threshold:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 256  # recall@10 0.94 against flat at 100k, 1.5 ms
    else:
        index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def build_faiss_from_blocks(blocks: list[np.ndarray], dim: int,
                            hnsw_threshold: int = HNSW_THRESHOLD) -> faiss.Index:
    """build_faiss over the blocks stacked in order, without stacking them for a flat index."""
    rows = sum(len(b) for b in blocks)
    if rows > hnsw_threshold:  # HNSW inserts in parallel: keep its one-matrix build
        return build_faiss(np.vstack(blocks), hnsw_threshold)
    index = faiss.IndexFlatIP(dim)
    for block in blocks:
        if len(block):
            index.add(np.ascontiguousarray(block, dtype=np.float32))
    return index


class VectorIndex:
    """FAISS search over chunk vectors with a per-file embedding cache."""

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self.vectors_dir = self.index_dir / "vectors"
        self.manifest_path = self.index_dir / "manifest.json"
        self.faiss_path = self.index_dir / "vectors.faiss"
        self.index: faiss.Index | None = None
        self.messages: list[str] = []  # what was rebuilt and why, for the user
        self.embedded_files = 0

    def _read_manifest(self) -> dict | None:
        if not self.manifest_path.exists():
            return None
        try:
            manifest = json.loads(self.manifest_path.read_text("utf-8"))
            if not isinstance(manifest, dict):
                self.messages.append("index manifest is not a JSON object: rebuilding")
                return None
            if manifest.get("version") != MANIFEST_VERSION:
                self.messages.append("index manifest has an old format: rebuilding")
                return None
            return manifest
        except (OSError, ValueError) as exc:
            self.messages.append(f"index manifest is corrupt ({exc}): rebuilding")
            return None

    def _load_cached(self, key: str, rows: int, dim: int | None) -> np.ndarray | None:
        path = self.vectors_dir / f"{key}.npy"
        if not path.exists():
            return None
        try:
            array = np.load(path, allow_pickle=False)
        except (OSError, ValueError, EOFError) as exc:
            self.messages.append(f"cached vectors {path.name} are corrupt ({exc}): re-embedding")
            return None
        if array.ndim != 2 or array.shape[0] != rows or (dim and array.shape[1] != dim) or not np.isfinite(array).all():
            self.messages.append(f"cached vectors {path.name} do not match their chunks: re-embedding")
            return None
        return array.astype(np.float32, copy=False)

    def sync(self, files: list[tuple[str, str, list[str]]], embed, signature: dict, dim: int,
             on_file=None) -> np.ndarray:
        """Make the index match `files` = [(file name, content hash, chunk texts)].

        `embed(texts) -> vectors` is called only for files whose vectors are not
        cached; `signature` (model identity, chunking parameters) is part of
        every cache key; `on_file(rows)` is called after each file (for progress bars).
        Returns the matrix of all vectors in corpus order: a read-only view of the
        index's own storage, not a copy."""
        entries, blocks = self.file_vectors(files, embed, signature, dim, on_file=on_file)
        # Never one matrix of all vectors beside the index: hashed file by file, and the flat
        # index filled file by file (the same index as from one matrix); at 100k chunks each
        # full copy is 150 MB.
        rows = sum(len(b) for b in blocks)
        digest = hashlib.sha256()
        for block in blocks:
            digest.update(np.ascontiguousarray(block, dtype=np.float32).data)

        manifest = self._read_manifest()
        wanted = {
            "version": MANIFEST_VERSION,
            "signature": signature,
            "files": [e.__dict__ for e in entries],
            "rows": int(rows),
            "vectors_sha256": digest.hexdigest(),
        }
        index = None
        if manifest == {**wanted, "faiss_sha256": manifest.get("faiss_sha256") if manifest else None} and self.faiss_path.exists():
            try:
                index, faiss_sha256, error = _read_faiss(self.faiss_path)
            except OSError as exc:
                index, faiss_sha256, error = None, None, str(exc)
            if faiss_sha256 is not None and faiss_sha256 != manifest.get("faiss_sha256"):
                self.messages.append("index file does not match its manifest (truncated or changed): rebuilding")
                index = None
            elif error is not None:
                self.messages.append(f"index file is unreadable ({error}): rebuilding")
            elif index.ntotal != rows:
                index = None
        elif manifest is not None and manifest.get("files") == wanted["files"] and not self.faiss_path.exists():
            self.messages.append("index file vectors.faiss is missing: rebuilding")
        elif manifest is not None:
            self.messages.append("corpus, model or chunking changed since the index was built: updating")
        if index is None:
            index = build_faiss_from_blocks(blocks, dim)
            blocks = None
            wanted["faiss_sha256"] = _write_faiss(index, self.faiss_path)
            atomic_write_bytes(self.manifest_path, json.dumps(wanted, ensure_ascii=False, indent=1).encode())
        self.prune_cache({e.key for e in entries})
        self.index = index
        return _stored_vectors(index)

    def file_vectors(self, files: list[tuple[str, str, list[str]]], embed, signature: dict,
                     dim: int, fetch=None, on_file=None) -> tuple[list[FileEntry], list[np.ndarray]]:
        """Each file's vectors from the cache, embedding only the files that are not cached
        (the Milvus store uses this cache too, so an update re-embeds only what changed;
        its `fetch(name, texts)` reads vectors it already holds before anything is embedded)."""
        sig = sha256_bytes(json.dumps(signature, sort_keys=True).encode())[:16]
        entries: list[FileEntry] = []
        blocks: list[np.ndarray] = []
        self.embedded_files = 0
        for name, content_hash, texts in files:
            key = f"{content_hash[:24]}-{sig}"
            array = self._load_cached(key, len(texts), dim)
            if array is None and fetch is not None:
                array = fetch(name, texts)
                if array is not None:
                    atomic_write_bytes(self.vectors_dir / f"{key}.npy", _npy_bytes(array))
            if array is None:
                array = embed(texts) if texts else np.zeros((0, dim), dtype=np.float32)
                atomic_write_bytes(self.vectors_dir / f"{key}.npy", _npy_bytes(array))
                self.embedded_files += 1
            entries.append(FileEntry(name, key, len(texts)))
            blocks.append(array)
            if on_file is not None:
                on_file(len(texts))
        return entries, blocks

    def prune_cache(self, keep: set[str]) -> None:
        """Drop vectors of documents that are no longer in the corpus, and temporary
        files that a killed write left behind (older than an hour)."""
        import time

        for folder in (self.index_dir, self.vectors_dir):
            for tmp in folder.glob(".*.tmp") if folder.exists() else ():
                if time.time() - tmp.stat().st_mtime > 3600:
                    tmp.unlink(missing_ok=True)
        if not self.vectors_dir.exists():
            return
        for path in self.vectors_dir.glob("*.npy"):
            if path.stem not in keep:
                path.unlink(missing_ok=True)

    def search(self, query_vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k nearest chunks (scores, corpus positions) in the stores' canonical order."""
        if self.index is None or self.index.ntotal == 0:
            return np.zeros(0, dtype=np.float64), np.zeros(0, dtype=np.int64)
        pool = min(candidate_pool(k), self.index.ntotal)
        _, ids = self.index.search(query_vector.reshape(1, -1).astype(np.float32), pool)
        ids = ids[0][ids[0] >= 0]
        vectors = self.index.reconstruct_batch(ids) if len(ids) else np.zeros((0, self.index.d), np.float32)
        return canonical_top(ids, exact_dense_scores(query_vector, vectors), k)
