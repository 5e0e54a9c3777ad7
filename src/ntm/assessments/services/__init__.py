"""Write services of the assessments app (see docs/architecture.md)."""
