"""Generated data at national scale for measuring (issue 13): reads every app, imported by none."""
