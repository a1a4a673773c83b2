"""Built-in templates of briefing: one folder per audience, `base` underneath them all."""
