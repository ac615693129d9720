# Award types, exemplars, honours and nominations arrive with issue #3.
