"""Evaluation suite: numbers, deadlines and citations, with a naive baseline.

    python -m evals [--questions FILE] [--json OUT] [--no-baseline] [--html DIR]
"""
