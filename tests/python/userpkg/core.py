"""Code that uses a sibling module as a module object."""
from userpkg import util


def compute(x):
    return util.scale(x) + 1


class Scaler:
    def __init__(self, k):
        self.k = k

    def apply(self, xs):
        return [util.scale(x) * self.k for x in xs]
