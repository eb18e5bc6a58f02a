"""The benchmark of issue #6: build synthetic regions of N department-years and measure each stage.

    .venv/bin/python -m bench.run [--sizes 10,100,500] [--plain/--no-plain] [--seed 6]

For each N, ``bench.synthetic.prepare`` gives the region (generated once, then cached). A fresh
subprocess loads, checks, renders and builds it (``run_stages``), so that its peak memory is that N's
alone; a second one builds the same Markdown files with a plain Material configuration (``plain_config``)
for comparison. The machine and two Markdown tables (for the README's 规模与性能) go to stdout, every
figure to ``bench/results.json``; progress goes to stderr.

``run_stages`` times the build's own stages (``generator.build``), told of each as it ends.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from bench import synthetic
from generator.build import load_and_check, make_site
from generator.model import Severity
from generator.staging import WORK_DIR
from generator.staging.memo import Memo
from generator.staging.parts import config_text, read_config

RESULTS = Path(__file__).resolve().parent / "results.json"
SIZES = (10, 100, 500)
STAGING = "bench"  # under the region's .gongkai/: docs/, mkdocs.yml, site/, and the plain build's
PLAIN_CONFIG = "plain.yml"
PLAIN_SITE = "plain-site"
GZIP_LEVEL = 6  # what web servers commonly send
SAMPLE_EVERY = 0.25  # seconds between two looks at a build's memory
REFERENCE_LOOP = 5_000_000  # about half a second of CPU


@dataclass
class StageTimes:
    """Seconds per stage of one build, and what it produced."""

    load: float
    check: float
    render: float  # the docs tree and the staging mkdocs.yml
    build: float  # mkdocs build --strict, in parts side by side
    cpu: float  # CPU seconds of the four stages, workers included
    pages: int  # Markdown pages rendered (and built)
    warnings: int  # the check's
    notes: int

    @property
    def total(self) -> float:
        return self.load + self.check + self.render + self.build


def run_stages(project_dir: Path, staging: Path) -> StageTimes:
    """Load, check, render and build ``project_dir`` into ``staging`` (docs/, mkdocs.yml, site/), timed.

    The build's own stages (``generator.build.load_and_check`` and ``make_site``) without the final swap
    into ``site/``, and a full build: nothing is taken from a memo or the parts' cache of an earlier build.
    """
    cpu = cpu_seconds()
    laps: dict[str, float] = {}
    last = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal last
        now = time.perf_counter()
        laps[stage], last = now - last, now

    project, findings = load_and_check(project_dir, None, Memo(), lap=lap)
    errors = [f"{f.department}: {f.message}" for f in findings if f.severity is Severity.ERROR]
    if errors:
        raise SystemExit("检查发现错误，合成地区不合格：\n" + "\n".join(errors[:20]))
    make_site(project, staging, Memo(), lap=lap)
    return StageTimes(
        load=laps["load"],
        check=laps["check"],
        render=laps["render"],
        build=laps["build"],
        cpu=cpu_seconds() - cpu,
        pages=sum(1 for _ in (staging / "docs").rglob("*.md")),
        warnings=sum(1 for f in findings if f.severity is Severity.WARNING),
        notes=sum(1 for f in findings if f.severity is Severity.INFO),
    )


def plain_config(staging: Path) -> Path:
    """The baseline: the same docs and nav, built by Material as anyone would configure it.

    Theme material (language zh, navigation.prune, so that no page carries the whole navigation), the
    search plugin with its defaults, and the Markdown extensions the pages need (attr_list ids,
    md_in_html tables); none of gongkai's theme overrides, CSS, search separator or strict mode.
    """
    staged = read_config(staging / "mkdocs.yml")
    config = {
        "site_name": staged["site_name"],
        "docs_dir": "docs",
        "site_dir": PLAIN_SITE,
        "theme": {"name": "material", "language": "zh", "features": ["navigation.prune"]},
        "plugins": ["search"],
        "markdown_extensions": staged["markdown_extensions"],
        "nav": staged["nav"],
    }
    path = staging / PLAIN_CONFIG
    path.write_text(config_text(config), encoding="utf-8")
    return path


def cpu_seconds() -> float:
    """CPU time of this process and of the workers it has waited for."""
    mine, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + workers.ru_utime + workers.ru_stime


def peak_memory() -> dict[str, float]:
    """Peak resident memory in MB of this process and of its largest worker (ru_maxrss is in KiB)."""
    return {
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


# ---------------------------------------------------------------- in the subprocesses


def measure(project_dir: Path, staging: Path) -> dict[str, Any]:
    times = run_stages(project_dir, staging)
    return {**asdict(times), "total": times.total, **peak_memory()}


def measure_plain(staging: Path) -> dict[str, Any]:
    config = load_config(str(plain_config(staging)))
    started, cpu = time.perf_counter(), cpu_seconds()
    mkdocs_build(config)
    return {"build": time.perf_counter() - started, "cpu": cpu_seconds() - cpu, **peak_memory()}


def child(*args: str) -> dict[str, Any]:
    """Run ``python -m bench.run <args>`` in a fresh process and return the result it wrote, with the
    peak memory of its whole process tree (``tree_peak_mb``), sampled while it runs."""
    with tempfile.TemporaryDirectory() as scratch:
        result, errors = Path(scratch) / "result.json", Path(scratch) / "stderr.txt"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        command = [sys.executable, "-m", "bench.run", *args, "--result", str(result)]
        with errors.open("w", encoding="utf-8") as stderr:
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
            peak = 0.0
            while process.poll() is None:
                peak = max(peak, tree_memory_mb(process.pid))
                time.sleep(SAMPLE_EVERY)
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(args)} 失败：\n{errors.read_text(encoding='utf-8')[-4000:]}")
        loaded: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
        return {**loaded, "tree_peak_mb": peak}


def tree_memory_mb(root: int) -> float:
    """The memory of a process and all its descendants: the sum of their PSS, which counts the pages a
    forked worker shares with its parent once (adding their RSS would count them in each)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text(encoding="utf-8").rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
        children.setdefault(parent, []).append(int(stat.parent.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="utf-8")
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return total / 1024  # KiB


# ---------------------------------------------------------------- in the parent


def site_stats(site: Path) -> dict[str, Any]:
    """What a visitor downloads: the whole site, the largest page, and the largest search index a page
    loads (the site's, or a year's: generator.staging.parts splits them) raw and gzipped."""
    sizes = {path: path.stat().st_size for path in site.rglob("*") if path.is_file()}
    # the printable 全文 among a department-year's downloads is a document to save, not a page
    pages = {
        path: size
        for path, size in sizes.items()
        if path.suffix == ".html" and "downloads" not in path.relative_to(site).parts
    }
    largest = max(pages, key=lambda path: pages[path])
    indexes = [path for path in sizes if path.name == "search_index.json"]
    largest_index = max(indexes, key=lambda path: sizes[path])
    index = largest_index.read_bytes()
    return {
        "bytes": sum(sizes.values()),
        "files": len(sizes),
        "html_pages": len(pages),
        "html_bytes": sum(pages.values()),
        "largest_page": largest.relative_to(site).as_posix(),
        "largest_page_bytes": pages[largest],
        "search_index": largest_index.relative_to(site).as_posix(),
        "search_bytes": len(index),
        "search_gzip_bytes": len(gzip.compress(index, compresslevel=GZIP_LEVEL)),
    }


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines()
        if line.startswith("MemTotal:")
    )
    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "system": f"{platform.system()} {platform.machine()}",
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "material": version("mkdocs-material"),
        "commit": commit(),
    }


