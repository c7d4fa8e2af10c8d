"""Loopback X API v2 and Graph API emulator with a seeded, synthetic Jember scenario.

Used by tests and ``pantau demo``; never by production collection. See ``README.md`` here.
"""
