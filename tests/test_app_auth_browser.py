"""Sign-in, roles, trash and audit trail of the Gradio app, end to end in Debian's Chromium.

One app server for the module, started as `python app.py` with a users file (RAG_USERS) holding
an administrator and a viewer (and RAG_LOG_QUESTIONS=1), over a copy of corpus/ and a temporary index (seeded with the
vectors already computed). The trash is `.trash` beside the corpus copy and the audit log is
audit.jsonl beside the users file. Screenshots go to tests/artifacts/auth_*.png.
"""
from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.test_app_browser import (ANSWER_TIMEOUT, ARTIFACTS, FIRST_ANSWER_TIMEOUT, NUMERIC_QUESTION,
                                    UPLOAD_QUESTION, UPLOAD_TEXT, app_server, ask, chromium)

REPO = Path(__file__).resolve().parent.parent
ADMIN, ADMIN_PASSWORD = "管理员甲", "admin-password-1"
VIEWER, VIEWER_PASSWORD = "viewer1", "viewer-password-1"
UPLOAD_NAME = "hydrogen_auth_test.txt"


def audit_entries(server) -> list[dict]:
    if not server.audit.exists():
        return []
    return [json.loads(line) for line in server.audit.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from rag.users import write_user

    root = tmp_path_factory.mktemp("auth_app")
    users = root / "accounts" / "users.json"
    write_user(users, ADMIN, "admin", ADMIN_PASSWORD)
    write_user(users, VIEWER, "viewer", VIEWER_PASSWORD)
    with app_server(root, "auth_app_server.log", {"RAG_USERS": str(users), "RAG_LOG_QUESTIONS": "1"},
                    drop_env=("RAG_TRASH", "RAG_AUDIT")) as running:
        # the first answer waits for the model and the index: once here, not inside a browser test
        from gradio_client import Client

        first = Client(running.url, auth=(ADMIN, ADMIN_PASSWORD), verbose=False).submit(
            NUMERIC_QUESTION, api_name="/answer").result(timeout=FIRST_ANSWER_TIMEOUT)
        assert "20万个" in first.get("value", ""), first
        yield SimpleNamespace(url=running.url, corpus=running.corpus, index=running.index, trash=root / ".trash",
                              audit=users.parent / "audit.jsonl", log=running.log)


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


def signed_in(browser, server, name: str, password: str):
    """A new browser context and page, signed in through Gradio's login form."""
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    ctx.set_default_timeout(60_000)
    page = ctx.new_page()
    page.goto(server.url)
    page.fill("input[data-testid=textbox]", name)
    page.fill("input[type=password]", password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector("#question textarea", timeout=120_000)
    page.wait_for_function("n => document.querySelector('#whoami') && document.querySelector('#whoami').innerText.includes(n)",
                           arg=name)
    return ctx, page


def wait_text(page, selector: str, text: str) -> None:
    """Wait until an element's visible text contains `text` (a table renders hidden copies of its cells)."""
    page.wait_for_function("([s, t]) => { const e = document.querySelector(s); return e && e.innerText.includes(t); }",
                           arg=[selector, text])


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"auth_{name}.png"), full_page=True)


# Calls an event handler the way the page's own script does (POST queue/join with its fn_index,
# then read the event stream), with this page's session cookie: what a viewer could do by hand.
CALL_HANDLER_JS = """
async ({elemId, event, data}) => {
  const config = await (await fetch("config")).json();
  const comp = config.components.find(c => c.props && c.props.elem_id === elemId);
  const dep = config.dependencies.find(d => d.targets.some(t => t[0] === comp.id && t[1] === event));
  const session_hash = Math.random().toString(36).slice(2);
  const join = await fetch("gradio_api/queue/join", {method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify({data, event_data: null, fn_index: dep.id, trigger_id: comp.id, session_hash})});
  if (!join.ok) return {status: join.status, text: await join.text()};
  const res = await fetch("gradio_api/queue/data?session_hash=" + session_hash);
  const reader = res.body.getReader(), decoder = new TextDecoder();
  let text = "";
  while (!text.includes("process_completed")) {
    const {done, value} = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  return {status: res.status, text};
}
"""

UPLOAD_JS = """
async ({name, text}) => {
  const form = new FormData();
  form.append("files", new File([text], name, {type: "text/plain"}));
  const res = await fetch("gradio_api/upload", {method: "POST", body: form});
  return {status: res.status, paths: res.ok ? await res.json() : null};
}
"""


def handler_output(result: dict) -> list:
    assert result["status"] == 200, result
    for line in result["text"].splitlines():
        if line.startswith("data:") and "process_completed" in line:
            message = json.loads(line[5:])
            assert message.get("success"), message
            return message["output"]["data"]
    raise AssertionError(f"no result in {result['text'][:500]}")


def test_wrong_password_is_refused_and_logged(browser, server):
    ctx = browser.new_context(locale="zh-CN")
    page = ctx.new_page()
    page.goto(server.url)
    page.fill("input[data-testid=textbox]", VIEWER)
    page.fill("input[type=password]", "not-the-password")
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector("text=/Incorrect|错误|不正确/i")
    assert page.locator("#question").count() == 0  # still on the login form
    shot(page, "01_wrong_password")
    ctx.close()
    failures = [e for e in audit_entries(server) if e["action"] == "sign-in failure"]
    assert failures and failures[-1]["user"] == VIEWER
    assert "not-the-password" not in server.audit.read_text("utf-8")
    # and without any session, nothing is served
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(server.url + "/config", timeout=10)
    assert refused.value.code == 401


