"""The MkDocs project that build and serve run: its docs tree, configuration, parts and memo."""

WORK_DIR = ".gongkai"  # in the project; git-ignored


class BuildError(Exception):
    """A build failed for a reason the user can act on. The message is Chinese and complete."""
