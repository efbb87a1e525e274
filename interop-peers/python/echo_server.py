"""Echo server for ws-core's interop tests: our Dialer against python `websockets` (10.4, asyncio API).

    /usr/bin/python3 echo_server.py [--deflate [--server-no-context-takeover] [--client-no-context-takeover]]

Listens on an ephemeral loopback port and prints the port number as the first line of stdout. Echoes every
message with its type; websockets answers pings and close frames itself. Exits when stdin closes, so a test
JVM that dies without destroying this process does not leave it behind.
"""
import asyncio
import os
import sys
import threading

import websockets
from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory


async def echo(ws, path=None):
    async for message in ws:
        await ws.send(message)


def extensions(args):
    if "--deflate" not in args:
        return None
    # websockets' own defaults for compression="deflate" (12-bit windows, memLevel 5), plus the takeover flags.
    # A 12-bit client window makes a JDK client, whose Deflater only has 15 bits, compress Huffman-only.
    return [
        ServerPerMessageDeflateFactory(
            server_no_context_takeover="--server-no-context-takeover" in args,
            client_no_context_takeover="--client-no-context-takeover" in args,
            server_max_window_bits=12,
            client_max_window_bits=12,
            compress_settings={"memLevel": 5},
        )
    ]


def exit_when_stdin_closes():
    sys.stdin.read()
    os._exit(0)


async def main(args):
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    async with websockets.serve(
        echo, "127.0.0.1", 0, compression=None, extensions=extensions(args), max_size=64 << 20, ping_interval=None
    ) as server:
        port = server.sockets[0].getsockname()[1]
        print(port, flush=True)
        await asyncio.Future()  # serve until killed or stdin closes


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