def test_viewer_asks_sees_no_admin_controls_and_cannot_change_the_corpus(browser, server):
    ctx, page = signed_in(browser, server, VIEWER, VIEWER_PASSWORD)
    try:
        assert "查询" in page.inner_text("#whoami")
        answer = ask(page, NUMERIC_QUESTION)
        assert "20万个" in answer.locator(".qa-value").inner_text()
        page.get_by_role("tab", name="文档").click()
        wait_text(page, "#d-table", "zj_made_in_china_2025_action_plan_2018.txt")
        for control in ("#up-btn", "#del-btn", "#del-select", "#restore-btn", "#trash-table", "#audit-table",
                        "#rebuild-btn"):
            assert not page.locator(control).is_visible(), control
        shot(page, "02_viewer_documents")

        before = sorted(p.name for p in server.corpus.iterdir())
        # the upload handler, called directly with this session and a real uploaded file: refused
        uploaded = page.evaluate(UPLOAD_JS, {"name": UPLOAD_NAME, "text": UPLOAD_TEXT})
        assert uploaded["status"] == 200, uploaded
        file_data = {"path": uploaded["paths"][0], "orig_name": UPLOAD_NAME, "meta": {"_type": "gradio.FileData"}}
        out = handler_output(page.evaluate(CALL_HANDLER_JS, {"elemId": "up-btn", "event": "click",
                                                            "data": [file_data, True, "全部", "全部", ""]}))
        assert "管理员" in out[0] and "已加入" not in out[0]
        # the delete handler (the confirmation button's), likewise
        out = handler_output(page.evaluate(CALL_HANDLER_JS, {
            "elemId": "del-yes", "event": "click",
            "data": ["zj_made_in_china_2025_action_plan_2018.txt", "全部", "全部", ""]}))
        assert "管理员" in out[0] and "已删除" not in out[0]
        assert sorted(p.name for p in server.corpus.iterdir()) == before
        assert not server.trash.exists() or not any(server.trash.iterdir())
    finally:
        ctx.close()
    # the public API with the viewer's account: refused too
    from gradio_client import Client

    client = Client(server.url, auth=(VIEWER, VIEWER_PASSWORD), verbose=False)
    assert "error" in client.predict("zj_made_in_china_2025_action_plan_2018.txt", api_name="/delete_document")
    assert "20万个" in client.predict(NUMERIC_QUESTION, api_name="/answer")["value"]
    assert sorted(p.name for p in server.corpus.iterdir()) == before
    refused = [e for e in audit_entries(server) if e["action"] == "refused" and e["user"] == VIEWER]
    assert {e["attempted"] for e in refused} == {"upload", "delete"}
    asked = [e for e in audit_entries(server) if e["action"] == "question" and e["user"] == VIEWER]
    assert len(asked) == 2 and {e["question"] for e in asked} == {NUMERIC_QUESTION}  # RAG_LOG_QUESTIONS=1


def test_admin_uploads_deletes_restores_and_the_answer_comes_back(browser, server, tmp_path):
    ctx, page = signed_in(browser, server, ADMIN, ADMIN_PASSWORD)
    try:
        assert "管理" in page.inner_text("#whoami")
        page.get_by_role("tab", name="文档").click()
        upload = tmp_path / UPLOAD_NAME
        upload.write_text(UPLOAD_TEXT, encoding="utf-8")
        page.set_input_files("#up-file input[type=file]", str(upload))
        page.wait_for_selector(f"#up-file a[href*='{UPLOAD_NAME}']")
        page.click("#up-btn")
        page.wait_for_selector("#d-status >> text=已加入", timeout=ANSWER_TIMEOUT)
        page.get_by_role("tab", name="问答").click()
        assert "88座" in ask(page, UPLOAD_QUESTION).locator(".qa-value").inner_text()

        page.get_by_role("tab", name="文档").click()
        page.locator("#del-select input").click()
        page.get_by_role("option", name=re.compile(UPLOAD_NAME)).click()
        page.click("#del-btn")
        page.click("#del-yes")
        page.wait_for_selector("#d-status >> text=已删除")
        assert not (server.corpus / UPLOAD_NAME).exists()
        wait_text(page, "#trash-table", UPLOAD_NAME)  # listed in the trash
        (kept,) = [p for p in server.trash.rglob(UPLOAD_NAME)]
        assert kept.read_text("utf-8") == UPLOAD_TEXT
        shot(page, "03_admin_trash")
        page.get_by_role("tab", name="问答").click()
        gone = ask(page, UPLOAD_QUESTION)
        assert "88座" not in gone.inner_text()

        page.get_by_role("tab", name="文档").click()
        page.locator("#trash-select input").click()
        page.get_by_role("option", name=re.compile(UPLOAD_NAME)).click()
        page.click("#restore-btn")
        page.wait_for_selector("#d-status >> text=已恢复")
        assert (server.corpus / UPLOAD_NAME).read_text("utf-8") == UPLOAD_TEXT
        wait_text(page, "#audit-table", "恢复")  # the audit trail
        shot(page, "04_admin_restored")
        page.get_by_role("tab", name="问答").click()
        assert "88座" in ask(page, UPLOAD_QUESTION).locator(".qa-value").inner_text()
    finally:
        ctx.close()
    actions = [(e["action"], e.get("file")) for e in audit_entries(server) if e["user"] == ADMIN]
    assert [a for a in actions if a[1] == UPLOAD_NAME] == [("upload", UPLOAD_NAME), ("delete", UPLOAD_NAME),
                                                           ("restore", UPLOAD_NAME)]
    sha = {e.get("sha256") for e in audit_entries(server) if e.get("file") == UPLOAD_NAME}
    assert len(sha) == 1 and len(next(iter(sha))) == 64  # the same content throughout
