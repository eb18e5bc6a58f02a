"""The example project examples/le-chang/ states what seed 000 (乐昌市商务局 2023 年度部门整体支出绩效自评
报告, Guangdong) states, as printed: every line of the report is on the 部门整体 page, or is listed below
with the reason it is not; and the 部门概况 page says nothing the seed does not.

The seed's own errors are transcribed, not corrected (the check reports those a rule covers):
“合计完成完成”, “全为为本级”, “制度制度”, the sections numbered “5、” and “6、” after “四、”, “5.党建工作”
after “5.电子商务”, “完成预算的 134.14%” against the 年初预算 beside “完成预算的88.83%” against the 全年预算.
The scores the report gives its indicators add up to 91.5, not the 92.5 it states, and “部门预算资金支出率
（3分）” scores 5: these are not entered as a 自评分表, which the check (E-2, E-3) would refuse, so the site
prints them as the report does.
"""

from __future__ import annotations

from pathlib import Path

from test_seed003 import _flat

SEED = Path(__file__).resolve().parent / "fixtures" / "seed000.txt"
BASE = Path("2023") / "le-chang-shi-shang-wu-ju"
PAGE = BASE / "jixiao" / "bumen.md"
# Lines of the seed the site prints otherwise, on purpose, and why.
DIFFERENCES: dict[str, str] = {}


def _lines() -> list[str]:
    return [flat for line in SEED.read_text(encoding="utf-8").splitlines() if (flat := _flat(line))]


def _unprinted(lines: list[str], page: str) -> list[str]:
    return [line for line in lines if line not in DIFFERENCES and line not in page]


def test_every_line_of_the_report_is_on_its_page(le_chang_docs: Path) -> None:
    page = _flat((le_chang_docs / PAGE).read_text(encoding="utf-8"))
    missing = _unprinted(_lines(), page)
    assert not missing, "\n".join(missing)


def test_the_walk_finds_a_value_changed_on_the_page(le_chang_docs: Path) -> None:
    """The report's score and one of its amounts altered, as the review found values altered before."""
    page = (le_chang_docs / PAGE).read_text(encoding="utf-8")
    assert _unprinted(_lines(), _flat(page)) == []
    altered = _unprinted(_lines(), _flat(page.replace("92.5分", "93.5分")))
    assert len(altered) == 1 and "自评得分为92.5分" in altered[0]
    altered = _unprinted(_lines(), _flat(page.replace("37430.53", "37430.50")))
    assert len(altered) == 1 and "2023年末存量资金余额37430.53元" in altered[0]


def test_the_overview_says_only_what_the_seed_says(le_chang_docs: Path) -> None:
    """部门概况 is built from department.yaml: each of its paragraphs is a line of the seed, or two joined
    (人员情况, whose closing 。 the page adds)."""
    seed = "".join(_lines())
    page = (le_chang_docs / BASE / "gaikuang.md").read_text(encoding="utf-8")
    paragraphs = [_flat(p) for p in page.split("\n\n") if _flat(p) and not p.startswith("#")]
    assert len(paragraphs) == 18  # 16 duties, 机构设置, 人员情况
    assert [p for p in paragraphs if p not in seed] == []
