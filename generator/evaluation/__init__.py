"""绩效自评: the department-wide, project and 专项 self-evaluations of a department-year.

- ``load_evaluations`` reads ``<dept-year>/evaluation/*.yaml`` (load stage);
- ``check_evaluations`` applies the E-… rules (check stage);
- ``render_evaluations`` writes the 第四部分 附件 pages (render stage);
- ``load_grading`` reads a province's grading scheme from ``generator/data/grading/``.
"""

from generator.evaluation.grading import (
    DEFAULT_GRADING,
    Grading,
    GradingError,
    available_gradings,
    load_grading,
)
from generator.evaluation.load import Evaluations, load_evaluations
from generator.evaluation.render import render_evaluations
from generator.evaluation.rules import check_evaluations

__all__ = [
    "DEFAULT_GRADING",
    "Evaluations",
    "Grading",
    "GradingError",
    "available_gradings",
    "check_evaluations",
    "load_evaluations",
    "load_grading",
    "render_evaluations",
]
