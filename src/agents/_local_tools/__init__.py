"""Local tools of the reference SDK (shell, local_shell, apply_patch, computer, custom), run on
this machine and offered to the model as function tools on every provider. Public names are
exported from `agents` and `agents.tool`; this package is internal."""
