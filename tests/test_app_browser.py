"""End-to-end tests of the Gradio app in Debian's Chromium (Playwright, headless).

One app server for the module, started as `python app.py` on a free port over a copy of
corpus/ and a temporary index (seeded with the vectors already computed, so nothing is
re-embedded; the converted model is reused from its default cache). Screenshots of each
step go to tests/artifacts/. A browser that cannot start is a failure, not a skip.
"""
from __future__ import annotations

import contextlib
import csv
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
START_TIMEOUT = 120  # seconds for the server to listen
FIRST_ANSWER_TIMEOUT = 300  # the first answer waits for the index (longer only if vectors must be computed)
ANSWER_TIMEOUT = 60_000  # ms, in the browser

NUMERIC_QUESTION = "到2025年浙江计划建成多少个5G基站？"
UPLOAD_TEXT = "浙江省氢能产业发展测试方案\n\n一、发展目标\n\n到2027年，建成氢能加注站88座以上。\n\n二、保障措施\n\n加强组织领导，落实工作责任。\n"
UPLOAD_QUESTION = "到2027年计划建成多少座氢能加注站？"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _log_tail(path: Path, n: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


@contextlib.contextmanager
def app_server(root: Path, log_name: str, env_extra: dict | None = None, drop_env: tuple[str, ...] = ()):
    """Serve `python app.py` on a free port over a writable copy of corpus/ and an index seeded with
    the vectors already computed; yields (url, corpus, index, log path, process), stops it after."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    corpus = root / "corpus"
    shutil.copytree(REPO / "corpus", corpus, ignore=shutil.ignore_patterns(".*"))
    for path in corpus.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)  # the originals are read-only; uploads and deletes write here
    index = root / "index"
    (index / "vectors").mkdir(parents=True)
    # Vectors are cached per file under a key of content hash + model + chunking: copies of the
    # ones already computed are exactly what would be computed again.
    for cached in (REPO / "index" / "vectors", ARTIFACTS / "seed_index" / "vectors"):
        if cached.is_dir():
            for npy in cached.glob("*.npy"):
                if not (index / "vectors" / npy.name).exists():
                    shutil.copyfile(npy, index / "vectors" / npy.name)
    port = _free_port()
    log_path = ARTIFACTS / log_name
    env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False", PYTHONUNBUFFERED="1", **(env_extra or {}))
    for name in ("GRADIO_SERVER_PORT", "GRADIO_SERVER_NAME", "RAG_CORPUS", "RAG_INDEX", *drop_env):
        env.pop(name, None)
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, str(REPO / "app.py"), "--host", "127.0.0.1", "--port", str(port),
             "--corpus", str(corpus), "--index", str(index)],
            cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"app.py exited with code {proc.returncode}:\n{_log_tail(log_path)}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"app.py did not answer on {url} within {START_TIMEOUT}s:\n{_log_tail(log_path)}")
            time.sleep(0.3)
        yield SimpleNamespace(url=url, corpus=corpus, index=index, log=log_path, proc=proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def chromium():
    """Debian's Chromium under Playwright; a browser that cannot start fails the tests."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)")
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        except Exception as exc:  # a browser that cannot start fails the tests
            pytest.fail(f"cannot start {CHROMIUM}: {exc}")
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with app_server(tmp_path_factory.mktemp("app"), "app_server.log") as running:
        yield running


@pytest.fixture(scope="module")
def ready(server):
    """The server after its first answer: the model is loaded and the index is built."""
    from gradio_client import Client

    client = Client(server.url, verbose=False)
    result = client.submit(NUMERIC_QUESTION, api_name="/answer").result(timeout=FIRST_ANSWER_TIMEOUT)
    assert "error" not in result, result
    return SimpleNamespace(**vars(server), client=client, first=result)


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


@pytest.fixture(scope="module")
def context(browser, ready):
    # zh-CN: Gradio's own labels (upload area, buttons) follow the browser language
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    ctx.set_default_timeout(60_000)  # generous: the machine may be busy with other test runs
    ctx.outside_requests = []
    local = (ready.url, "data:", "blob:", "about:")
    ctx.on("request", lambda r: None if r.url.startswith(local) else ctx.outside_requests.append(r.url))
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, ready):
    pg = context.new_page()
    pg.goto(ready.url)
    pg.wait_for_selector("#question textarea")
    yield pg
    pg.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def ask(page, question: str):
    """Type a question, send it and wait for the whole answer; returns the answer's locator."""
    done = page.locator("#chatbot .qa-complete")
    before = done.count()
    page.fill("#question textarea", question)
    page.click("#ask")
    page.wait_for_function(f"() => document.querySelectorAll('#chatbot .qa-complete').length > {before}",
                           timeout=ANSWER_TIMEOUT)
    return done.last


