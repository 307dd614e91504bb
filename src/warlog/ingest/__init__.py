"""warlog.ingest: read inputs, clean them into Documents, find copies.

- ``readers.iter_inputs(paths, max_doc_bytes)`` yields ``RawInput`` or ``Rejected`` (files,
  directories, JSON Lines, standard input; see ``decoding`` and ``jsonlines``).
- ``clean.clean_document(raw)`` returns a ``Document`` (boilerplate removed, metadata filled,
  language, fingerprints) or a ``Rejected``.
- ``dedup.DuplicateIndex`` finds exact and near-duplicate (syndicated) copies.

Submodules are imported explicitly by callers: trafilatura and the language model are only
loaded by the stages that need them.
"""
