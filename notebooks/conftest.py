"""Notebook runs (nbval) write to a throwaway store, never to the user's ``data/`` folder."""
import os
import tempfile

_folder = tempfile.mkdtemp(prefix="toolkit-nbval-")
os.environ["TOOLKIT_DB"] = f"sqlite:///{_folder}/notebooks.sqlite"
