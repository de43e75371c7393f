"""Benchmarks that print their figures (never pass/fail on time). Run: python -m bench"""
