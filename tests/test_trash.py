"""Stage tests of rag/trash.py and the Assistant's recoverable deletes: delete, replace and
restore move files (never unlink them), names never clash, entries expire."""
from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from rag.trash import Trash


def _file(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def test_put_moves_the_file_and_take_brings_it_back(tmp_path):
    corpus, trash = tmp_path / "corpus", Trash(tmp_path / ".trash")
    path = _file(corpus, "规划.txt", "到2025年建成5G基站20万个。")
    entry = trash.put(path, user="张三", reason="delete")
    assert not path.exists()
    assert trash.file(entry).read_text("utf-8") == "到2025年建成5G基站20万个。"
    assert (entry.name, entry.user, entry.reason, entry.size) == ("规划.txt", "张三", "delete", len("到2025年建成5G基站20万个。".encode()))
    assert [e.entry_id for e in trash.entries()] == [entry.entry_id]
    trash.take(entry.entry_id, corpus / "规划.txt")
    assert path.read_text("utf-8") == "到2025年建成5G基站20万个。"
    assert trash.entries() == []
    with pytest.raises(KeyError):
        trash.take(entry.entry_id, corpus / "again.txt")


def test_same_name_deleted_twice_keeps_both_versions(tmp_path):
    corpus, trash = tmp_path / "corpus", Trash(tmp_path / ".trash")
    first = trash.put(_file(corpus, "a.txt", "v1"), user="u")
    second = trash.put(_file(corpus, "a.txt", "v2"), user="u")
    assert first.entry_id != second.entry_id
    assert {trash.file(e).read_text() for e in trash.entries()} == {"v1", "v2"}
    _file(corpus, "a.txt", "v3")
    with pytest.raises(FileExistsError):  # never overwrites
        trash.take(first.entry_id, corpus / "a.txt")
    assert (corpus / "a.txt").read_text() == "v3" and len(trash.entries()) == 2


def test_ids_are_folder_names_not_paths(tmp_path):
    trash = Trash(tmp_path / ".trash")
    trash.put(_file(tmp_path / "corpus", "a.txt", "x"))
    for bad in ("..", "../corpus", "/etc", ""):
        with pytest.raises(KeyError):
            trash.get(bad)


def test_expired_entries_are_purged_and_fresh_ones_kept(tmp_path):
    corpus, trash = tmp_path / "corpus", Trash(tmp_path / ".trash", keep_days=30)
    now = datetime.now(timezone.utc)
    old = trash.put(_file(corpus, "old.txt", "o"), now=now - timedelta(days=31))
    fresh = trash.put(_file(corpus, "fresh.txt", "f"), now=now - timedelta(days=29))
    assert [e.entry_id for e in trash.purge(now)] == [old.entry_id]
    assert [e.entry_id for e in trash.entries()] == [fresh.entry_id]
    assert not (trash.folder / old.entry_id).exists()


def test_an_entry_without_its_metadata_is_still_listed(tmp_path):
    """A crash between moving the file in and writing entry.json loses nothing."""
    trash = Trash(tmp_path / ".trash")
    entry = trash.put(_file(tmp_path / "corpus", "a.txt", "x"))
    (trash.folder / entry.entry_id / "entry.json").unlink()
    (listed,) = trash.entries()
    assert listed.name == "a.txt" and listed.entry_id == entry.entry_id
    (trash.folder / "junk").mkdir()  # an empty folder is not an entry
    assert len(trash.entries()) == 1


# ---- the Assistant over a small corpus (no model needed: the index is never built) ----
def _assistant(tmp_path, corpus_dir):
    import rag

    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus, ignore=shutil.ignore_patterns(".*"))
    for p in corpus.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    return rag.Assistant(corpus_dir=corpus, index_dir=tmp_path / "index")


NOTICE = "关于推进{tag}发展的实施意见\n\n一、主要任务\n\n到2027年培育{tag}重点项目{n}个。\n\n二、保障措施\n\n加强组织领导。\n"


def test_assistant_delete_and_restore(tmp_path, corpus_dir):
    a = _assistant(tmp_path, corpus_dir)
    name = "zj_made_in_china_2025_action_plan_2018.txt"
    original = (a.config.corpus_dir / name).read_bytes()
    n_docs = len(a.documents())
    entry = a.trash_document(name, user="admin")
    assert not (a.config.corpus_dir / name).exists()
    assert name not in {d.path for d in a.documents()} and len(a.documents()) == n_docs - 1
    assert a.trash.folder == tmp_path / ".trash"  # beside the corpus, not in it
    assert entry.user == "admin" and entry.reason == "delete"
    restored = a.restore_document(entry.entry_id, user="admin")
    assert restored.entry_id == entry.entry_id
    assert (a.config.corpus_dir / name).read_bytes() == original
    assert len(a.documents()) == n_docs and a.trash.entries() == []


def test_assistant_upload_that_replaces_keeps_the_old_version(tmp_path, corpus_dir):
    a = _assistant(tmp_path, corpus_dir)
    v1, v2 = NOTICE.format(tag="氢能", n=3).encode(), NOTICE.format(tag="氢能", n=5).encode()
    a.add_document("hydrogen.txt", v1)
    # without replace, the name is never overwritten
    kept = a.add_document("hydrogen.txt", NOTICE.format(tag="储能", n=2).encode())
    assert kept[0].path == "hydrogen_2.txt" and a.trash.entries() == []
    docs = a.add_document("hydrogen.txt", v2, replace=True, user="admin")
    assert docs[0].path == "hydrogen.txt"
    assert (a.config.corpus_dir / "hydrogen.txt").read_bytes() == v2
    (old,) = a.trash.entries()
    assert old.reason == "replace" and a.trash.file(old).read_bytes() == v1
    # restoring the old version while the new one holds the name: the new one goes to the trash
    a.restore_document(old.entry_id, user="admin")
    assert (a.config.corpus_dir / "hydrogen.txt").read_bytes() == v1
    (newer,) = a.trash.entries()
    assert newer.reason == "replace" and a.trash.file(newer).read_bytes() == v2
    assert sum(d.path == "hydrogen.txt" for d in a.documents()) == 1
    with pytest.raises(KeyError):
        a.restore_document("no-such-entry")


def test_a_file_in_a_subfolder_goes_back_to_its_subfolder(tmp_path, corpus_dir):
    a = _assistant(tmp_path, corpus_dir)
    sub = a.config.corpus_dir / "2024" / "wind.txt"
    sub.parent.mkdir()
    sub.write_text(NOTICE.format(tag="风电", n=4), "utf-8")
    a.reload()
    name = str(Path("2024") / "wind.txt")
    assert name in {d.path for d in a.documents()}
    entry = a.trash_document(name, user="admin")
    assert entry.name == name and not sub.exists()
    a.restore_document(entry.entry_id)
    assert sub.read_text("utf-8") == NOTICE.format(tag="风电", n=4)
    assert name in {d.path for d in a.documents()}
    # an entry whose recorded place points outside the corpus is not restored there
    bad = a.trash_document(name)
    meta = a.trash.folder / bad.entry_id / "entry.json"
    meta.write_text(meta.read_text("utf-8").replace('"2024/wind.txt"', '"../../wind.txt"'), "utf-8")
    with pytest.raises(KeyError):
        a.restore_document(bad.entry_id)
    assert a.trash.file(a.trash.get(bad.entry_id)).exists()