def plain(text: str) -> str:
    """A quote as the viewer shows it (exact source text) or as a card shows it (**bold** rendered)."""
    return re.sub(r"\*\*|[「」]", "", text).strip()


def test_numeric_question_shows_value_first_then_citation_cards(page):
    answer = ask(page, NUMERIC_QUESTION)
    value = answer.locator(".qa-value")
    assert "20万个" in value.inner_text() and "2025" in value.inner_text()
    cards = answer.locator(".cite-card")
    assert cards.count() >= 1
    first = cards.first
    assert "规划" in first.locator(".cite-title").inner_text()
    assert "浙政发〔2021〕20号" in first.locator(".cite-docno").inner_text()
    assert "5G基站20万个以上" in first.locator(".cite-quote").inner_text()
    assert first.locator(".cite-path").inner_text().strip()
    assert value.bounding_box()["y"] < first.bounding_box()["y"]  # value first, then the cards
    assert page.locator("#citations").is_visible()  # the same cards, clickable, beside the chat
    shot(page, "01_answer")


def test_unanswerable_question_is_refused_with_related_facts_marked(page):
    answer = ask(page, "到2030年江苏计划建成多少个5G基站？")
    assert "qa-refused" in answer.get_attribute("class")
    assert "⚠ 无法回答" in answer.locator(".qa-refusal-head").inner_text()
    assert "江苏" in answer.locator(".qa-text").inner_text()  # says what is missing
    assert answer.locator(".qa-value").count() == 0  # no value is offered
    related = answer.locator(".cite-card")
    assert related.count() >= 1 and related.count() == answer.locator(".cite-card.related").count()
    assert "并非所问" in answer.locator(".qa-related-head").inner_text()
    assert all("并非所问" in related.nth(i).locator(".cite-badge").inner_text() for i in range(related.count()))
    shot(page, "02_refusal")


def test_list_answer_shows_numbered_items_each_with_its_citation(page):
    answer = ask(page, "传统制造业改造提升2.0版的重点任务有哪些？")
    items = answer.locator("ol.qa-list li")
    assert items.count() == 3
    assert "加快数字化发展" in items.first.inner_text() and "[1]" in items.first.inner_text()
    cards = answer.locator(".cite-card")
    assert cards.count() >= 3  # one per item, then the heading
    for i in range(3):
        label = items.nth(i).inner_text().split("[")[0].strip()
        assert label in cards.nth(i).locator(".cite-quote").inner_text()
    assert "共3项" in answer.locator(".qa-text").inner_text()
    shot(page, "10_list_answer")


def test_comparison_shows_a_table_with_each_side_cited(page):
    answer = ask(page, "浙江和安徽2020年规上工业增加值增速分别是多少？")
    rows = answer.locator("table.qa-table tbody tr")
    assert rows.count() == 2
    assert "浙江" in rows.nth(0).inner_text() and "3.9%" in rows.nth(0).inner_text()
    assert "安徽" in rows.nth(1).inner_text() and "5.3%" in rows.nth(1).inner_text()
    cards = answer.locator(".cite-card")
    assert cards.count() >= 2  # each side, then the spans that state their year
    assert "浙江" in cards.nth(0).locator(".cite-title").inner_text()
    assert "安徽" in cards.nth(1).locator(".cite-title").inner_text()
    shot(page, "11_comparison_table")


