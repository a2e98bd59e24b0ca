"""The shape of the package: layers, tables that must stay complete, the public namespace."""
