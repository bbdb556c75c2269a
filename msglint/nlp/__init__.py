"""The NLP stage: one spaCy pipeline per process, and offline readability."""
