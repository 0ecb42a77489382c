"""The kernel every module shares. It knows no module by name."""
