"""The toolkit's core: workshop definitions, the session store and its operations, languages.

Imports no ipywidgets, IPython or matplotlib (a test checks it), and pandas only when a
snapshot is built.
"""
