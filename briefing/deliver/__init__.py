"""Delivery: a briefing sent and a day run on a schedule.

`mail` (a briefing as a message over SMTP or to an .eml file) and `daily` (a day's folder
built once per distinct input and sent once). May import `briefing.run` and every layer below.
"""
