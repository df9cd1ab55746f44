"""The local workspace: schema, migrations, search and the workspace operations."""
