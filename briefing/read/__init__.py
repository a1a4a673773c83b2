"""Reading: files in, clean articles and their sentences out.

`load` reads a file by its format (the `READERS` registry) into an Article with its title,
outlet, date and URL; `clean` strips page junk; `dedupe` counts syndicated copies once;
`split` cuts text into sentences offline. May import `briefing.core` only.
"""
