"""``warlog watch``: poll feeds, OPML lists and folders, ingest what is new, deliver alerts.

feeds.py (what to watch), fetch.py (polite HTTP), poll.py (one poll into the ingest loop),
folder.py (new and changed files), alerts.py (rules and matching), deliver.py (channels),
service.py (interval loop and signals). The state they keep is in ``store/watch_state.py``.
"""
