"""Running a build: the stages in order and where they run.

`pipeline` lists the stages and passes data between them; `executors` holds the worker
processes, the slicing of work over them and the work started ahead. May import every layer
below: page, summarise, read, core.
"""

from briefing.core.runtime import import_nltk_without_statistics

import_nltk_without_statistics()  # before any stage imports NLTK, here and in worker processes