def test_clicking_a_citation_opens_the_clause_with_the_quote_marked(page):
    answer = ask(page, NUMERIC_QUESTION)
    cards = answer.locator(".cite-card")
    assert cards.count() >= 2, "the 5G answer cites its evidence and related facts"
    # a card inside the chat
    second_quote = plain(cards.nth(1).locator(".cite-quote").inner_text())
    cards.nth(1).click()
    page.wait_for_function("q => { const m = document.querySelector('#viewer mark');"
                           " return m && m.innerText.replace(/\\*\\*/g, '').includes(q); }", arg=second_quote)
    # a card in the panel beside the chat
    first_quote = plain(cards.first.locator(".cite-quote").inner_text())
    page.locator("#citations .cite-card").first.click()
    page.wait_for_function("q => { const m = document.querySelector('#viewer mark');"
                           " return m && m.innerText.replace(/\\*\\*/g, '').includes(q); }", arg=first_quote)
    viewer = page.locator("#viewer")
    assert plain(viewer.locator("mark").inner_text()) == first_quote
    assert "规划" in viewer.locator(".viewer-head").inner_text()
    assert len(viewer.locator(".viewer-text").inner_text()) > len(first_quote)  # shown in its context
    shot(page, "03_citation_viewer")


def test_targets_table_filters_by_keyword_opens_a_clause_and_downloads_csv(page):
    page.get_by_role("tab", name="指标库").click()
    count = page.locator("#t-count")
    page.wait_for_function("() => /共 \\d+ 条/.test(document.querySelector('#t-count').innerText)")
    total = int(re.search(r"共 (\d+) 条", count.inner_text()).group(1))
    assert total > 20
    page.fill("#t-kw textarea, #t-kw input", "5G")
    page.press("#t-kw textarea, #t-kw input", "Enter")
    page.wait_for_function(f"() => {{ const m = /共 (\\d+) 条/.exec(document.querySelector('#t-count').innerText);"
                           f" return m && +m[1] > 0 && +m[1] < {total}; }}")
    shown = int(re.search(r"共 (\d+) 条", count.inner_text()).group(1))
    cells = page.locator("#t-table [role=gridcell]")
    row = [cells.nth(i).inner_text() for i in range(8)]
    assert "5G" in " ".join(row).upper()
    cells.nth(2).click()  # the indicator cell of the first row
    page.wait_for_selector("#t-viewer mark")
    assert page.locator("#t-viewer mark").inner_text().strip() == row[3].strip()  # the value, highlighted
    with page.expect_download() as download:
        page.click("#t-download")
    path = download.value.path()
    rows = list(csv.DictReader(open(path, encoding="utf-8-sig")))
    assert len(rows) == shown >= 1
    assert all("5G" in " ".join(r.values()).upper() for r in rows)
    assert {"文档", "年份", "指标", "数值原文", "原文"} <= set(rows[0])
    shutil.copyfile(path, ARTIFACTS / "targets_5G.csv")
    shot(page, "04_targets_filtered")


