"""Zip bombs against goftar.ingest: time and memory for each variant (built in memory, never written to disk).

- overlapping: ~1 MB; 20,000 central-directory entries all pointing at one deflated 199 MiB member (.csv)
- nested: an archive of 4 archives, each holding one deflated 199 MiB member (.csv) of zeros
- nested-text: the same with letters instead of zeros (not refused as binary from its first chunk)
- classic: one deflated 1 GiB member declared as such (.csv)
- lying: one deflated 64 MiB member whose headers declare 1 KiB
Each is parsed by parse_bytes in a fresh child process (so peak RSS is its own); the parent prints a table. The
same child then runs the whole `python -m goftar ingest BOMB.zip` (start-up, engine import and a SQLite store
included) and reports its wall time and peak RSS: what the issue measured (the CLI was killed at 300 s).
Usage: python bench/bombs.py [variant ...]
"""

from __future__ import annotations

import json
import os
import resource
import struct
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

MIB = 1024 * 1024
CHUNK = 4 * MIB


def deflated_zeros(size: int, fill: bytes = b"\x00") -> tuple[bytes, int]:
    """Raw deflate of `size` bytes of `fill` and their CRC-32, built chunk by chunk (never `size` bytes in memory)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = fill * CHUNK
    parts, crc, left = [], 0, size
    while left:
        piece = chunk[: min(left, CHUNK)]
        parts.append(compressor.compress(piece))
        crc = zlib.crc32(piece, crc)
        left -= len(piece)
    parts.append(compressor.flush())
    return b"".join(parts), crc


def zip_bytes(members: list[tuple[str, int, bytes, int, int]], *, extra_entries: int = 0) -> bytes:
    """A zip of (name, method, data, crc, declared size) members; `extra_entries` more central-directory entries
    all pointing at the first member's local header (the overlapping-entry trick)."""
    body, central = bytearray(), bytearray()

    def central_entry(name: bytes, method: int, data: bytes, crc: int, size: int, offset: int) -> bytes:
        return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0, crc, len(data), size,
                           len(name), 0, 0, 0, 0, 0, offset) + name

    entries = []
    for name, method, data, crc, size in members:
        encoded = name.encode()
        offset = len(body)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0, crc, len(data), size, len(encoded), 0)
        body += encoded + data
        entries.append(central_entry(encoded, method, data, crc, size, offset))
    name, method, data, crc, size = members[0]
    for number in range(extra_entries):
        entries.append(central_entry(f"{number:05d}-{name}".encode(), method, data, crc, size, 0))
    for entry in entries:
        central += entry
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(body), 0)
    return bytes(body + central + end)


def overlapping_bomb(member_bytes: int = 199 * MIB, entries: int = 20_000) -> bytes:
    data, crc = deflated_zeros(member_bytes)
    return zip_bytes([("a.csv", 8, data, crc, member_bytes)], extra_entries=entries - 1)


def nested_bomb(inner: int = 4, member_bytes: int = 199 * MIB, fill: bytes = b"\x00") -> bytes:
    data, crc = deflated_zeros(member_bytes, fill)
    archive = zip_bytes([("inner.csv", 8, data, crc, member_bytes)])
    return zip_bytes([(f"part{n}.zip", 0, archive, zlib.crc32(archive), len(archive)) for n in range(inner)])


def classic_bomb(member_bytes: int = 1024 * MIB) -> bytes:
    data, crc = deflated_zeros(member_bytes)
    return zip_bytes([("big.csv", 8, data, crc, member_bytes)])


def lying_bomb(member_bytes: int = 64 * MIB, declared: int = 1024) -> bytes:
    data, crc = deflated_zeros(member_bytes)
    return zip_bytes([("small.csv", 8, data, crc, declared)])


def nested_text_bomb() -> bytes:
    """As `nested`, but the members are text (letters, not zeros), so nothing short of inflating them rejects them."""
    return nested_bomb(fill=b"a")


VARIANTS = {"overlapping": overlapping_bomb, "nested": nested_bomb, "nested-text": nested_text_bomb,
            "classic": classic_bomb, "lying": lying_bomb}


def child(variant: str) -> None:
    from goftar.ingest import parse_bytes

    data = VARIANTS[variant]()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, cpu_start = time.perf_counter(), time.process_time()
    items = list(parse_bytes(f"{variant}.zip", data))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()  # a second pass for the allocation peak (tracing slows allocation, so not timed)
    list(parse_bytes(f"{variant}.zip", data))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    cli_seconds, cli_rss_kb = whole_cli(variant, data)
    print(json.dumps({"variant": variant, "zip_bytes": len(data), "seconds": seconds, "cpu": cpu, "traced_peak": peak,
                      "rss_growth_kb": after - before, "items": len(items), "cli_seconds": cli_seconds,
                      "cli_rss_kb": cli_rss_kb, "first": getattr(items[0], "reason", "") if items else ""},
                     ensure_ascii=False))


def whole_cli(variant: str, data: bytes) -> tuple[float, int]:
    """Wall time and peak RSS (kB) of `python -m goftar ingest` on the bomb, written to a temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{variant}.zip"
        path.write_bytes(data)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "goftar", "ingest", str(path), "--json"], capture_output=True,
                       cwd=Path(__file__).resolve().parent.parent, timeout=600,
                       env={**os.environ, "GOFTAR_DATABASE_URL": f"sqlite:///{Path(folder) / 'bomb.db'}"})
        return time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2])
        return
    for variant in sys.argv[1:] or list(VARIANTS):
        output = subprocess.run([sys.executable, __file__, "--child", variant], capture_output=True, text=True,
                                check=True).stdout
        result = json.loads(output)
        print(f"{variant:12} zip {result['zip_bytes'] / 1e6:6.2f} MB  parse {result['seconds']:6.3f} s (CPU {result['cpu']:6.3f} s)  "
              f"traced peak {result['traced_peak'] / MIB:7.1f} MiB  RSS growth {result['rss_growth_kb'] / 1024:7.1f} MiB  "
              f"CLI {result['cli_seconds']:5.2f} s {result['cli_rss_kb'] / 1024:6.0f} MiB  "
              f"{result['items']} line(s): {result['first'][:110]}")


if __name__ == "__main__":
    main()
