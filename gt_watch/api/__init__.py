"""The GoTranscript API v4 seen from gt-watch: HTTP calls and the parsers of their answers.
Must not import pipeline, config, storage, store or results (docs/architecture.md).

- `client`: `GoTranscriptClient`, one method per documented call, error mapping, retries.
- `retry`: `RetryPolicy` and which failures may be retried for reads and for order POSTs.
- `transport`: sending one request with its retry rule and turning failures into errors.
- `download`: fetching a result URL from the API host only, bounded in size and time.
- `urls`: origins, endpoint paths and query parameters of API URLs.
- `formats`: pure, tolerant parsers of API answers and result files into `gt_watch.model`.

This package root imports nothing, so that a caller needing only the parsers (`gt-watch qc`)
does not pay for httpx.
"""
