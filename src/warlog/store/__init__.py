"""warlog.store: persistence of documents and events (SQLAlchemy Core; SQLite default, PostgreSQL).

The only package that knows SQL. Use ``Store(db)``; ``make_engine(db)`` is exposed for tools that
need a raw engine (tests, maintenance scripts).
"""

from warlog.store.engine import make_engine
from warlog.store.repository import Store

__all__ = ["Store", "make_engine"]
