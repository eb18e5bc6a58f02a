"""What the load stage reads: the workbook, YAML files and their schemas."""
