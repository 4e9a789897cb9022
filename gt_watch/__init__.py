"""gt-watch: watch folders and S3 buckets, order GoTranscript transcripts, write sidecars."""

__version__ = "0.1.0"
