"""Action plan."""
