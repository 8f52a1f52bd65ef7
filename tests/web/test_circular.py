"""月报 over real HTTP on the demo database: the page and its twin show the same circular,
downloads are the three formats, a planner's edits reach the files, issuing numbers and
keeps the circular (downloaded again byte for byte, its SHA-256 recorded), the profile form
refuses bad fields with 422 and saves good ones; scope and roles as the matrix says."""

from __future__ import annotations

import hashlib
import io

import docx
import pytest
from fastapi.testclient import TestClient

from circular.kit import require_tools
from planwatch.services.demo import DEMO_PASSWORD

PAGE = "/circulars?region=安徽省&period=2019-09"


def login(client: TestClient, user: str) -> TestClient:
    r = client.post("/login", data={"login": user, "password": DEMO_PASSWORD, "next": "/dashboard"},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return client


@pytest.fixture
def planner(client: TestClient) -> TestClient:
    require_tools()
    return login(client, "planner")


def test_page_and_twin_show_the_same_circular(planner: TestClient) -> None:
    page = planner.get(PAGE)
    twin = planner.get(PAGE.replace("/circulars?", "/circulars.json?")).json()
    assert page.status_code == 200 and twin["ok"]
    c = twin["circular"]
    assert c["doc_number"] == "皖发改规划〔{}〕36号".format(c["date"][:4])  # the demo profile's next number
    for line in c["title_lines"]:
        assert line in page.text
    charts = [b for b in c["blocks"] if b["type"] == "chart"]
    assert charts and all(b["svg"] in page.text for b in charts)  # the chart the PDF and DOCX show, as SVG
    assert page.text.count("<h2 class=\"l1\">") >= 5


def test_downloads_carry_the_planners_edits(planner: TestClient) -> None:
    query = "region=安徽省&period=2019-09&lead=现将1—9月情况通报如下。&req=压实责任%0A倒排工期"
    r = planner.get(f"/circulars/file/docx?{query}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    texts = [p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs]
    assert "现将1—9月情况通报如下。" in texts and "一是压实责任。" in texts and "二是倒排工期。" in texts
    pdf = planner.get(f"/circulars/file/pdf?{query}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert planner.get(f"/circulars/file/xlsx?{query}").content.startswith(b"PK")
    assert planner.get(f"/circulars/file/odt?{query}").status_code == 422


def test_issuing_numbers_keeps_and_advances(planner: TestClient) -> None:
    r = planner.post("/circulars/issue", data={"region": "安徽省", "period": "2019-09"}, follow_redirects=False)
    assert r.status_code == 303
    issued = planner.get(PAGE.replace("/circulars?", "/circulars.json?")).json()["issued"]
    assert len(issued) == 1 and issued[0]["doc_number"].endswith("36号")
    for fmt in ("docx", "pdf", "xlsx"):
        got = planner.get(f"/circulars/issued/{issued[0]['id']}/{fmt}")
        assert hashlib.sha256(got.content).hexdigest() == issued[0]["hashes"][fmt]
    again = planner.get(PAGE.replace("/circulars?", "/circulars.json?")).json()["circular"]
    assert again["doc_number"].endswith("37号")  # the profile moved on
    second = planner.post("/circulars/issue", data={"region": "安徽省", "period": "2019-09", "layout": "jianbao"},
                          headers={"accept": "application/json"})
    assert second.status_code == 201 and second.json()["doc_number"].endswith("第10期")


def test_profile_form(planner: TestClient) -> None:
    bad = planner.post("/circulars/profile", data={"region": "安徽省", "issuer": "", "next_number": "0"})
    assert bad.status_code == 422 and "issuer: 不能为空" in bad.text and "next_number" in bad.text
    form = planner.get("/circulars/profile.json?region=安徽省").json()["profile"]
    form.update(region="安徽省", next_number="50", cc="")
    ok = planner.post("/circulars/profile", data={k: str(v) for k, v in form.items()}, follow_redirects=False)
    assert ok.status_code == 303
    c = planner.get(PAGE.replace("/circulars?", "/circulars.json?")).json()["circular"]
    assert c["doc_number"].endswith("50号") and c["cc"] == ""


def test_scope_and_roles(client: TestClient) -> None:
    require_tools()
    login(client, "viewer")  # 安徽省
    assert client.get(PAGE).status_code == 200
    assert client.get("/circulars?region=绍兴市").status_code == 404  # another province: not found
    assert client.get("/circulars/profile?region=安徽省").status_code == 403
    assert client.post("/circulars/issue", data={"region": "安徽省"}, follow_redirects=False).status_code == 403
    client.post("/logout")
    login(client, "reporter")
    assert client.get(PAGE).status_code == 403
    assert client.get("/circulars/file/pdf?region=安徽省&period=2019-09").status_code == 403
