"""The context every page template receives is the one ``generator/pages/contexts.py`` documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest
from jinja2 import meta, nodes

from generator.load import load_project
from generator.pages.contexts import TEMPLATE_CONTEXTS
from generator.pages.environment import make_environment
from generator.render import render_site

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "templates"
PAGE_TEMPLATES = sorted(
    p.name for p in TEMPLATES.glob("*.j2") if not p.name.startswith("_") and "macros" not in p.name
)


@pytest.fixture(scope="module")
def passed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """The names each template was given while the sample and the example were rendered (only the
    example has a report without a form)."""
    seen: dict[str, set[str]] = {}
    render = jinja2.Template.render

    def spy(self: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        seen.setdefault(self.name or "", set()).update(dict(*args, **kwargs))
        return render(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jinja2.Template, "render", spy)
        for project in (REPO, REPO / "examples" / "sui-ning"):
            render_site(load_project(project), tmp_path_factory.mktemp("docs"))
    return seen


def test_every_page_template_is_documented() -> None:
    assert sorted(TEMPLATE_CONTEXTS) == PAGE_TEMPLATES


@pytest.mark.parametrize("template", PAGE_TEMPLATES)
def test_the_context_passed_is_the_one_documented(template: str, passed: dict[str, set[str]]) -> None:
    assert passed[template] == set(TEMPLATE_CONTEXTS[template])


@pytest.mark.parametrize("template", PAGE_TEMPLATES)
def test_a_template_uses_only_what_it_is_given(template: str) -> None:
    env = make_environment(TEMPLATES)
    tree = env.parse((TEMPLATES / template).read_text(encoding="utf-8"))
    # Jinja counts a name set in one branch and read after it as undeclared; the template set it itself.
    targets = [node.target for node in tree.find_all(nodes.Assign)]
    assigned = {
        name.name
        for target in targets
        for name in [target, *target.find_all(nodes.Name)]
        if isinstance(name, nodes.Name)
    }
    used = meta.find_undeclared_variables(tree) - set(env.globals) - assigned
    assert used <= set(TEMPLATE_CONTEXTS[template]), sorted(used - set(TEMPLATE_CONTEXTS[template]))
