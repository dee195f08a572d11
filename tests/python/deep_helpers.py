"""Remote functions building values nested as deep as they are long."""


def cons_list(n):
    d = None
    for i in range(n):
        d = (i, d)
    return d


def raise_nested(n):
    d = []
    for _ in range(n):
        d = [d]
    raise ValueError(d)
