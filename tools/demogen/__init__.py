"""The demo generator: commune-level data that reproduce a province's published report.

A province's report publishes aggregates only (per-criterion counts, the distribution of
communes by number of criteria met, district averages, named communes). The generator
finds commune-level statuses that reproduce them exactly where they agree with each other
and as closely as possible where they do not (an integer program solved with HiGHS
through ``scipy.optimize.milp``), then draws indicator values consistent with every status
under the region's thresholds of the criteria set. The output is interchange files that
``ntm loaddemo`` imports.

Nothing of any province is written here: the published figures come from a YAML file
(``published/<province>-<year>.yaml``), the units and criteria from NTM's shipped data.
Run ``python -m tools.demogen --help``. See docs/demo-data.md.
"""
