"""Nothing gets lost: the project's boundary, verified caches, atomic publishing, one build at a time.

Every test builds the example project examples/sui-ning (one department-year) through the command
line, in a subprocess where the build may be killed (``GONGKAI_KILL_AT``), and looks at the files.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import BuildError, build_site
from generator.staging import publish, seal

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "sui-ning"  # one department-year
DEPARTMENT = Path("2024", "sui-ning-xian-shang-wu-ju")
GONGKAI = [sys.executable, "-c", "from generator.cli import main; main()"]
PAGE = Path(DEPARTMENT, "sangong", "index.html")  # a department-year's page, built by its year's part


def gongkai(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*GONGKAI, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "1000", **(env or {})},
        timeout=300,
    )


def build(root: Path, **env: str) -> subprocess.CompletedProcess[str]:
    done = gongkai("build", str(root), env=env)
    assert "Traceback" not in done.stderr + done.stdout
    assert "内部错误" not in done.stderr + done.stdout
    return done


def files(site: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file of a site."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A project built once (with its caches), and its site's files."""
    root = tmp_path_factory.mktemp("built") / "project"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "templates", root / "templates")
    for name in ("content", "data"):
        shutil.copytree(EXAMPLE / name, root / name)
    done = build(root)
    assert done.returncode == 0, done.stderr
    return root, files(root / "site")


@pytest.fixture
def project(built: tuple[Path, dict[str, str]], tmp_path: Path) -> Path:
    """A copy of the built project, its caches included."""
    root = tmp_path / "project"
    shutil.copytree(built[0], root, symlinks=True)
    return root


@pytest.fixture
def site(built: tuple[Path, dict[str, str]]) -> dict[str, str]:
    return built[1]


