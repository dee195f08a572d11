"""A module whose own functions are named like builtins pyfora refuses."""


def eval(expr):
    return expr.upper()


def run(s):
    return eval(s) + "!"
