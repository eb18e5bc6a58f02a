"""The memo: what the last build loaded, checked and rendered, kept in ``.gongkai/memo/`` for the next."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from generator.load import SITE_FILE, folder_fingerprint
from generator.model import DepartmentYear, Finding
from generator.render import Rendered
from generator.staging import WORK_DIR, seal

# The generator's own files: a memo made by another version of gongkai is not used.
PACKAGE = Path(__file__).resolve().parent.parent
MEMO_DIR = Path(WORK_DIR, "memo")  # the last full build's memo (memo.pickle) and the docs it describes
MEMO_FILE = "memo.pickle"


@dataclass
class Memo:
    """What the last build, or regeneration of the preview, loaded, checked and rendered.

    A department-year whose folder and earlier years' folders are unchanged (DepartmentYear.lineage) is
    neither read, checked nor rendered again, so that a change to one department is rebuilt, and shows
    in the preview, in seconds however many there are. A change to site.yaml, templates/ or gongkai
    itself starts afresh.
    """

    basis: str = ""  # fingerprint of site.yaml, templates/ and the generator package
    loaded: dict[Path, DepartmentYear] = field(default_factory=dict)
    checked: dict[str, tuple[str, list[Finding]]] = field(default_factory=dict)
    rendered: dict[str, Rendered] = field(default_factory=dict)
    docs: dict[str, dict[str, str]] = field(default_factory=dict)  # label → its kept docs' SHA-256s

    def refresh(self, project_dir: Path) -> None:
        basis = folder_fingerprint(project_dir / "templates") + folder_fingerprint(PACKAGE)
        site = project_dir / "data" / SITE_FILE
        if site.is_file():
            basis += hashlib.sha256(site.read_bytes()).hexdigest()
        if basis != self.basis:
            self.forget(basis)

    def forget(self, basis: str = "") -> None:
        self.basis = basis
        self.loaded, self.checked, self.rendered, self.docs = {}, {}, {}, {}

    def describes(self) -> tuple[str, frozenset[tuple[str, str]]]:
        """What the memo holds: its basis and the department-years it has rendered, by lineage."""
        return self.basis, frozenset((label, entry[0]) for label, entry in self.rendered.items())


def read_memo(project_dir: Path) -> Memo:
    """The memo the last full build kept, or an empty one when there is none, it was not signed by this
    user, or it cannot be read (another Python, a damaged file): all of which only mean starting afresh.

    A pickle can run code when read, so only one signed with this user's key (kept outside the project,
    where no site can publish it) is read. A department-year whose kept docs are not exactly those the
    memo recorded (a file edited, truncated, added or deleted) is rendered again.
    """
    memo = Memo()
    with suppress(Exception):  # whatever is wrong with a memo, the build goes on without it
        pickled = seal.unsign((project_dir / MEMO_DIR / MEMO_FILE).read_bytes())
        if pickled is not None:
            kept = pickle.loads(pickled)
            if isinstance(kept, Memo):
                memo = kept
    docs = project_dir / MEMO_DIR / "docs"
    for label in list(memo.rendered):
        if not seal.matches(docs / label, memo.docs.get(label, {})):
            del memo.rendered[label]
    return memo


def keep_memo(project_dir: Path, memo: Memo, docs_dir: Path, *, move: bool) -> None:
    """Keep ``memo`` for the next build with the docs it describes (moved, or linked when the staging
    project is kept) and the SHA-256 of every file of each department-year's docs."""
    folder = project_dir / MEMO_DIR
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if move:
        docs_dir.rename(folder / "docs")
    else:
        shutil.copytree(docs_dir, folder / "docs", copy_function=os.link)
    memo.docs = {label: seal.digests(folder / "docs" / label) for label in memo.rendered}
    # written last, when the docs it names are complete
    (folder / MEMO_FILE).write_bytes(seal.sign(pickle.dumps(memo, protocol=pickle.HIGHEST_PROTOCOL)))
