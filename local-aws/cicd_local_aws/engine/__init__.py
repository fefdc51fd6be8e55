"""The deployment engine: creates, updates and deletes a stack's resources
one by one in dependency order, records per-resource stack events, and rolls
back on failure as CloudFormation does."""
