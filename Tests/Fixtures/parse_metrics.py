#!/usr/bin/env python3
"""Parses a Prometheus text exposition from stdin with prometheus_client's own parser (a real one, not ours) and
prints one JSON object: `name{label="value",…}` (labels sorted) → value, for every sample. Exits 1 when the text
does not parse."""
import json, sys

from prometheus_client.parser import text_string_to_metric_families

samples = {}
try:
    for family in text_string_to_metric_families(sys.stdin.read()):
        for sample in family.samples:
            labels = ",".join(f'{key}="{value}"' for key, value in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}" if labels else sample.name] = sample.value
except Exception as error:  # the parser raises ValueError and friends on bad input
    print(f"unparseable exposition: {error}", file=sys.stderr)
    sys.exit(1)
print(json.dumps(samples))
