"""Developer tools of NTM (not part of the application; may use dev dependencies)."""
