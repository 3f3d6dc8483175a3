"""A process that holds GPU memory so that a known amount stays free.

On a GPU: a separate Python process takes memory with plain torch allocations until NVML's free
memory is within TOLERANCE of the target, and answers over its stdin/stdout. PyTorch's caching
allocator is switched off in it (PYTORCH_NO_CUDA_MEMORY_CACHING=1), so each tensor is one
cudaMalloc of its own size (never managed memory) and dropping it is one cudaFree: with the
cache on, a 2-10 MiB tensor takes a 20 MiB segment and freed blocks stay with PyTorch. In the CPU mode: the fake NVML's
scenario file is rewritten so that the same free memory is reported.
"""

import os
import subprocess
import sys

MIB = 1 << 20
TOLERANCE = 4 * MIB
STEP = 2 * MIB  # cudaMalloc's granularity for large blocks
# A bulk allocation stops this far short of the target; small ones finish the approach, so an
# allocation that costs a little more than its size never overshoots by a whole bulk block.
APPROACH = 64 * MIB


class FakeHolder:
    """CPU mode: 'holding' is writing the fake NVML scenario with used = total - reserved - free."""

    def __init__(self, scenario_path, device_line_fields, total, reserved):
        self.path = scenario_path
        self.fields = device_line_fields
        self.total = total
        self.reserved = reserved
        self.pid = None

    def set_free(self, target):
        used = self.total - self.reserved - target
        if used < 0:
            raise ValueError("cannot leave %d bytes free on a %d-byte device" % (target, self.total))
        with open(self.path, "w") as f:
            f.write("device %s total=%d reserved=%d used=%d\n" % (self.fields, self.total, self.reserved, used))
            if self.pid is not None and used > 0:
                # as the real driver does, NVML lists the process that holds the memory
                f.write("process device=0 pid=%d name=holder used=%d\n" % (self.pid, used))
        return {"held_bytes": used, "nvml_free_bytes": target}

    def close(self):
        pass


class TorchHolder:
    """GPU mode: the client side of `check.py _hold`."""

    def __init__(self, python, script, index, timeout=120):
        env = dict(os.environ)
        env["PYTHONUNBUFFERED"] = "1"
        env["PYTORCH_NO_CUDA_MEMORY_CACHING"] = "1"
        self.proc = subprocess.Popen([python, script, "_hold", str(index)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, env=env)
        line = self._read()
        if not line.startswith("ready "):
            raise RuntimeError("holder did not start: %r" % line)
        self.pid = int(line.split()[1])

    def _read(self):
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("holder exited (%s)" % self.proc.poll())
        return line.strip()

    def set_free(self, target):
        self.proc.stdin.write("set %d\n" % target)
        self.proc.stdin.flush()
        reply = self._read().split()
        if reply[0] != "ok":
            raise RuntimeError("holder: " + " ".join(reply))
        return {"held_bytes": int(reply[1]), "nvml_free_bytes": int(reply[2])}

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write("quit\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=30)
            except Exception:
                self.proc.kill()
                self.proc.wait()


def serve(index):
    """The holder process: `set N` leaves N bytes free on GPU `index`; `quit` ends it."""
    import pynvml
    import torch

    pynvml.nvmlInit()
    handle = pynvml.nvmlDeviceGetHandleByIndex(index)
    device = torch.device("cuda", index)
    torch.empty(1, device=device)  # the CUDA context exists before the first measurement
    chunks = []

    def free_now():
        return int(pynvml.nvmlDeviceGetMemoryInfo(handle, version=pynvml.nvmlMemory_v2).free)

    print("ready %d" % os.getpid(), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        if words[0] != "set":
            print("err unknown command %s" % words[0], flush=True)
            continue
        target = int(words[1])
        error = None
        for _ in range(60):
            diff = free_now() - target
            if abs(diff) <= TOLERANCE:
                break
            if diff > 0:
                size = (diff - APPROACH if diff > 2 * APPROACH else diff) // STEP * STEP
                if size <= 0:
                    break
                try:
                    chunks.append(torch.empty(size, dtype=torch.uint8, device=device))
                except torch.cuda.OutOfMemoryError:
                    error = "out of memory taking %d bytes" % size
                    break
            else:
                released = 0
                while chunks and released < -diff:  # the newest (smallest) chunks first
                    released += chunks.pop().numel()
                torch.cuda.empty_cache()  # a no-op without the cache; kept in case it is on
                if released == 0:
                    error = "holds nothing, yet free memory is below the target"
                    break
        torch.cuda.synchronize(device)
        if error:
            print("err %s" % error.replace("\n", " "), flush=True)
        else:
            print("ok %d %d" % (sum(c.numel() for c in chunks), free_now()), flush=True)
    pynvml.nvmlShutdown()
