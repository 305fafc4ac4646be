"""Run a Python module with every network destination it tries written down, for offline tests.

    python tests/netwatch.py LOG -m streamlit run server.py ...

A Python audit hook records each name looked up (socket.getaddrinfo, gethostbyname) and each
address connected or sent to (socket.connect, socket.sendto), one JSON line per attempt in LOG,
before the attempt is made: a call that would fail offline is recorded all the same.
"""
from __future__ import annotations

import json
import runpy
import sys

_EVENTS = {"socket.getaddrinfo": 0, "socket.gethostbyname": 0, "socket.gethostbyname_ex": 0,
           "socket.connect": 1, "socket.sendto": 1}


def main() -> None:
    log_path, flag, module, *arguments = sys.argv[1:]
    if flag != "-m":
        sys.exit(__doc__)
    log = open(log_path, "a", buffering=1)

    def record(event: str, args: tuple) -> None:
        if event in _EVENTS:
            target = args[_EVENTS[event]]
            log.write(json.dumps({"event": event, "target": target if isinstance(target, str)
                                  else list(target) if isinstance(target, tuple) else repr(target)}) + "\n")

    sys.addaudithook(record)
    sys.argv = [module, *arguments]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
