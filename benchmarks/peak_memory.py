"""Peak resident memory of the running process, for the measuring scripts of benchmarks and tests."""

from __future__ import annotations

import resource


def peak_mib() -> float:
    """This process's peak resident memory in MiB.

    Linux's VmHWM starts afresh when a process execs; ``ru_maxrss`` does not, so a
    child started from a large test runner reports the runner's size as its own.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # where there is no /proc


def children_peak_mib() -> float:
    """The largest peak resident memory of the children this process waited for (0 if none).

    A forked child starts with its parent's pages counted as its own (shared until written), so
    adding this to ``peak_mib()`` gives an upper bound of the two processes together.
    """
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
