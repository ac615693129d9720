# Editions, entries and judging of "Gương người tốt quanh ta" arrive with issue #5.
