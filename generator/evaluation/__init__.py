"""绩效自评: the department-wide, project and 专项 self-evaluations of a department-year.

- ``load.load_evaluations`` reads ``<dept-year>/evaluation/*.yaml`` (load stage);
- ``rules`` registers the E-… rules (check stage);
- ``render.render_evaluations`` writes the 第四部分 附件 pages (render stage);
- ``grading.load_grading`` reads a province's grading scheme from ``generator/data/grading/``.

The package re-exports nothing: importing one stage's module never loads another stage's.
"""
