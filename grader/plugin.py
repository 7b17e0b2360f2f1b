"""The kerascourse pytest plugin (being written: inert for now)."""
