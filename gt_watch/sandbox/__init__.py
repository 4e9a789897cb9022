"""The GoTranscript sandbox: a local emulator of the documented API v4. Imports only the
base layers of gt_watch (model, catalog, errors, redact, logs) and nothing imports it except
`cli`, `service` and the tests.

Start it with `gt-watch sandbox`, or in-process with `SandboxServer(SandboxSettings(...))`.
"""

from gt_watch.sandbox.server import SandboxServer
from gt_watch.sandbox.settings import SandboxSettings

__all__ = ["SandboxServer", "SandboxSettings"]
