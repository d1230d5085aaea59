"""Compiled cache of the knowledge base (filled in by the performance work; loads directly for now)."""

from __future__ import annotations

from pathlib import Path

from sosinfo.loader import load_knowledge
from sosinfo.model import KnowledgeBase


def load_cached(data_dir: Path) -> KnowledgeBase:
    return load_knowledge(data_dir)
