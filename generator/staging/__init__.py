"""The MkDocs project that build and serve run: its docs tree, configuration, parts and memo."""
