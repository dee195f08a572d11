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


class Node:
    """A node of a singly linked list."""

    def __init__(self, value, following):
        self.value = value
        self.following = following


def node_chain(n):
    """A linked list of ``n`` nodes, built remotely."""
    head = None
    for i in range(n):
        head = Node(i, head)
    return head


def chain_length(head):
    length = 0
    while head is not None:
        length += 1
        head = head.following
    return length
