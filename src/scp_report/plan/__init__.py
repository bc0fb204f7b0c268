"""Reading and checking the plan files: periods, models, the YAML reader, the loader,
messages, cross-file checks and the JSON Schemas."""
