"""Downloads: every table as CSV and as a sheet of the department-year's XLSX, a JSON bundle per
department-year, a site-wide CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl

BASE = Path("2023") / "qu-xian-shang-wu-ju"
STEM = "渠县商务局2023年度"  # a download is named by its department, year and table


def _csv(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")  # Excel on Chinese Windows needs the BOM to read UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


WORKBOOK = f"{STEM}决算公开报表.xlsx"


def test_every_table_links_the_workbook_and_its_csv_files_which_exist(sample_docs: Path) -> None:
    """Each table's section names its sheets of the one workbook; no table has an XLSX of its own."""
    sheets = set(openpyxl.load_workbook(sample_docs / BASE / "downloads" / WORKBOOK).sheetnames)
    sections = 0
    for page in sorted((sample_docs / BASE / "fubiao").glob("[0-9][0-9]-[0-9][0-9].md")):
        for line in page.read_text(encoding="utf-8").splitlines():
            if not line.startswith("下载本表："):
                continue
            sections += 1
            links = re.findall(r"\]\(\.\./downloads/([^)]+)\)", line)
            assert links[0] == WORKBOOK and links[1:] and all(name.endswith(".csv") for name in links[1:])
            named = line.split("](")[0].split("Excel（")[1].removesuffix("）").split("、")
            assert named and set(named) <= sheets, (page.name, named)
            for name in links:
                assert (sample_docs / BASE / "downloads" / name).is_file(), (page.name, name)
    assert sections == 13
    assert not [p.name for p in (sample_docs / BASE / "downloads").glob("*.xlsx") if p.name != WORKBOOK]


def test_a_table_downloads_as_what_the_page_shows(sample_docs: Path) -> None:
    """With the year, the department and the unit on every row: files combined can be filtered."""
    rows = _csv(sample_docs / BASE / "downloads" / f"{STEM}一般公共预算财政拨款支出决算表.csv")
    labels = ["2023", "渠县商务局", "万元"]
    assert rows[0][:3] == ["年度", "部门", "单位"]
    assert rows[0][3:] == ["科目编码", "科目名称", "年初预算数", "合计", "基本支出", "项目支出"]
    assert rows[1] == [*labels, "合计", "", "2871.49", "2871.49", "849.70", "2021.79"]
    assert [*labels, "208", "社会保障和就业支出", "175.91", "175.91", "169.63", "6.28"] in rows
    workbook = openpyxl.load_workbook(sample_docs / BASE / "downloads" / WORKBOOK)
    sheet = workbook["06 一般公共预算财政拨款支出决算表"]
    assert [cell.value for cell in sheet[2]] == [*labels, "合计", "", 2871.49, 2871.49, 849.7, 2021.79]
    assert sheet["F2"].number_format == "#,##0.00"


def test_two_panel_tables_download_one_csv_per_panel(sample_docs: Path) -> None:
    folder = sample_docs / BASE / "downloads"
    income = _csv(folder / f"{STEM}收入支出决算总表（收入）.csv")
    assert income[0][3:] == ["项目", "收入/决算数"] and ["总计", "3081.49"] in [row[3:] for row in income]
    expenditure = _csv(folder / f"{STEM}收入支出决算总表（支出）.csv")
    assert ["总计", "3081.49"] in [row[3:] for row in expenditure]
    workbook = openpyxl.load_workbook(folder / WORKBOOK)
    assert workbook.sheetnames[:3] == ["01 收入", "01 支出", "02 收入决算表"]


def test_the_bundle_holds_every_table_and_the_key_figures(sample_docs: Path) -> None:
    path = sample_docs / BASE / "downloads" / f"{STEM}决算数据.json"
    bundle = json.loads(path.read_text(encoding="utf-8"))
    assert (bundle["department"], bundle["year"], bundle["published"]) == ("渠县商务局", 2023, "2024-09-27")
    key_figures = bundle["key_figures"]
    assert key_figures["total"] == "3081.49" and key_figures["sangong"]["reception"] == "9.00"
    gpb = bundle["tables"]["gpb"]
    assert gpb["total"]["values"]["total"] == "2871.49"
    assert {"code": "2011301", "name": "行政运行"}.items() <= gpb["rows"][2].items()


def test_the_site_wide_csv_lists_every_department_year(sample_docs: Path) -> None:
    rows = _csv(sample_docs / "downloads" / "key-figures.csv")
    assert rows[0][:3] == ["年度", "部门", "收支总计（万元）"]
    assert rows[0][-1] == "部门整体绩效自评得分（分）"
    assert [row[:3] for row in rows[1:]] == [["2023", "渠县商务局", "3081.49"]]
    scores = [row[-1] for row in rows[1:]]
    assert scores == ["94.00"]  # two decimals like every amount, never "94"
    assert "(downloads/key-figures.csv)" in (sample_docs / "index.md").read_text(encoding="utf-8")
