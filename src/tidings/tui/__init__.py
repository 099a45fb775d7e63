"""The Textual layer: thin widgets and screens over tidings.core."""
