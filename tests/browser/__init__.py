"""Browser tests (marker ``browser``): see conftest.py."""
