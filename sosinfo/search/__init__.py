"""Search: text analysis, documents built from the knowledge, the SQLite index, and ranking."""
