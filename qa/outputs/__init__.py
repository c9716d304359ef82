"""What leaves the program: batch answer files, excerpt exports, terminal rendering and
progress bars, with one formatter for a source's reference (reference)."""
