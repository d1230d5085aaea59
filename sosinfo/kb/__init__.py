"""The knowledge layer: data files, model, safe YAML reader, loader and checks. Knows nothing above it."""