def test_upload_then_ask_about_it_then_delete(page, ready, tmp_path):
    page.get_by_role("tab", name="文档").click()
    # a bad file: a clear Chinese message, the corpus unchanged
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not a pdf")
    page.set_input_files("#up-file input[type=file]", str(broken))
    page.wait_for_selector("#up-file a[href*='broken.pdf']")  # uploaded to the server, not only picked
    page.click("#up-btn")
    page.wait_for_selector("#d-status >> text=上传失败")
    assert "PDF" in page.inner_text("#d-status") and "Traceback" not in page.content()
    assert not (ready.corpus / "broken.pdf").exists()
    shot(page, "05_upload_error")
    # a type the library does not read: its message, in Chinese, not a Gradio toast in English
    tool = tmp_path / "tool.exe"
    tool.write_bytes(b"MZ\x90\x00")
    page.set_input_files("#up-file input[type=file]", str(tool))
    page.wait_for_selector("#up-file a[href*='tool.exe']")
    page.click("#up-btn")
    page.wait_for_selector("#d-status >> text=不支持的文件类型")
    assert not (ready.corpus / "tool.exe").exists()
    # a good file: indexed, listed, and answered from at once
    upload = tmp_path / "hydrogen_test_plan.txt"
    upload.write_text(UPLOAD_TEXT, encoding="utf-8")
    page.set_input_files("#up-file input[type=file]", str(upload))
    page.wait_for_selector("#up-file a[href*='hydrogen_test_plan.txt']")
    page.click("#up-btn")
    page.wait_for_selector("#d-status >> text=已加入", timeout=ANSWER_TIMEOUT)
    assert (ready.corpus / "hydrogen_test_plan.txt").exists()
    page.wait_for_selector("#d-table >> text=hydrogen_test_plan.txt")
    assert "发展目标" in page.inner_text("#d-outline")  # the new document's outline is shown
    shot(page, "06_upload_done")
    page.get_by_role("tab", name="问答").click()
    answer = ask(page, UPLOAD_QUESTION)
    assert "88座" in answer.locator(".qa-value").inner_text()
    assert "hydrogen" not in answer.inner_text()  # cards name the document, not the file
    assert "88座" in answer.locator(".cite-card").first.inner_text()
    shot(page, "07_upload_answer")
    # delete it again, with confirmation
    page.get_by_role("tab", name="文档").click()
    page.locator("#del-select input").click()
    page.get_by_role("option", name=re.compile("hydrogen_test_plan.txt")).click()
    page.click("#del-btn")
    page.click("#del-yes")
    page.wait_for_selector("#d-status >> text=已删除")
    assert not (ready.corpus / "hydrogen_test_plan.txt").exists()
    assert "hydrogen_test_plan.txt" not in page.inner_text("#d-table")
    shot(page, "08_deleted")


def test_empty_and_huge_questions_get_a_chinese_message(page):
    page.fill("#question textarea", "")
    page.click("#ask")
    page.wait_for_selector("#chat-status >> text=问题为空")
    assert page.locator("#chatbot .qa-complete").count() == 0
    shot(page, "09_empty_question")
    page.fill("#question textarea", "浙江" * 3000)
    page.click("#ask")
    page.wait_for_selector("#chat-status >> text=问题过长")
    assert "Traceback" not in page.content() and "Error" not in page.inner_text("#chat-status")
    assert page.locator("#chatbot .qa-complete").count() == 0
    answer = ask(page, NUMERIC_QUESTION)  # the app is still up and answering
    assert "20万个" in answer.inner_text()
    assert page.inner_text("#chat-status").strip() == ""  # the message goes once a question is answered


def test_answer_api_endpoint(ready):
    first = ready.first  # Client(url).predict(..., api_name="/answer") in the fixture
    assert "20万个" in first["value"] and first["deadline"] == 2025 and first["refused"] is False
    assert "规划" in first["citations"][0]["title"]
    again = ready.client.predict("By 2025, how many 5G base stations does Zhejiang plan to build?", api_name="/answer")
    assert again["language"] == "en" and "20万个" in again["value"]
    assert ready.client.predict("   ", api_name="/answer") == {"error": "问题为空，请输入一个问题。"}


def test_nothing_was_fetched_from_outside(context):
    assert context.outside_requests == []


def test_twenty_concurrent_api_requests(ready):
    """A bounded load test on 127.0.0.1: 20 requests at once through the /answer API get
    the same answers as one at a time, and the app keeps serving."""
    from concurrent.futures import ThreadPoolExecutor

    from gradio_client import Client

    questions = [NUMERIC_QUESTION, "十四五规划是什么时候印发的？", "到2030年江苏计划建成多少个5G基站？",
                 "By 2025, how many 5G base stations does Zhejiang plan to build?"] * 5
    key = lambda d: (d.get("value"), d.get("refused"), [c["quote"] for c in d.get("citations", [])][:1])
    expected = {q: key(ready.client.predict(q, api_name="/answer")) for q in set(questions)}
    clients = [Client(ready.url, verbose=False) for _ in range(4)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        futures = [pool.submit(lambda i, q: clients[i % 4].predict(q, api_name="/answer"), i, q)
                   for i, q in enumerate(questions)]
        results = [f.result(timeout=120) for f in futures]
    assert [key(r) for r in results] == [expected[q] for q in questions]
    assert "20万个" in ready.client.predict(NUMERIC_QUESTION, api_name="/answer")["value"]
