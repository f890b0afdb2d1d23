"""Tools for developing the page cutter: a page generator, gold labels, training."""
