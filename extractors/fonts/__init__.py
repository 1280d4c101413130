"""Font verification: check each font of a text layer glyph by glyph against the rendered page,
and repair the fonts whose /ToUnicode maps lie (see :mod:`extractors.fonts.verify`)."""
