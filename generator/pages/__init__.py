"""What the render stage writes into the docs tree: tables, portal pages, charts, downloads."""
