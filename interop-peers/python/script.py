"""The scripted messages both echo clients send, in order.

The node client (../node/script.mjs) sends the same types and lengths, and ws-core's PeerScript.java expects
exactly this list: keep the three in step. Each message is (name, binary, fragments); a message of several
fragments goes out as continuation frames (websockets' send() of an iterable). Text fragments are str, so
unlike the node client's they split between characters, not inside them.
"""

import random

MIB = 1 << 20
FRAGMENTED_TEXT = "fragmented: añ 日本語 🎉 ✓ — done"


def random_bytes(length, seed):
    """Deterministic incompressible bytes, so a failure reproduces (a seeded PRNG: pure-python xorshift is slow)."""
    return random.Random(seed).randbytes(length)


def text(length):
    """Compressible text of exactly `length` UTF-8 bytes mixing 1- to 4-byte characters, padded with ASCII."""
    unit = '{"user":"zoë","msg":"héllo wörld ✓ 日本語 🎉","n":'
    unit_size = len(unit.encode("utf-8"))
    parts, size, n = [], 0, 0
    while size + unit_size + 8 <= length:
        piece = f"{unit}{n % 1000}}},"
        parts.append(piece)
        size += len(piece.encode("utf-8"))
        n += 1
    parts.append("x" * (length - size))
    return "".join(parts)


def script():
    """(name, binary, fragments) tuples; fragments are bytes for binary messages and str for text."""
    return [
        ("short text", False, ["hello"]),
        ("multi-byte text", False, ["héllo wörld ✓ 日本語 🎉"]),
        ("empty text", False, [""]),
        ("empty binary", True, [b""]),
        ("125-byte binary", True, [random_bytes(125, 1)]),
        ("126-byte binary", True, [random_bytes(126, 2)]),
        ("65535-byte text", False, [text(65535)]),
        ("64 KiB binary", True, [random_bytes(64 * 1024, 3)]),
        ("64 KiB text", False, [text(64 * 1024)]),
        ("4 MiB binary", True, [random_bytes(4 * MIB, 4)]),
        ("4 MiB text", False, [text(4 * MIB)]),
        ("fragmented text", False, [FRAGMENTED_TEXT[i:i + 3] for i in range(0, len(FRAGMENTED_TEXT), 3)]),
        ("fragmented binary with an empty fragment", True, [random_bytes(1000, 5), b"", random_bytes(5000, 6)]),
        ("1 MiB binary in 16 fragments", True, [chunk for chunk in _chunks(random_bytes(MIB, 7), 64 * 1024)]),
    ]


def _chunks(data, size):
    return [data[i:i + size] for i in range(0, len(data), size)]
