"""Drafting rounds, versioned vision text, consultation and adoption (stages 3 and 4)."""
