"""The page: a briefing fitted to one printed page and rendered in each format.

`audience` (who reads it: a template folder and its settings), `fit` (what fits one page),
`render` (Markdown, HTML, JSON through jinja2), `pdf` (WeasyPrint: lay out, count pages,
write), `layout_process` (those layouts made in a process started with the command),
`formats` (the `OUTPUTS` registry of file formats), `output` (atomic writes) and the built-in
`templates/`. May import `briefing.summarise`, `briefing.read` and `briefing.core`.
"""
