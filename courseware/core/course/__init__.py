"""Reading a course: safe YAML, the typed model of its files, loading, references, checks and their
messages, and the JSON Schema."""