def commit() -> str:
    """The commit measured (the working tree may hold more)."""
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=RESULTS.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "未知"


def reference_seconds() -> float:
    """A fixed pure-Python workload: on a shared or virtual machine its time drifts between runs, and
    the build times drift with it."""
    started = time.process_time()
    sum(i * i % 7 for i in range(REFERENCE_LOOP))
    return time.process_time() - started


def run_size(n: int, seed: int, plain: bool) -> dict[str, Any]:
    progress(f"N = {n}：准备合成地区 …")
    started = time.perf_counter()
    project = synthetic.prepare(n, seed)
    plan = synthetic.region_plan(n, seed)
    progress(f"N = {n}：地区就绪（{time.perf_counter() - started:.0f} 秒），{project}")
    staging = project / WORK_DIR / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    progress(f"N = {n}：加载、检查、渲染、构建 …")
    run: dict[str, Any] = {
        "n": n,
        "departments": len(plan),
        "years": len({year for _, years in plan for year in years}),
        "load_average": os.getloadavg()[0],  # other work on the machine when the run started
        "reference": reference_seconds(),
        **child("--measure", str(project), "--staging", str(staging)),
    }
    run["site"] = site_stats(staging / "site")
    run["pages_per_second"] = run["pages"] / run["total"]
    run["department_years_per_second"] = n / run["total"]
    if plain:
        progress(f"N = {n}：纯 Material 构建 …")
        run["plain"] = child("--plain-build", str(staging))
        run["ratio"] = run["total"] / run["plain"]["build"]
    progress(f"N = {n}：合计 {run['total']:.1f} 秒")
    return run


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the report


