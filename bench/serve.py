"""The preview's benchmark (issue #17): from a saved department.yaml to the page served with the change.

    .venv/bin/python -m bench.serve [--sizes 100,500] [--changes 3] [--seed 6]

For each N, ``gongkai serve`` runs on the synthetic region (``bench.synthetic.prepare``) in a process of
its own, as a user starts it. Once it serves the page of one department-year's 部门概况, that
department's department.yaml is saved ``--changes`` times, each with a new word in its 主要职能; each time
the page is asked for every ``POLL_SECONDS`` until it shows the word, and the seconds from the save to
that answer are the measure (a browser on the page asks at once, and reloads when told), with the CPU
seconds the preview's process and its workers spent meanwhile (the machine may be shared). The file is
then put back as it was. Results go to stdout and ``bench/serve_results.json``; progress to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from bench import synthetic
from bench.run import describe_machine, machine, markdown_table, progress, reference_seconds

RESULTS = Path(__file__).resolve().parent / "serve_results.json"
SIZES = (100, 500)
CHANGES = 3
POLL_SECONDS = 0.05
START_TIMEOUT = 3600.0  # the first build of the preview, at N = 500 on a busy machine
CHANGE_TIMEOUT = 120.0
CHAPTER = "gaikuang"  # 部门概况: shows department.yaml's duties
TEXT_KEY = "duties: |-\n  "  # how bench.synthetic writes the 主要职能, the word is put after it


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def fetch(url: str) -> str | None:
    """The page at ``url``, or None while the preview does not serve it."""
    try:
        with urllib.request.urlopen(url, timeout=CHANGE_TIMEOUT) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError):
        return None


def wait_for(url: str, word: str | None, timeout: float, process: subprocess.Popen[bytes]) -> float:
    """Seconds until the page at ``url`` is served (with ``word`` in it, when given)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise SystemExit(f"gongkai serve 意外退出（退出码 {process.returncode}）。")
        page = fetch(url)
        if page is not None and (word is None or word in page):
            return time.perf_counter() - started
        time.sleep(POLL_SECONDS)
    raise SystemExit(f"{timeout:.0f} 秒内 {url} 没有{'出现“' + word + '”' if word else '可访问'}。")


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and of the workers it has waited for (/proc/<pid>/stat, in clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def department_year(project: Path) -> str:
    """The department-year changed: the first department of the latest year (YEAR/folder)."""
    latest = max(path for path in (project / "data").iterdir() if path.is_dir())
    return f"{latest.name}/{min(path.name for path in latest.iterdir() if path.is_dir())}"


def measure(project: Path, changes: int) -> dict[str, Any]:
    """Start ``gongkai serve`` on ``project``, save its department.yaml ``changes`` times, and time each."""
    label = department_year(project)
    yaml_file = project / "data" / label / "department.yaml"
    original = yaml_file.read_text(encoding="utf-8")
    if TEXT_KEY not in original:
        raise SystemExit(f"{yaml_file} 中没有“{TEXT_KEY.strip()}”：bench/synthetic.py 写法已变。")
    address = f"127.0.0.1:{free_port()}"
    url = f"http://{address}/{label}/{CHAPTER}/"
    command = [sys.executable, "-c", "from generator.cli import main; main()", "serve", str(project)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen([*command, "-a", address], env=env, stdout=output, stderr=output)
        try:
            start = wait_for(url, None, START_TIMEOUT, process)
            progress(f"  预览就绪（{start:.0f} 秒），{url}")
            seconds, cpu = [], []
            for number in range(1, changes + 1):
                word = f"基准改动{number}号"
                time.sleep(1.0)  # the preview idle again, as after a user's pause
                used = cpu_seconds(process.pid)
                yaml_file.write_text(original.replace(TEXT_KEY, TEXT_KEY + word, 1), encoding="utf-8")
                seconds.append(wait_for(url, word, CHANGE_TIMEOUT, process))
                cpu.append(cpu_seconds(process.pid) - used)
                progress(f"  第 {number} 次保存后 {seconds[-1]:.2f} 秒页面更新（CPU {cpu[-1]:.2f} 秒）")
        except SystemExit as failed:
            output.seek(0)
            raise SystemExit(
                f"{failed}\n预览的输出：\n{output.read().decode('utf-8', 'replace')[-4000:]}"
            ) from None
        finally:
            yaml_file.write_text(original, encoding="utf-8")
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
            output.seek(0)
            log = output.read().decode("utf-8", errors="replace")
    if "失败" in log or "错误" in log.replace("0 个错误", ""):
        raise SystemExit(f"预览报告了错误：\n{log[-4000:]}")
    return {
        "label": label,
        "start": start,
        "seconds": seconds,
        "median": statistics.median(seconds),
        "cpu": cpu,
        "median_cpu": statistics.median(cpu),
    }


def report(about: dict[str, Any], runs: list[dict[str, Any]]) -> str:
    head = ["部门年度", "首次生成预览", "保存后页面更新（每次）", "中位数", "其 CPU 时间（中位数）", "负载"]
    rows = [
        [
            str(run["n"]),
            f"{run['start']:.0f} s",
            "、".join(f"{value:.1f} s" for value in run["seconds"]),
            f"{run['median']:.1f} s",
            f"{run['median_cpu']:.1f} s",
            f"{run['load_average']:.1f}",
        ]
        for run in runs
    ]
    return "\n".join([describe_machine(about), "", markdown_table(head, rows)])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.serve", description="gongkai serve 的更新速度")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="部门年度数，逗号分隔")
    parser.add_argument("--changes", type=int, default=CHANGES, help="每个规模保存几次")
    parser.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED, help="合成数据的随机种子")
    args = parser.parse_args(argv)
    about = machine()
    runs = []
    for n in map(int, args.sizes.split(",")):
        progress(f"N = {n}：准备合成地区，启动 gongkai serve …")
        project = synthetic.prepare(n, args.seed)
        runs.append(
            {
                "n": n,
                "load_average": os.getloadavg()[0],
                "reference": reference_seconds(),
                **measure(project, args.changes),
            }
        )
    date = dt.datetime.now(dt.UTC).astimezone().date().isoformat()
    RESULTS.write_text(
        json.dumps({"date": date, "machine": about, "runs": runs}, ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    print(report(about, runs))


if __name__ == "__main__":
    main()
