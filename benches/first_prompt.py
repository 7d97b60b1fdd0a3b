#!/usr/bin/env python3
"""Time from starting `eventdef new event` to its first question, in a pseudo-terminal.

    python3 benches/first_prompt.py target/release/eventdef --root DIR [--runs 5]

Starts the wizard on a PTY (it needs a terminal), waits until the first question's text is on
the screen, records the elapsed time, then closes the terminal (the wizard reads end of input
and exits with 130, writing nothing). Prints each run and the median (target: 50 ms).
"""
import argparse
import os
import pty
import select
import signal
import statistics
import time

FIRST_QUESTION = b"describe what the event tracks"  # text::EVENT_DESCRIPTION_PROMPT


def once(binary, root, timeout=30.0):
    started = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(binary, [binary, "--root", root, "new", "event"])
    seen = b""
    elapsed = None
    try:
        while time.monotonic() - started < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if FIRST_QUESTION in seen.lower():
                elapsed = time.monotonic() - started
                break
    finally:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(fd)
    if elapsed is None:
        raise SystemExit(f"first_prompt.py: no first question seen; output was {seen[-500:]!r}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--root", required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    times = [once(args.binary, args.root) for _ in range(args.runs)]
    for t in times:
        print(f"{t * 1000:.1f} ms")
    print(f"median of {len(times)}: {statistics.median(times) * 1000:.1f} ms to the first question")


if __name__ == "__main__":
    main()
