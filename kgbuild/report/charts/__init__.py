"""The page's charts laid out: each chart's shapes, in drawing order, with their positions.

A chart here is data (what to draw, where, linked to what); templates/parts/charts/ draws
it as SVG. Positions are in the SVG's user units; text widths are estimated from
formatting.CHAR_WIDTH, since the page cannot measure text before it is drawn.
"""
