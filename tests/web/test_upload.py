"""导入文件 through the real form: every readable format becomes a draft whose review page
shows its text; a file that cannot be read, a bad key or a bad plan JSON gives the upload
form back with the reader's one-line message (422) and stores nothing; a 50 MB body is
refused before it is read (413)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from planwatch.store import Store
from planwatch.store.tables import AuditEntry, PlanVersion
from planwatch.store.tables import Plan as PlanRow

from .conftest import login

TESTS = Path(__file__).parents[1]
ASSETS = TESTS / "assets"
EXAMPLES = TESTS.parent / "src" / "planwatch" / "examples"


def _stored(store: Store) -> tuple[int, int, int]:
    """Plans, versions and audit rows (other than login attempts): what a refusal leaves alone."""
    with store.transaction() as s:
        return (s.scalar(select(func.count()).select_from(PlanRow)) or 0,
                s.scalar(select(func.count()).select_from(PlanVersion)) or 0,
                s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity != "login_attempts"))
                or 0)


@pytest.fixture
def planner(client: TestClient) -> TestClient:
    return login(client, "planner")


@pytest.mark.parametrize(("path", "key"), [
    (ASSETS / "002.docx", "docx-002"),
    (ASSETS / "004.pdf", "pdf-004"),
    (ASSETS / "000.html", "html-000"),
    (ASSETS / "001_bom_crlf.txt", "crlf-001"),
    (EXAMPLES / "001_e1ad1d33f2229fbe.txt", None),
])
def test_a_readable_document_becomes_a_draft_with_its_text_on_the_review_page(
        planner: TestClient, demo_store: Store, path: Path, key: str | None) -> None:
    r = planner.post("/plans", files={"file": (path.name, path.read_bytes())}, data={"key": key or ""},
                     follow_redirects=False)
    assert r.status_code == 303, r.text
    expected_key = key or "001_e1ad1d33f2229fbe"
    assert r.headers["location"] == f"/plans/{expected_key}/versions/1/review"
    data = planner.get(r.headers["location"] + ".json").json()
    assert data["status"] == "draft" and data["editable"] and data["has_text"]
    with demo_store.transaction() as s:
        version = s.scalars(select(PlanVersion).join(PlanRow, PlanRow.id == PlanVersion.plan_id)
                            .where(PlanRow.key == expected_key)).one()
        assert version.source_file == path.name and version.source_text
        assert "".join(seg["text"] for seg in data["segments"]) == version.source_text


@pytest.mark.parametrize(("asset", "message"), [
    ("broken.docx", "broken.docx: not a Word .docx document"),
    ("empty.txt", "empty.txt: the file is empty"),
    ("scanned.pdf", "scanned.pdf:"),
])
def test_an_unreadable_file_gives_the_form_back_with_the_readers_message(planner: TestClient, demo_store: Store,
                                                                         asset: str, message: str) -> None:
    before = _stored(demo_store)
    r = planner.post("/plans", files={"file": (asset, (ASSETS / asset).read_bytes())},
                     data={"key": "upload-x", "region": "安徽省"}, follow_redirects=False)
    assert r.status_code == 422
    assert '<form method="post" action="/plans"' in r.text and 'role="alert"' in r.text  # the upload page
    assert message in r.text
    assert 'value="upload-x"' in r.text and 'value="安徽省"' in r.text  # what was typed stays
    assert _stored(demo_store) == before


def test_a_scanned_pdf_says_it_has_no_text_layer(planner: TestClient) -> None:
    r = planner.post("/plans", files={"file": ("scanned.pdf", (ASSETS / "scanned.pdf").read_bytes())})
    assert r.status_code == 422 and "no text layer" in r.text and "导入规划文件" in r.text


def test_a_key_with_dot_dot_slash_is_refused_on_the_form(planner: TestClient, demo_store: Store) -> None:
    before = _stored(demo_store)
    doc = EXAMPLES / "001_e1ad1d33f2229fbe.txt"
    r = planner.post("/plans", files={"file": (doc.name, doc.read_bytes())}, data={"key": "../anhui"})
    assert r.status_code == 422 and "导入规划文件" in r.text
    assert "plan key &#39;../anhui&#39;" in r.text and "lower-case letters, digits" in r.text
    assert _stored(demo_store) == before


def test_a_plan_json_that_does_not_validate_names_its_fields(planner: TestClient, demo_store: Store) -> None:
    before = _stored(demo_store)
    bad = b'{"doc": "x", "targets": [{"quote": "q", "value": "lots"}]}'
    r = planner.post("/plans", files={"file": ("bad.json", bad)}, data={"key": "bad-json"})
    assert r.status_code == 422 and "bad.json" in r.text and "targets.0.value" in r.text
    assert _stored(demo_store) == before


def test_a_50_mb_upload_is_refused_before_it_is_read(planner: TestClient, demo_store: Store) -> None:
    before = _stored(demo_store)
    big = b"x" * 50_000_000
    r = planner.post("/plans", files={"file": ("big.txt", big)}, data={"key": "big"})
    assert r.status_code == 413 and "MB" in r.json()["error"]
    assert _stored(demo_store) == before


def test_a_forged_cross_site_upload_is_refused(planner: TestClient, demo_store: Store) -> None:
    before = _stored(demo_store)
    doc = EXAMPLES / "001_e1ad1d33f2229fbe.txt"
    r = planner.post("/plans", files={"file": (doc.name, doc.read_bytes())}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    assert _stored(demo_store) == before


def test_an_upload_for_a_region_out_of_scope_is_refused_and_stores_nothing(client: TestClient,
                                                                           demo_store: Store) -> None:
    login(client, "planner-sx")  # 绍兴市
    before = _stored(demo_store)
    doc = EXAMPLES / "002_7230ec801b983216.txt"  # a 安徽省 plan
    r = client.post("/plans", files={"file": (doc.name, doc.read_bytes())}, data={"key": "anhui-sx"})
    assert r.status_code == 403
    assert _stored(demo_store) == before