@pytest.fixture(scope="module")
def site_after_change(
    built: tuple[Path, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """The site of the built project after ``changed``, built afresh in a copy."""
    root = tmp_path_factory.mktemp("after-change") / "project"
    shutil.copytree(built[0], root, ignore=shutil.ignore_patterns("site", ".gongkai"))
    changed(root)
    assert build(root).returncode == 0
    return files(root / "site")


def leftovers(root: Path) -> list[str]:
    found = [p.name for p in root.iterdir() if p.name.startswith(".site")]
    return found + [p.name for p in (root / ".gongkai").glob("staging-*")]


# ---------------------------------------------------------------- the project's boundary


@pytest.mark.parametrize("folder", ["content", "templates", "data/2024/sui-ning-xian-shang-wu-ju"])
def test_a_link_that_leaves_the_project_is_an_error_naming_it(
    project: Path, tmp_path: Path, folder: str
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    (project / folder / "leak.txt").symlink_to(secret)
    before = files(project / "site")
    done = build(project)
    assert done.returncode == 1
    assert f"{folder}/leak.txt" in done.stdout + done.stderr
    assert "项目文件夹之外" in done.stdout + done.stderr
    assert files(project / "site") == before
    assert not any(
        "机密内容" in path.read_text(errors="replace")
        for path in project.rglob("*.txt")
        if path.is_file() and not path.is_symlink()
    )


def test_the_signing_key_cannot_be_published(project: Path) -> None:
    key = Path(os.environ["XDG_CACHE_HOME"]) / seal.KEY_FILE
    assert key.is_file()
    (project / "content" / "k.txt").symlink_to(key)
    (project / "content" / "keys").symlink_to(key.parent, target_is_directory=True)
    done = build(project)
    assert done.returncode == 1
    assert "content/k.txt" in done.stdout + done.stderr and "content/keys" in done.stdout + done.stderr
    assert not (project / "site" / "k.txt").exists() and not (project / "site" / "keys").exists()


def test_a_link_inside_the_project_is_followed_and_checked(project: Path) -> None:
    (project / "extra").mkdir()
    (project / "extra" / "note.md").write_text("# 说明\n\n补充说明。\n", encoding="utf-8")
    (project / "content" / "note.md").symlink_to(project / "extra" / "note.md")
    assert build(project).returncode == 0
    assert "补充说明" in (project / "site" / "note" / "index.html").read_text(encoding="utf-8")
    (project / "content" / "more").symlink_to(project / "extra", target_is_directory=True)
    (project / "extra" / "passwd").symlink_to("/etc/passwd")
    done = build(project)
    assert done.returncode == 1 and "content/more/passwd" in done.stdout + done.stderr


# ---------------------------------------------------------------- caches


def part_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / ".gongkai" / "parts").rglob("*.html") if p.is_file())


@pytest.mark.parametrize("damage", ["edit", "truncate", "delete"])
def test_a_damaged_part_is_built_again(project: Path, site: dict[str, str], damage: str) -> None:
    shutil.rmtree(project / "site")
    for page in part_files(project):
        if damage == "edit":
            page.write_text(
                page.read_text(encoding="utf-8").replace("</body>", "<script>alert(7)</script></body>")
            )
        elif damage == "truncate":
            page.write_bytes(page.read_bytes()[:100])
        else:
            page.unlink()
    assert build(project).returncode == 0
    assert files(project / "site") == site


def test_a_part_signed_by_another_user_is_not_used(
    project: Path, site: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project folder received from someone else brings caches signed with their key: not trusted."""
    part = project / ".gongkai" / "parts" / "portal"
    page = part / "site" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", "<script>alert(7)</script></body>"))
    key = json.loads((part / "record").read_bytes()[32:])["key"]
    with monkeypatch.context() as other_user:
        other_user.setenv("XDG_CACHE_HOME", str(tmp_path / "other-user"))
        seal.write_record(part / "record", {"key": key, "files": seal.digests(part / "site")})
    shutil.rmtree(project / "site")
    assert build(project).returncode == 0
    assert files(project / "site") == site


@pytest.mark.parametrize("damage", ["edit", "truncate", "delete", "add"])
def test_a_damaged_memo_entry_is_rendered_again(project: Path, site: dict[str, str], damage: str) -> None:
    docs = project / ".gongkai" / "memo" / "docs" / DEPARTMENT
    page = docs / "gaikuang.md"
    if damage == "edit":
        page.write_text(
            page.read_text(encoding="utf-8") + "\n\n<script>alert(8)</script>\n", encoding="utf-8"
        )
    elif damage == "truncate":
        page.write_bytes(page.read_bytes()[:50])
    elif damage == "delete":
        page.unlink()
    else:
        (docs / "extra.md").write_text("# 多出的页面\n", encoding="utf-8")
    assert build(project).returncode == 0
    assert files(project / "site") == site


def test_the_site_shares_no_file_with_a_cache(project: Path, site: dict[str, str]) -> None:
    assert build(project).returncode == 0  # from the caches
    cached = {(p.stat().st_dev, p.stat().st_ino) for p in (project / ".gongkai").rglob("*") if p.is_file()}
    published = {(p.stat().st_dev, p.stat().st_ino) for p in (project / "site").rglob("*") if p.is_file()}
    assert not cached & published
    with (project / "site" / "404.html").open("a", encoding="utf-8") as page:
        page.write("<script>alert(9)</script>")
    assert build(project).returncode == 0
    assert files(project / "site") == site


# ---------------------------------------------------------------- publishing


def assert_whole(site_dir: Path, *sites: dict[str, str]) -> None:
    assert len({str(sorted(site.items())) for site in sites}) == len(sites), "the sites compared are the same"
    assert site_dir.is_dir(), "no site"
    assert files(site_dir) in sites, "a partial or mixed site"


def changed(root: Path) -> None:
    """Add a sentence to the department's duties: a build makes a new site."""
    yaml_file = root / "data" / DEPARTMENT / "department.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    assert "\nduties: |\n" in text
    added = text.replace("\nduties: |\n", "\nduties: |\n  本段为测试新增。\n\n", 1)
    yaml_file.write_text(added, encoding="utf-8")


@pytest.mark.parametrize(
    ("where", "point"),
    [
        *[("project", point) for point in ("staged", "part-stored", "prepared", "exchanged")],
        # where the site lives matters only once it is being put in place
        *[("other-file-system", point) for point in ("prepared", "exchanged")],
    ],
)
def test_a_build_killed_anywhere_leaves_a_whole_site(
    project: Path, site: dict[str, str], site_after_change: dict[str, str], point: str, where: str
) -> None:
    if where == "other-file-system":
        if not Path("/dev/shm").is_dir() or os.stat("/dev/shm").st_dev == os.stat(project).st_dev:
            pytest.skip("no second file system at /dev/shm")
        docroot = Path("/dev/shm") / f"gongkai-test-{os.getpid()}-{point}" / "www"
        shutil.rmtree(docroot.parent, ignore_errors=True)
        docroot.parent.mkdir()
        shutil.move(project / "site", docroot)
        (project / "site").symlink_to(docroot, target_is_directory=True)
    try:
        changed(project)
        shutil.rmtree(project / ".gongkai" / "parts")  # so that the parts are stored again
        killed = build(project, GONGKAI_KILL_AT=point)
        assert killed.returncode == -9, killed.stderr
        assert_whole(project / "site", site, site_after_change)
        assert build(project).returncode == 0
        assert_whole(project / "site", site_after_change)
        assert leftovers(project) == []
        if where == "other-file-system":
            assert (project / "site").is_symlink() and not [
                p for p in docroot.parent.iterdir() if p != docroot
            ]
    finally:
        if where == "other-file-system":
            shutil.rmtree(docroot.parent, ignore_errors=True)


def test_an_old_site_set_aside_by_a_killed_build_is_put_back(tmp_path: Path) -> None:
    """Where the file system cannot exchange two folders, the old site is renamed aside first."""
    root = tmp_path / "project"
    (root / ".gongkai").mkdir(parents=True)
    aside = root / ".site.gongkai-0123abcd-old"
    aside.mkdir()
    (aside / "index.html").write_text("旧网站", encoding="utf-8")
    (root / ".site.gongkai-89abcdef").mkdir()  # the new site, prepared
    (root / ".site-old-5678abcd").mkdir()  # left by gongkai before this version
    (root / ".gongkai" / "staging-x1y2").mkdir()
    publish.remove_leftovers(root, root / "site")
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "旧网站"
    assert sorted(p.name for p in root.iterdir()) == [".gongkai", "site"]
    assert list((root / ".gongkai").iterdir()) == []


def test_without_exchange_the_site_is_swapped_in_two_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unsupported(first: Path, second: Path) -> None:
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(publish, "exchange", unsupported)
    site_dir = tmp_path / "site"
    for version in ("旧", "新"):
        new = tmp_path / "new"
        new.mkdir()
        (new / "index.html").write_text(version, encoding="utf-8")
        publish.publish(new, site_dir)
        assert (site_dir / "index.html").read_text(encoding="utf-8") == version
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_one_build_at_a_time(project: Path) -> None:
    with publish.build_lock(project):
        done = build(project)
    assert done.returncode == 1
    assert "另一个 gongkai build 正在构建这个项目" in done.stderr


def test_concurrent_builds_never_fail_on_each_other(project: Path, site_after_change: dict[str, str]) -> None:
    changed(project)
    runs = [
        subprocess.Popen(
            [*GONGKAI, "build", str(project)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "COLUMNS": "1000"},
        )
        for _ in range(4)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert "内部错误" not in out + err and "Traceback" not in out + err
        assert run.returncode == 0 or "另一个 gongkai build 正在构建这个项目" in err
    assert any(run.returncode == 0 for run in runs)
    assert_whole(project / "site", site_after_change)
    assert leftovers(project) == []


@pytest.mark.parametrize("where", ["parts", "publish"])
def test_a_full_disk_is_said_as_such(project: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    def full(*_args: object, **_options: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    before = files(project / "site")
    changed(project)
    shutil.rmtree(project / ".gongkai" / "parts")
    if where == "parts":
        monkeypatch.setattr(seal, "_copy", full)
    else:
        monkeypatch.setattr(publish, "_prepare", full)
    with pytest.raises(BuildError, match="磁盘空间不足"):
        build_site(project)
    assert files(project / "site") == before
    assert leftovers(project) == []


def test_a_hand_written_page_in_a_department_year_folder_breaks_no_later_build(project: Path) -> None:
    """Before, the first build worked and every later one ended in FileExistsError (review row 26)."""
    page = project / "content" / DEPARTMENT / "buchong.md"
    page.parent.mkdir(parents=True)
    page.write_text("# 补充说明\n", encoding="utf-8")
    for _ in range(2):
        build(project)  # refused by name or built, never an internal error
    page.unlink()  # its folder stays
    assert build(project).returncode == 0


def test_a_full_disk_under_the_site_is_said_as_such(project: Path, tmp_path: Path) -> None:
    """site/ links to a small file system of its own, which holds the old site but not a second copy."""
    mount = tmp_path / "www"
    mount.mkdir()
    size = sum(path.stat().st_size for path in (project / "site").rglob("*") if path.is_file())
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size * 3 // 2}", "tmpfs", str(mount)])
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        shutil.move(project / "site", mount / "site")
        (project / "site").symlink_to(mount / "site", target_is_directory=True)
        before = files(project / "site")
        changed(project)
        done = build(project)
        assert done.returncode == 1 and "磁盘空间不足" in done.stderr
        assert files(project / "site") == before
        assert sorted(path.name for path in mount.iterdir()) == ["site"]
    finally:
        subprocess.run(["umount", str(mount)])
