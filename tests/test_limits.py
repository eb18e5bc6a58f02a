"""Small hostile input does no large damage: each case is a located error from ``gongkai check``, run in a
subprocess under ``ulimit -v`` (address space) and ``ulimit -t`` (CPU seconds), never an internal error.

Before #16 each of these ran out of memory, aborted the process, took minutes or ended in 内部错误.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import serve

REPO = Path(__file__).resolve().parent.parent
DEPARTMENT = Path("2024", "sui-ning-xian-shang-wu-ju")
OTHER = Path("2023", "qu-xian-shang-wu-ju")
GONGKAI = [sys.executable, "-c", "from generator.cli import main; main()"]
MEMORY = 3 << 30  # bytes of address space: the reading and checking of the sample take under 1.5 GB
CPU_SECONDS = 60


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def check(root: Path, **env: str) -> str:
    """``gongkai check`` of ``root`` under the limits; its output. It must end with a located finding."""
    done = subprocess.run(
        [*GONGKAI, "check", str(root)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "1000", **env},
        preexec_fn=_limits,
        timeout=600,
    )
    output = done.stdout + done.stderr
    assert "内部错误" not in output and "Traceback" not in output and "panicked" not in output, output
    assert done.returncode == 1, output
    return output


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    shutil.copy(REPO / "data" / "site.yaml", root / "data" / "site.yaml")
    shutil.copytree(REPO / "examples" / "sui-ning" / "data" / DEPARTMENT, root / "data" / DEPARTMENT)
    shutil.copytree(REPO / "data" / OTHER, root / "data" / OTHER)
    return root


def workbook(root: Path) -> Path:
    return next((root / "data" / DEPARTMENT).glob("*.xlsx"))


def patch_sheet(path: Path, change: Callable[[bytes], bytes] | None = None, padding: int = 0) -> None:
    """Rewrite the workbook's first worksheet: ``change`` its XML, or append ``padding`` bytes of spaces."""
    with zipfile.ZipFile(path) as original:
        parts = [(info, original.read(info)) for info in original.infolist()]
    sheet = min(info.filename for info, _ in parts if info.filename.startswith("xl/worksheets/sheet"))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as rewritten:
        for info, data in parts:
            if info.filename != sheet:
                rewritten.writestr(info, data)
            elif change is not None:
                rewritten.writestr(info, change(data))
            else:
                with rewritten.open(sheet, "w", force_zip64=True) as stream:
                    stream.write(data.replace(b"</worksheet>", b""))
                    block = b" " * (1 << 20)
                    for _ in range(padding >> 20):
                        stream.write(block)
                    stream.write(b"</worksheet>")


def test_a_cell_at_the_last_column_and_row(project: Path) -> None:
    """18 KB that made calamine ask for 512 GiB and abort."""
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    patch_sheet(workbook(project), lambda xml: xml.replace(b"</sheetData>", far))
    output = check(project)
    assert "XFD1048576" in output and "单元格" in output


def test_a_merge_to_the_last_row_with_a_cell_there(project: Path) -> None:
    def change(xml: bytes) -> bytes:
        far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        merge = b'<mergeCell ref="A40:XFD1048576"/>'
        xml = xml.replace(b"</sheetData>", far)
        if b"<mergeCells" in xml:
            return re.sub(rb"<mergeCells[^>]*>", lambda opening: opening.group() + merge, xml, count=1)
        return xml.replace(b"</sheetData>", b'</sheetData><mergeCells count="1">' + merge + b"</mergeCells>")

    patch_sheet(workbook(project), change)
    assert "超过" in check(project)


def test_a_sheet_that_unpacks_to_hundreds_of_megabytes(project: Path) -> None:
    patch_sheet(workbook(project), padding=300 << 20)
    assert workbook(project).stat().st_size < 2 << 20
    assert "解压后" in check(project)


BILLION_LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('a: &a ["哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈"]\n' + BILLION_LAUGHS, "展开引用"),
        ("deep: " + "[" * 20_000 + "]" * 20_000 + "\n", "嵌套超过"),
        ("deep:\n" + "".join("  " * depth + "a:\n" for depth in range(1, 5000)), "嵌套超过"),
        ("staff_count: " + "9" * 5000 + "\n", "过大"),
        ("amount: 1e400\n", "过大"),
        ("amount: 99999999999999999999999999.00\n", "过大"),
    ],
)
def test_yaml_beyond_any_real_file(project: Path, text: str, said: str) -> None:
    department = project / "data" / DEPARTMENT / "department.yaml"
    department.write_text(department.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
    output = check(project)
    assert said in output and "department.yaml" in output


def test_a_long_unpunctuated_text_is_checked_in_linear_time(project: Path) -> None:
    """The doubled-word regex took 70 s over 100,000 characters; here the CPU limit would kill it."""
    department = project / "data" / DEPARTMENT / "department.yaml"
    text = "".join(chr(0x4E00 + (index * 7919) % 20000) for index in range(100_000))
    department.write_text(
        department.read_text(encoding="utf-8") + f"\nextra_note: {text}\n", encoding="utf-8"
    )
    check(project)  # an unknown key: an error, but reached in time


def test_folder_names_beyond_the_limits(project: Path) -> None:
    shutil.copytree(project / "data" / DEPARTMENT, project / "data" / "2024" / ("a" * 230))
    shutil.copytree(project / "data" / DEPARTMENT, project / "data" / "9999" / "ce-shi")
    shutil.copytree(project / "data" / DEPARTMENT, project / "data" / ".2025")
    output = check(project)
    assert "不超过 100 个字符" in output
    assert "data/9999" in output and "1990 至 2100" in output
    assert "data/.2025" in output and "已跳过" in output


def test_a_reader_that_dies_fails_its_own_department_year(project: Path) -> None:
    output = check(project, GONGKAI_KILL_AT=f"read:{OTHER.as_posix()}")
    assert "load.reader-crashed" in output and f"data/{OTHER.as_posix()}" in output
    assert DEPARTMENT.as_posix() in output  # the other department-year was read and checked


def test_the_preview_survives_a_reader_that_dies(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview regenerates in its own process: a reader that dies fails its department-year only."""
    for name in ("mkdocs.yml", "templates", "content"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, project / name)
    monkeypatch.setenv("GONGKAI_KILL_AT", f"read:{OTHER.as_posix()}")
    findings = serve.stage_for_serve(project, project / ".gongkai" / "serve", serve.write_findings_page)
    assert [f.department for f in findings if f.rule == "load.reader-crashed"] == [OTHER.as_posix()]
    assert (project / ".gongkai" / "serve" / "docs" / DEPARTMENT / "index.md").is_file()


@pytest.mark.parametrize("value", ["NaN", "inf", "1e400", "1e30"])
def test_an_amount_that_is_no_finite_number_is_an_error_at_its_cell(project: Path, value: str) -> None:
    """Before, Decimal's rounding failed on it later (InvalidOperation), with no location and every other
    finding lost."""

    def change(xml: bytes) -> bytes:
        replacement = rb"\g<1>" + value.encode() + rb"\2"
        changed, count = re.subn(rb'(<c r="B6"[^>]*><v>)[^<]*(</v>)', replacement, xml)
        assert count == 1
        return changed

    patch_sheet(workbook(project), change)
    output = check(project)
    assert "load.amount-not-number" in output and "B6" in output
