"""Results: word timings to caption cues, renderers, caption QC, sidecar naming and writes."""
