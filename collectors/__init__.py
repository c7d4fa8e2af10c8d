"""The collectors area: everything that brings items into the store.

One module per platform behind one ``Collector`` protocol (X through tweepy, Facebook Pages and
Instagram through facebook-sdk), the HTTP politeness layer, the file importer, and ``emulator/``
(the loopback X API v2 and Graph API used by tests and the demo). It owns its settings
(``collectors.settings``) and may import only ``core``.
"""
