"""The browser UI of MUS Coach (Gradio wiring only; every handler calls into the coach package).

Import this package only after ``coach.privacy.apply_env()`` has run (app.py does that): gradio reads its
environment at import time.
"""
