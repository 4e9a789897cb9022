"""The GoTranscript API v4 seen from gt-watch: HTTP calls and the parsers of their answers.
Must not import pipeline, config, storage, store or results (docs/architecture.md).

Talking to the API:
- `client`: `GoTranscriptClient`, one method per documented call.
- `order_request`: the form of an order, validated; its log-safe description.
- `retry`: `RetryPolicy` and which failures may be retried for reads and for order POSTs.
- `transport`: sending one request under its retry rule; failures become gt-watch errors.
- `download`: fetching a result URL from the API host only, bounded in size and time.
- `urls`: the base URL, endpoints, origins, printable URLs.

Reading its answers and files (pure; `formats` is the entry point that re-exports them):
- `formats`: receipts, order objects and pages, callbacks.
- `transcript_json`, `alignment_json`, `captions_text`, `text_document`: result files.
- `json_fields`, `words`, `values`: the field spellings, word handling and scalar reading
  those parsers share.

This package root imports nothing, so that a caller needing only the parsers does not pay
for httpx.
"""
