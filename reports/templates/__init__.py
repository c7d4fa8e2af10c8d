"""Jinja2 templates and the stylesheet of the weekly report (a package so they ship)."""
