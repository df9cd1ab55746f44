"""Deterministic demo content for Studio and the Hub (standard library and studio.domain only)."""

from __future__ import annotations

from studio.demo.generator import (
    DEMO_NOW,
    RECORD_TYPES,
    SCALES,
    Record,
    Scale,
    generate,
)

__all__ = [
    "DEMO_NOW",
    "RECORD_TYPES",
    "SCALES",
    "Record",
    "Scale",
    "generate",
]
