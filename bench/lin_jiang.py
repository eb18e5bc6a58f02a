"""The portal example examples/lin-jiang/: four departments of the fictional 临江县 over three years.

    .venv/bin/python -m bench.lin_jiang [PROJECT_DIR]

writes the example's ``data/<year>/`` folders with the benchmark's generator (``bench.synthetic``: every
勾稽 rule holds by construction) and builds the site into ``examples/lin-jiang/site/``. The data are
generated rather than committed, so that they always follow the generator and the classification; the
project's own files (``data/site.yaml`` with the notice that the region is fictional, ``content/``) are
committed. Departments of three groups and one that starts a year late show what a single department
cannot: the year pages' comparisons, the 年度 → 分组 → 部门 navigation and the changes on last year.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from bench.synthetic import COUNTY_SLUG, LAST_YEAR, REPO, Unit, catalogue, write_departments
from generator import cli

EXAMPLE = REPO / "examples" / "lin-jiang"
YEARS = 3
# The departments (their slug after the county's) and the year each starts publishing.
DEPARTMENTS = {
    "tong-ji-ju": LAST_YEAR - 2,  # 政府部门
    "shang-wu-ju": LAST_YEAR - 2,  # 政府部门
    "zong-gong-hui": LAST_YEAR - 2,  # 群团组织
    "tu-shu-guan": LAST_YEAR - 1,  # 事业单位, from the second year on
}


def plan() -> list[tuple[Unit, list[int]]]:
    units = {unit.slug: unit for unit in catalogue()}
    return [
        (units[f"{COUNTY_SLUG}-{slug}"], list(range(first, LAST_YEAR + 1)))
        for slug, first in DEPARTMENTS.items()
    ]


def write_data(project: Path) -> None:
    """Replace the project's year folders with freshly generated ones (site.yaml stays)."""
    data = project / "data"
    for folder in data.iterdir():
        if folder.is_dir() and folder.name.isdigit():
            shutil.rmtree(folder)
    write_departments(project, plan(), workers=1)


def main(argv: list[str] | None = None) -> None:
    """Write the data, then ``gongkai build`` the project (which exits with its status)."""
    args = sys.argv[1:] if argv is None else argv
    project = Path(args[0]) if args else EXAMPLE
    write_data(project)
    cli.cli(["build", str(project)])


if __name__ == "__main__":
    main()
