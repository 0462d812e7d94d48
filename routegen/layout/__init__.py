"""Layout: pure geometry of the infographic (text shaping and wrapping, boxes, paths)."""
