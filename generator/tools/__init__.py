"""Commands beside the pipeline: the blank workbook, the scaffold of a new department-year, changes."""
