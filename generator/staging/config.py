"""The staging project's ``mkdocs.yml``: the project's own, with the site's values filled in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from generator.model import Project
from generator.staging import BuildError
from generator.staging.parts import config_text

CONFIG_FILE = "mkdocs.yml"
OVERRIDES_DIR = Path("templates", "overrides")
JIEBA_DICTIONARY = "jieba-budget-terms.txt"
# Keeps the generated tables out of Python-Markdown: a fifth of MkDocs' time, the pages unchanged.
TABLES_HOOK = Path(__file__).resolve().parent / "tables_hook.py"
CONFIG_HEADER = (
    "# Written by `gongkai build` from the project's mkdocs.yml with the site's values filled in.\n"
    "# Plain YAML, no Python tags: `mkdocs build -f <this file>` rebuilds the site.\n"
)


def write_config(project: Project, nav: list[Any], staging_dir: Path, *, preview: bool = False) -> Path:
    """Write ``staging_dir/mkdocs.yml``: the project's mkdocs.yml with the site's values filled in.

    The ``preview`` is served from the root of a local address: it is given no address of the site's,
    so that MkDocs addresses its 404 page from there, and its configuration is the same on any port.
    """
    config = _read_project_config(project.root / CONFIG_FILE)
    site = project.site
    assert site is not None  # a missing or invalid site.yaml is an error, and errors refuse the build
    # Material prints the site's name, the nav's titles and the footer as HTML: data in them is escaped.
    config.update(
        site_name=str(escape(site.title)),
        docs_dir="docs",
        site_dir="site",
        nav=_escaped_titles(nav),
        copyright=str(escape(f"发布单位：{site.publisher}")),
    )
    _set_or_drop(config, "site_url", "" if preview else site.url)
    extra = config.get("extra") or {}
    _set_or_drop(extra, "contact", str(escape(site.contact)))
    # The banner of templates/overrides/main.html: the site's notice, and a department-year's on its pages.
    _set_or_drop(extra, "notice", str(escape(site.notice)))
    notices = {f"{dy.label}/": dy.department.notice for dy in project.department_years if dy.department}
    _set_or_drop(extra, "notices", {prefix: str(escape(text)) for prefix, text in notices.items() if text})
    config["extra"] = extra
    theme = config.get("theme") or {}
    theme = {"name": theme} if isinstance(theme, str) else theme
    overrides = project.root / OVERRIDES_DIR
    if overrides.is_dir():
        theme["custom_dir"] = str(overrides)
    config["theme"] = theme
    config["hooks"] = [*(config.get("hooks") or []), str(TABLES_HOOK)]
    search = _plugin_options(config, "search")
    if search is not None:
        # Material passes the path to jieba as it is, relative to the working directory: make it absolute.
        search["jieba_dict_user"] = str((staging_dir / "docs" / "assets" / JIEBA_DICTIONARY).resolve())
    path = staging_dir / CONFIG_FILE
    _write_if_changed(path, CONFIG_HEADER + config_text(config))
    return path


def _escaped_titles(nav: Any) -> Any:
    """The nav with its titles (department, group and evaluation names among them) HTML-escaped."""
    if isinstance(nav, dict):
        return {str(escape(title)): _escaped_titles(entry) for title, entry in nav.items()}
    if isinstance(nav, list):
        return [_escaped_titles(entry) for entry in nav]
    return nav


def _read_project_config(path: Path) -> dict[str, Any]:
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError(f"找不到网站配置文件 {path}：项目根目录下应有 {CONFIG_FILE}。") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else ""
        raise BuildError(
            f"{path} {where}不是合法的 YAML：应为普通 YAML，不能使用 !!python/… 或 !ENV 等标签。"
        ) from None
    if not isinstance(config, dict):
        raise BuildError(f"{path} 的内容应为“键: 值”形式的配置，例如 theme:、plugins:。")
    return config


def _set_or_drop(mapping: dict[str, Any], key: str, value: str | dict[str, str]) -> None:
    if value:
        mapping[key] = value
    else:
        mapping.pop(key, None)


def _plugin_options(config: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The options of plugin ``name`` in ``config["plugins"]``, made editable; None when not configured."""
    plugins = config.get("plugins") or []
    for index, entry in enumerate(plugins):
        if entry == name:
            plugins[index] = {name: {}}
            return plugins[index][name]
        if isinstance(entry, dict) and name in entry:
            entry[name] = entry[name] or {}
            return entry[name]
    return None


def _write_if_changed(path: Path, text: str) -> None:
    """Write ``path`` unless it already holds ``text`` (an untouched file triggers no live reload)."""
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
