"""The only code that imports MkDocs: the engine that turns the docs tree into the site."""