def seconds(value: float) -> str:
    return f"{value:.1f} s"


def size(value: float) -> str:
    """Bytes as KB below a megabyte, else MB."""
    return f"{value / 1024:,.1f} KB" if value < 1024 * 1024 else f"{value / 1024 / 1024:,.1f} MB"


def describe_machine(about: dict[str, Any]) -> str:
    return (
        f"测量环境：{about['cpu']}，{about['cores']} 核，内存 {about['memory_gb']} GB，{about['system']}；"
        f"Python {about['python']}，MkDocs {about['mkdocs']}，Material for MkDocs {about['material']}；"
        f"gongkai {about.get('commit', '未知')}。"
    )


def report(about: dict[str, Any], runs: list[dict[str, Any]]) -> str:
    plain = all("plain" in run for run in runs)
    head = [
        "部门年度",
        "页面",
        "加载与检查",
        "渲染",
        "MkDocs 构建",
        "合计",
        "CPU 时间",
        "页/秒",
        "部门年度/秒",
        "峰值内存",
    ]
    if plain:
        head += ["纯 Material 构建", "其 CPU 时间", "其峰值内存", "合计 ÷ 纯 Material"]
    rows = []
    for run in runs:
        row = [
            f"{run['n']}（{run['departments']} 个部门 × {run['years']} 年）",
            f"{run['pages']:,}",
            seconds(run["load"] + run["check"]),
            seconds(run["render"]),
            seconds(run["build"]),
            seconds(run["total"]),
            seconds(run["cpu"]),
            f"{run['pages_per_second']:.0f}",
            f"{run['department_years_per_second']:.1f}",
            f"{run['tree_peak_mb']:,.0f} MB",
        ]
        if plain:
            row += [
                seconds(run["plain"]["build"]),
                seconds(run["plain"]["cpu"]),
                f"{run['plain']['tree_peak_mb']:,.0f} MB",
                f"{run['ratio']:.2f}",
            ]
        rows.append(row)
    sizes = [
        [
            str(run["n"]),
            size(run["site"]["bytes"]),
            f"{run['site']['files']:,}",
            size(run["site"]["html_bytes"] / run["site"]["html_pages"]),
            size(run["site"]["largest_page_bytes"]),
            size(run["site"]["search_bytes"]),
            size(run["site"]["search_gzip_bytes"]),
        ]
        for run in runs
    ]
    largest = "；".join(f"N = {run['n']}：`{run['site']['largest_page']}`" for run in runs)
    indexes = "；".join(f"N = {run['n']}：`{run['site']['search_index']}`" for run in runs)
    return "\n".join(
        [
            describe_machine(about),
            "",
            markdown_table(head, rows),
            "",
            markdown_table(
                [
                    "部门年度",
                    "网站",
                    "文件",
                    "页面平均",
                    "最大页面",
                    "最大搜索索引",
                    f"最大搜索索引（gzip -{GZIP_LEVEL}）",
                ],
                sizes,
            ),
            "",
            f"最大页面：{largest}。",
            "",
            f"最大搜索索引（一个页面加载的索引中最大的）：{indexes}。",
            "",
            "同一段纯 Python 运算的 CPU 时间（比较各次测量时机器的快慢）："
            + "；".join(f"N = {run['n']} 前 {run['reference']:.2f} s" for run in runs if "reference" in run)
            + "。",
        ]
    )


def markdown_table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


# ---------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description="gongkai 规模与性能基准测试")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="部门年度数，逗号分隔")
    parser.add_argument(
        "--plain", action=argparse.BooleanOptionalAction, default=True, help="对照纯 Material 构建"
    )
    parser.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED, help="合成数据的随机种子")
    parser.add_argument("--report", action="store_true", help="只按 bench/results.json 重新输出表格")
    # the subprocesses' own entry points
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--staging", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--plain-build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure or args.plain_build:
        result = measure(args.measure, args.staging) if args.measure else measure_plain(args.plain_build)
        args.result.write_text(json.dumps(result), encoding="utf-8")
        return
    if args.report:
        saved = json.loads(RESULTS.read_text(encoding="utf-8"))
        print(report(saved["machine"], saved["runs"]))
        return
    about = machine()
    runs = [run_size(int(n), args.seed, args.plain) for n in args.sizes.split(",")]
    RESULTS.write_text(
        json.dumps(
            {
                "date": dt.datetime.now(dt.UTC).astimezone().date().isoformat(),
                "seed": args.seed,
                "machine": about,
                "runs": runs,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(report(about, runs))


if __name__ == "__main__":
    main()
