"""Text primitives that know nothing of a plan: numerals, characters, segmentation, similarity join, escaping."""
