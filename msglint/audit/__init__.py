"""Audit an archive on a Dask cluster (``msglint audit``; ``pip install 'msglint[dask]'``).

:mod:`.inputs` finds and partitions the shards and reads them on the workers,
:mod:`.run` runs one task per partition and writes the findings shards,
:mod:`.summary` merges the tasks' counts into ``summary.json`` and ``summary.html``.
The Dask DataFrame/bag API is :mod:`msglint.dask`.
"""
