"""Echo client for ws-core's interop tests: python `websockets` (10.4, asyncio API) against our Upgrader.

    /usr/bin/python3 echo_client.py ws://127.0.0.1:PORT/path [--deflate]

Sends the scripted messages of script.py one at a time and checks that each echo comes back with the same type
and content, pings and waits for the matching pong, closes with 1000 and checks the server's close code.
Prints one line of JSON ({"ok": ..., "messages": [{type, length, sha256}, ...], ...}) and exits 0 when all
passed, 1 otherwise. The Java test compares "messages" with what the server recorded.
"""
import asyncio
import hashlib
import json
import sys

import websockets

from script import script

OVERALL_TIMEOUT = 60
STEP_TIMEOUT = 20


async def run(url, deflate, result):
    async with websockets.connect(
        url,
        compression="deflate" if deflate else None,
        max_size=64 << 20,
        open_timeout=STEP_TIMEOUT,
        close_timeout=STEP_TIMEOUT,
        ping_interval=None,  # no keepalive pings of its own: the script's pings are the only ones
    ) as ws:
        result["extensions"] = ws.response_headers.get("Sec-WebSocket-Extensions")
        for name, binary, fragments in script():
            whole = b"".join(fragments) if binary else "".join(fragments)
            await ws.send(fragments if len(fragments) > 1 else fragments[0])
            try:
                echo = await asyncio.wait_for(ws.recv(), STEP_TIMEOUT)
            except asyncio.TimeoutError:
                raise AssertionError(f"no echo of {name} within {STEP_TIMEOUT} s") from None
            if isinstance(echo, bytes) != binary:
                raise AssertionError(f"{name}: echo has the wrong type")
            if echo != whole:
                raise AssertionError(f"{name}: echo differs (sent {len(whole)}, got {len(echo)})")
            data = whole if binary else whole.encode("utf-8")
            result["messages"].append(
                {"type": "binary" if binary else "text", "length": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            )

        for payload in (b"interop-ping", b"\xa5" * 125):
            # The waiter completes only when a pong with this very payload arrives.
            waiter = await ws.ping(payload)
            try:
                await asyncio.wait_for(waiter, STEP_TIMEOUT)
            except asyncio.TimeoutError:
                raise AssertionError(f"no pong with the ping's payload within {STEP_TIMEOUT} s") from None
            result["pongs"] += 1

        await ws.close(1000, "bye")
        result["closeCode"] = ws.close_code
        if ws.close_code != 1000:
            raise AssertionError(f"server closed with {ws.close_code} {ws.close_reason}, expected 1000")


def main():
    args = sys.argv[1:]
    urls = [a for a in args if not a.startswith("--")]
    deflate = "--deflate" in args
    result = {"ok": False, "peer": "python-websockets", "version": websockets.__version__, "deflate": deflate,
              "extensions": None, "messages": [], "pongs": 0}
    try:
        if len(urls) != 1:
            raise ValueError("usage: echo_client.py URL [--deflate]")
        asyncio.run(asyncio.wait_for(run(urls[0], deflate, result), OVERALL_TIMEOUT))
        result["ok"] = True
    except asyncio.TimeoutError:
        result["error"] = f"timed out after {OVERALL_TIMEOUT} s"
    except Exception as e:  # every failure becomes the JSON result
        result["error"] = f"{type(e).__name__}: {e}"
    print(json.dumps(result), flush=True)
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
