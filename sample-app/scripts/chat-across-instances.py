#!/usr/bin/env python3
"""Checks the README's two-instance recipe: ann on one instance, bob on another, one Redis.

    python3 sample-app/scripts/chat-across-instances.py ws://127.0.0.1:8081 ws://127.0.0.1:8082

Bob's room message must reach ann, ann's direct message must reach bob, and both presence lists must show both.
Needs python3-websockets (Debian) or `pip install websockets`.
"""
import asyncio
import json
import sys

import websockets


async def until(ws, predicate, what, timeout=10):
    async def loop():
        while True:
            event = json.loads(await ws.recv())
            if predicate(event):
                return event
    try:
        return await asyncio.wait_for(loop(), timeout)
    except asyncio.TimeoutError:
        sys.exit(f"FAILED: no {what} within {timeout} s")


async def main(a, b):
    async with websockets.connect(f"{a}/chat?room=lobby&nick=ann") as ann, \
            websockets.connect(f"{b}/chat?room=lobby&nick=bob") as bob:
        await until(ann, lambda e: e["type"] == "presence" and sorted(e["members"]) == ["ann", "bob"],
                    "presence [ann, bob] at ann")
        print("ann (instance A) sees presence [ann, bob]")
        await bob.send(json.dumps({"text": "hello from B"}))
        said = await until(ann, lambda e: e["type"] == "message" and e["text"] == "hello from B", "bob's message at ann")
        print(f"ann (instance A) got bob's room message at position {said.get('position')}")
        await ann.send(json.dumps({"text": "psst", "to": "bob"}))
        await until(bob, lambda e: e["type"] == "direct" and e["text"] == "psst", "ann's direct message at bob")
        print("bob (instance B) got ann's direct message")
    print("OK")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
