"""Headless sub-commands of `tidings` (for scripts and cron). Each module registers its
sub-commands on the argparse parser and implements them over tidings.core."""
