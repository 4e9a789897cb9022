"""Process lifecycle: build the parts from the config, run the daemon, stop it cleanly.
The only layer (with `cli`) that constructs real clients, servers and database connections."""
