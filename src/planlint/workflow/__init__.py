"""One run around the checks: configuration, discovering files, the engine, suppressions, baselines, fixes and writing files, parallel workers, trust in shared files."""
