"""Renderers: prepared data in, file bytes out. They never query the database."""
