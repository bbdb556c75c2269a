"""Text helpers shared by readers and the engine: normalisation, template masking,
inline directives. None of them shifts positions: each returns a way back to the
original offsets."""
