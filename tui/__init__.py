"""fazhi front ends: the `fazhi` command (cli) and the Textual review workbench (app)."""
