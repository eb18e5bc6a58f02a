"""The September cycle of a finance clerk, on a temporary copy of the sample (issue 7):

``gongkai template`` → the workbook filled in with openpyxl → ``gongkai new 2024 … --from 2023`` → ``gongkai
check`` lists what is still missing → ``gongkai diff`` lists the changes and the missing reasons → the
department.yaml filled in → ``gongkai serve``, driven by Chromium, shows a changed number after the
workbook is saved again, and its 校验结果 page.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from cycle_support import FOLDER, SLUG, answer_department_yaml, copy_of_the_sample, save_workbook
from factory import tiny_workbook_data
from playwright.sync_api import Browser, Page, expect
from template_fill import fill_template

from generator import cli
from generator.tools.blank_workbook import TEMPLATE_NAME

pytestmark = pytest.mark.browser

GONGKAI = Path(sys.executable).with_name("gongkai")


def gongkai(*args: str) -> Result:
    return CliRunner(env={"COLUMNS": "200"}).invoke(cli.cli, list(args))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_of_the_sample(tmp_path / "project")


@pytest.fixture
def serve(project: Path, tmp_path: Path) -> Iterator[str]:
    """``gongkai serve`` on a free port, as the clerk starts it in the project folder; its address."""
    port = free_port()
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen(
        [str(GONGKAI), "serve", "-a", f"127.0.0.1:{port}"], cwd=project, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(240):  # the first staging and MkDocs' first build take a few seconds
            assert server.poll() is None, (tmp_path / "serve.log").read_text(encoding="utf-8")
            try:
                with urllib.request.urlopen(url, timeout=1):
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(
                "gongkai serve did not answer: " + (tmp_path / "serve.log").read_text(encoding="utf-8")
            )
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_the_september_cycle(
    project: Path, tmp_path: Path, browser: Browser, request: pytest.FixtureRequest
) -> None:
    # the blank standard workbook, filled in with openpyxl as a clerk fills it in Excel
    blank = tmp_path / "空白报表.xlsx"
    made = gongkai(
        "template", "--set", "sichuan13", "--year", "2024", "--department", "渠县商务局", "-o", str(blank)
    )
    assert made.exit_code == 0, made.output
    filled = fill_template(blank, tiny_workbook_data())

    # next year's folder from last year's; the filled workbook replaces its blank one
    made = gongkai("new", "2024", SLUG, "--from", "2023", "--project", str(project))
    assert made.exit_code == 0, made.output
    os.replace(filled, project / FOLDER / TEMPLATE_NAME)

    # check lists exactly what is still to be filled in
    checked = gongkai("check", str(project / FOLDER), "--format", "json")
    assert checked.exit_code == 1
    report = json.loads(checked.output)
    errors = {(f["rule"], f["source"]["key"]) for f in report["findings"] if f["severity"] == "错误"}
    assert errors == {
        ("Y-1", "sangong.reception.domestic.batches"),
        ("Y-1", "sangong.reception.domestic.people"),
        ("Y-5", "reasons.total"),
        ("Y-5", "reasons.fiscal_total"),
        ("Y-5", "reasons.gpb"),
        ("Y-5", "reasons.sangong"),
        ("Y-5", "reasons.sangong_reception"),
        ("Y-5", "reasons.operating_costs"),
        ("Y-6", "reasons.sangong_budget"),
    }
    assert {f["rule"] for f in report["findings"] if f["severity"] == "警告"} == {"Y-7.unchecked"}

    # diff lists the changes against 2023 and the reasons still missing: the same ones
    diff = json.loads(gongkai("diff", "2024", SLUG, "--project", str(project), "--format", "json").output)
    assert diff["prior_source"] == f"data/2023/{SLUG}/"
    total = next(line for line in diff["figures"] if line["key"] == "total")
    assert (total["current"], total["base"]) == ("135.00", "3081.49")
    assert set(diff["missing"]) == {key for rule, key in errors if rule != "Y-1"}
    assert "2011302" in {item["code"] for item in diff["items"]}

    answer_department_yaml(project)
    assert gongkai("check", str(project / FOLDER)).exit_code == 0
    assert (
        json.loads(gongkai("diff", "2024", SLUG, "--project", str(project), "--format", "json").output)[
            "missing"
        ]
        == []
    )

    # the preview: a number changes in the browser after the workbook is saved again
    url = request.getfixturevalue("serve")
    page: Page = browser.new_page()
    try:
        page.goto(f"{url}2024/{SLUG}/shuoming/")
        summary = page.locator("#zongti + p")
        expect(summary).to_contain_text("2024 年度收、支总计均为 135.00 万元")
        save_workbook(project, tmp_path, Decimal("2"))
        expect(summary).to_contain_text("2024 年度收、支总计均为 270.00 万元", timeout=90_000)
        page.goto(f"{url}jiaoyan/")
        expect(page.locator("h1")).to_contain_text("校验结果")
        expect(page.locator("article")).to_contain_text("只在本地预览中显示")
    finally:
        page.close()
