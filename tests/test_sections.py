"""附表 and project self-evaluations several to a page (generator.pages.sections), and the old addresses."""

from __future__ import annotations

from pathlib import Path

from generator.pages.sections import PAGE_BYTES, SectionPage, pack, page_of, write_moved
from generator.serve import _placed


def test_sections_fill_pages_in_order_up_to_the_budget() -> None:
    sizes = {1: 9_000, 2: 9_000, 3: 9_000, 4: 30_000, 5: 1_000, 6: 1_000}
    pages = pack(sizes, budget=20_000)
    assert [page.numbers for page in pages] == [[1, 2], [3], [4], [5, 6]]
    assert [page.stem for page in pages] == ["01-02", "03", "04", "05-06"]
    assert all(sum(sizes[n] for n in page.numbers) <= 20_000 for page in pages if len(page.numbers) > 1)
    assert [page.stem for page in pack({1: 10, 2: 10}, "xiangmu-")] == ["xiangmu-01-02"]
    assert pack({}) == []
    assert PAGE_BYTES < 60_000 // 2  # the built page adds Material's chrome and the navigation


def test_a_section_is_found_by_its_number() -> None:
    stems = ["01-03", "04-09", "10", "index"]
    assert [page_of(stems, n) for n in (1, 3, 4, 9, 10, 11)] == [
        "01-03",
        "01-03",
        "04-09",
        "04-09",
        "10",
        None,
    ]


def test_old_addresses_send_the_browser_to_the_section(tmp_path: Path) -> None:
    write_moved(tmp_path, SectionPage([4, 5]), "biao-", {4: "四、<表>", 5: "五、表"})
    moved = (tmp_path / "04" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../04-05/#biao-04">' in moved
    assert "四、&lt;表&gt;" in moved and "<表>" not in moved
    assert (tmp_path / "05" / "index.html").is_file()
    write_moved(tmp_path, SectionPage([9]), "biao-", {9: "九、表"})
    assert not (tmp_path / "09").exists(), "a table alone on its page keeps its address: 09.md is at 09/"


def test_findings_link_the_page_that_holds_their_table(tmp_path: Path) -> None:
    folder = tmp_path / "2023" / "x" / "fubiao"
    folder.mkdir(parents=True)
    for name in ("index.md", "01-02.md", "03-05.md"):
        (folder / name).write_text("# 附表\n", encoding="utf-8")
    assert _placed(tmp_path, "2023/x/fubiao/04.md") == "2023/x/fubiao/03-05.md#biao-04"
    assert _placed(tmp_path, "2023/x/fubiao/07.md") == "2023/x/fubiao/07.md"  # no such table: unchanged
    assert _placed(tmp_path, "2023/x/shuoming.md#zongti") == "2023/x/shuoming.md#zongti"
