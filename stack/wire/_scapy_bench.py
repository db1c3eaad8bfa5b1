"""The scapy half of stack/wire/wire_bench.ts: the same work per frame, timed the same way.

Build an Ethernet/IPv4/TCP frame (NOP, NOP, timestamps options, 64-byte payload), emit it
to bytes (scapy computes both checksums), and parse all layers back. Unlike stack/wire,
scapy does not verify checksums when parsing, so it does a little less work.

Run with Debian's python3 (python3-scapy): /usr/bin/python3 stack/wire/_scapy_bench.py
Prints one JSON line: {"framesPerSecond": ..., "frames": ..., "seconds": ..., "scapy": ...}.
"""

import json
import logging
import sys
import time

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import IP, TCP, Ether, conf  # noqa: E402

PAYLOAD = b"a" * 64


def round_trip_frame(i):
    seq = i & 0xFFFFFFFF
    frame = (
        Ether(dst="02:00:00:00:00:02", src="02:00:00:00:00:01")
        / IP(src="10.0.0.1", dst="10.0.1.2", id=i & 0xFFFF, flags="DF", ttl=64)
        / TCP(
            sport=43210,
            dport=80,
            seq=seq,
            ack=5001,
            flags="PA",
            window=502,
            options=[("NOP", None), ("NOP", None), ("Timestamp", (seq, 0))],
        )
        / PAYLOAD
    )
    raw = bytes(frame)
    parsed = Ether(raw)
    return parsed[TCP].seq


def main(seconds=3.0):
    assert round_trip_frame(7) == 7 and len(bytes(Ether() / IP() / TCP())) == 54
    for i in range(200):  # warm up, as the Deno side does
        round_trip_frame(i)
    frames = 0
    start = time.perf_counter()
    now = start
    while now - start < seconds:
        for i in range(100):
            round_trip_frame(frames + i)
        frames += 100
        now = time.perf_counter()
    elapsed = now - start
    print(json.dumps({"framesPerSecond": frames / elapsed, "frames": frames, "seconds": elapsed, "scapy": conf.version}))


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 3.0)
