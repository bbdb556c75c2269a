"""The rule engine: rule metadata, rule packs, matching, context, and the linter loop."""
