"""Summarising: articles in, ranked and merged items in sections out; no files, no clock.

`vectors` (terms and TF-IDF), `stories` (telling stories apart), `score` (rating sentences,
the `ALGORITHMS` registry), `merge` (one item per claim, every source that states it),
`rank` and `select` (what the page keeps), `speakers`, `people`, `sections` and `titles`
(where each item belongs, the headline), `dates` (relative dates resolved) and `since` (what is
new since an earlier day). May import `briefing.read` and `briefing.core`.
"""
