"""A package of the user's own, for tests that ship code spread across
modules which refer to each other as module objects."""
