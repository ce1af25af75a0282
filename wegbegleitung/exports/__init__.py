"""Downloading what a coordinator sees as CSV or XLSX: the tabular sources (``registry``)."""
