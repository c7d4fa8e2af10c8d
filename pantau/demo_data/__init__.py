"""Bundled synthetic demo data (see README.md in this folder)."""
