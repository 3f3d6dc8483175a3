"""Tests of the real-GPU check that need no GPU: the comparisons must fail when something is off,
gpufit must be found where the recipe puts it, and the GPU mode's orchestration must run end to
end on a simulated GPU (the fake NVML behind gpufit, a stand-in for nvidia-ml-py over the same
scenario, canned worker output in place of PyTorch).

  python3 -m unittest discover -s scripts/real-gpu -p 'test_*.py'
"""

import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile
import types
import unittest
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import check  # noqa: E402
import gpufit_cli  # noqa: E402
import holder as holders  # noqa: E402
import probe  # noqa: E402
import report  # noqa: E402

MIB = 1 << 20
with open(os.path.join(HERE, "recorded-h200.json")) as _f:
    RECORDED = json.load(_f)
FAKE_NVML = os.environ.get("GPUFIT_NVML_LIBRARY") or os.path.join(check.ROOT, "target", "native", "libnvidia-ml.so.1")


def gpufit_device(row):
    """The device node gpufit should print for a recorded nvidia-smi row."""
    nvml = probe.nvml_from_smi(row)
    v2 = nvml["v2"]
    return {"id": "nvidia:0", "vendor": "nvidia", "kind": "discrete", "name": row["name"], "uuid": row["uuid"],
            "pci_bus_id": row["pci.bus_id"], "compute_capability": row["compute_cap"],
            "driver_version": row["driver_version"], "total_bytes": v2["total"], "reserved_bytes": v2["reserved"],
            "free_bytes": v2["free"], "usable_bytes": v2["free"], "used_bytes": v2["used"]}


class ProbeComparisonTest(unittest.TestCase):
    def setUp(self):
        self.row = dict(RECORDED["nvidia_smi"])
        self.nvml = probe.nvml_from_smi(self.row)
        self.dev = gpufit_device(self.row)

    def statuses(self, dev, tolerance=0):
        return {r["field"]: r["status"] for r in probe.compare(dev, self.row, self.nvml, tolerance)}

    def test_recorded_figures_agree_and_the_rounding_of_free_is_explained(self):
        s = self.statuses(self.dev)
        self.assertEqual("equal", s["total"])
        self.assertEqual("equal", s["reserved"])
        self.assertEqual("equal", s["used"])
        self.assertEqual("explained", s["free"])  # nvidia-smi says 110796 MiB, the terms give 110795
        self.assertTrue(probe.passed(probe.compare(self.dev, self.row, self.nvml, 0)))

    def test_each_wrong_figure_fails(self):
        for field, delta in (("total_bytes", MIB), ("reserved_bytes", 4096), ("free_bytes", 3 * MIB),
                             ("used_bytes", 2 * MIB)):
            dev = dict(self.dev)
            dev[field] += delta
            rows = probe.compare(dev, self.row, self.nvml, 0)
            self.assertFalse(probe.passed(rows), field)

    def test_identity_mismatch_fails(self):
        for field, value in (("name", "NVIDIA H100"), ("uuid", "GPU-1"), ("pci_bus_id", "00000000:84:00.0"),
                             ("compute_capability", "8.0")):
            dev = dict(self.dev)
            dev[field] = value
            self.assertEqual("differs", self.statuses(dev)[field], field)

    def test_pci_ids_compare_without_case(self):
        dev = dict(self.dev)
        dev["pci_bus_id"] = dev["pci_bus_id"].lower()
        self.row["pci.bus_id"] = self.row["pci.bus_id"].upper()
        self.assertEqual("equal", self.statuses(dev)["pci_bus_id"])

    def test_free_read_apart_in_time_is_within_tolerance_only(self):
        dev = dict(self.dev)
        dev["free_bytes"] += 2 * MIB
        dev["used_bytes"] -= 2 * MIB
        self.assertEqual("explained", self.statuses(dev, tolerance=8 * MIB)["free"])
        self.assertEqual("differs", self.statuses(dev, tolerance=1 * MIB)["free"])

    def test_mig_enabled_needs_usable_zero(self):
        self.nvml["mig_mode"] = 1
        self.assertEqual("differs", self.statuses(self.dev)["mig_mode"])
        dev = dict(self.dev)
        dev["usable_bytes"] = 0
        self.assertEqual("equal", self.statuses(dev)["mig_mode"])

    def test_without_nvml_v2_reserved_must_be_null(self):
        del self.nvml["v2"]
        self.row["memory.reserved"] = ""
        dev = dict(self.dev)
        dev["reserved_bytes"] = None
        self.assertEqual("explained", self.statuses(dev)["reserved"])
        dev["reserved_bytes"] = 1
        self.assertEqual("differs", self.statuses(dev)["reserved"])

    def test_smi_fields_this_driver_lacks_are_left_out(self):
        calls = []

        def run(argv, **kw):
            calls.append(argv[1])
            if "memory.reserved" in argv[1]:
                return subprocess.CompletedProcess(argv, 2, "", 'Field "memory.reserved" is not a valid field to query.')
            return subprocess.CompletedProcess(argv, 0, "0, NVIDIA H200, GPU-1, 00000000:83:00.0, 143771, 0, 143157, "
                                                        "9.0, Disabled, 550.54.15\n", "")
        rows = probe.query_smi(run)
        self.assertEqual(2, len(calls))
        self.assertNotIn("memory.reserved", rows[0])
        self.assertEqual("143157", rows[0]["memory.free"])
        with self.assertRaises(RuntimeError):
            probe.query_smi(lambda argv, **kw: subprocess.CompletedProcess(argv, 9, "", "NVIDIA-SMI has failed"))

    def test_smi_csv(self):
        fields = ["index", "name", "memory.total"]
        self.assertEqual([{"index": "0", "name": "NVIDIA H200", "memory.total": "143771"}],
                         probe.parse_smi_csv("0, NVIDIA H200, 143771\n", fields))
        with self.assertRaises(ValueError):
            probe.parse_smi_csv("0, NVIDIA H200\n", fields)


class StubGpufit:
    """gpufit answering fit and estimate from a function of the holder's free memory."""

    def __init__(self, needed, holder, lie=None):
        self.needed = needed
        self.holder = holder
        self.lie = lie

    def json(self, args, env=None, timeout=None):
        if args[0] == "estimate":
            return 0, {"memory": {"device_bytes": self.needed}, "model": {"max_context": 40960}}, ""
        budget = self.holder.free
        fits = budget >= self.needed
        if self.lie == "verdict":
            fits = not fits
        rc = 0 if fits else 3
        if self.lie == "exit":
            rc = 0
        node = {"id": "nvidia:0", "budget_bytes": budget, "needed_bytes": self.needed, "fits": fits,
                "verdict": "fits" if fits else "does_not_fit"}
        return rc, {"devices": [node]}, ""


class StubHolder:
    def __init__(self):
        self.free = None
        self.pid = 4242

    def set_free(self, target):
        self.free = target
        return {"held_bytes": 1, "nvml_free_bytes": target}


class VerdictTest(unittest.TestCase):
    manifest = {"verdict": {"model": "qwen3-8b", "batch": 2, "context": 8192, "deltas_mib": [64, -64]}}

    def run_check(self, lie):
        h = StubHolder()
        return check.check_verdict(StubGpufit(10 * 1024 * MIB, h, lie), h, self.manifest, {}, None, True)

    def test_an_honest_flip_passes(self):
        result = self.run_check(None)
        self.assertEqual("pass", result["status"])
        self.assertEqual([0, 3, 0, 3], [r["exit"] for r in result["rows"]])

    def test_a_wrong_verdict_or_exit_fails(self):
        self.assertEqual("fail", self.run_check("verdict")["status"])
        self.assertEqual("fail", self.run_check("exit")["status"])


class AttributionTest(unittest.TestCase):
    def doc(self, processes):
        node = {"id": "nvidia:0"}
        if processes is not None:
            node["processes"] = processes
        return {"devices": [node]}

    def test_absent_field_is_not_available(self):
        self.assertEqual("not available", check.check_attribution(self.doc(None), 7, [])["status"])

    def test_the_holder_must_be_listed_with_nvml_figure(self):
        nvml = [{"pid": 7, "used_bytes": 100}]
        self.assertEqual("pass", check.check_attribution(
            self.doc([{"pid": 7, "name": "python3", "used_bytes": 100}]), 7, nvml)["status"])
        self.assertEqual("fail", check.check_attribution(
            self.doc([{"pid": 7, "name": "python3", "used_bytes": 99}]), 7, nvml)["status"])
        self.assertEqual("fail", check.check_attribution(self.doc([]), 7, nvml)["status"])
        self.assertEqual("reported", check.check_attribution(self.doc([]), 7, [])["status"])


class ProfileTest(unittest.TestCase):
    def cell(self, process):
        return {"type": "cell", "model": "m", "batch": 1, "context": 2048, "status": "ok", "weights_bytes": 10,
                "kv_cache_bytes": 2, "activations_bytes": 3, "overhead_bytes": 4, "max_reserved_bytes": 16,
                "process_peak_bytes": process}

    def estimate(self, total):
        return {"memory": {"weights_bytes": 10, "kv_cache_bytes": 2, "activations_bytes": 3, "overhead_bytes": 5,
                           "device_bytes": total}}

    def test_an_estimate_below_the_process_is_low_and_fails(self):
        low = check.summarise_profile([(self.cell(20), self.estimate(19), None)], [])
        self.assertEqual("fail", low["status"])
        self.assertTrue(low["cells"][0]["low"])
        ok = check.summarise_profile([(self.cell(20), self.estimate(20), None)], [])
        self.assertEqual("pass", ok["status"])
        self.assertEqual(1.0, ok["cells"][0]["terms"]["total"]["ratio"])

    def test_without_nvml_process_memory_torch_reserved_is_the_floor(self):
        row = check.compare_cell(self.cell(None), self.estimate(15))
        self.assertTrue(row["low"])
        self.assertIn("max_memory_reserved", row["terms"]["total"]["source"])

    def test_nothing_measured_is_incomplete_and_a_failed_estimate_fails(self):
        skipped = dict(self.cell(None), status="skipped", reason="time budget")
        self.assertEqual("incomplete", check.summarise_profile([(skipped, self.estimate(1), None)], [])["status"])
        self.assertEqual("fail", check.summarise_profile([(skipped, None, "exit 2")], [])["status"])


class LocateTest(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.root)

    def launcher(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write("#!/bin/sh\necho gpufit 9.9.9\n")
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
        return path

    def test_gpufit_variable_wins(self):
        exe = self.launcher(os.path.join(self.root, "x", "bin", "gpufit"))
        self.assertEqual([exe], gpufit_cli.locate(self.root, {"GPUFIT": exe})[0])
        self.assertEqual([exe], gpufit_cli.locate(self.root, {"GPUFIT": os.path.join(self.root, "x")})[0])
        with self.assertRaises(gpufit_cli.GpufitNotFound):
            gpufit_cli.locate(self.root, {"GPUFIT": os.path.join(self.root, "nothing")})

    def test_a_carried_tarball_is_unpacked(self):
        staging = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, staging)
        self.launcher(os.path.join(staging, "gpufit-9.9.9", "bin", "gpufit"))
        os.makedirs(os.path.join(self.root, ".real-gpu"))
        with tarfile.open(os.path.join(self.root, ".real-gpu", "gpufit-9.9.9-linux-x86_64.tar.gz"), "w:gz") as t:
            t.add(os.path.join(staging, "gpufit-9.9.9"), arcname="gpufit-9.9.9")
        argv, how = gpufit_cli.locate(self.root, {"PATH": ""})
        self.assertIn("release tarball", how)
        self.assertEqual("gpufit 9.9.9", subprocess.run(argv + ["--version"], capture_output=True,
                                                        text=True).stdout.strip())

    def test_an_unpacked_release_comes_before_a_tarball(self):
        exe = self.launcher(os.path.join(self.root, "target", "dist", "gpufit-9.9.9", "bin", "gpufit"))
        with open(os.path.join(self.root, "target", "dist", "gpufit-9.9.9-linux-x86_64.tar.gz"), "w") as f:
            f.write("not read")
        self.assertEqual([exe], gpufit_cli.locate(self.root, {"PATH": ""})[0])


class FakeCuda:
    """torch.cuda's memory counters over a simulated allocator: one number each."""

    class OutOfMemoryError(RuntimeError):
        pass

    def __init__(self, capacity, extra=0):
        self.capacity = capacity
        self.extra = extra  # what each allocation costs beyond its size (the driver's bookkeeping)
        self.allocated = 0
        self.peak = 0

    def take(self, n):
        if self.allocated + n > self.capacity:
            raise FakeCuda.OutOfMemoryError("CUDA out of memory. Tried to allocate %d bytes" % n)
        self.allocated += n
        self.peak = max(self.peak, self.allocated)

    def cost(self, n):
        return n + (self.extra if n else 0)

    def empty_cache(self):
        pass

    def reset_peak_memory_stats(self):
        self.peak = self.allocated

    def memory_allocated(self):
        return self.allocated

    def max_memory_allocated(self):
        return self.peak

    def memory_reserved(self):
        return self.allocated + MIB

    def max_memory_reserved(self):
        return self.peak + MIB

    def synchronize(self, *a):
        pass

    def get_device_name(self, i):
        return "Simulated H200"


def fake_torch_and_transformers(capacity, refuse_sdpa=(), extra=0):
    """Stand-ins for torch and transformers: a model of 1000 MiB whose generate keeps 2 bytes
    per token in the returned cache and takes 10 bytes per token transiently."""
    cuda = FakeCuda(capacity, extra)

    class Tensor:
        def __init__(self, nbytes, shape=(1,)):
            self.nbytes = 0  # __del__ runs even when taking the memory fails
            cuda.take(cuda.cost(nbytes))
            self.nbytes, self.shape, self.is_cuda = nbytes, shape, True

        def __del__(self):
            cuda.allocated -= cuda.cost(self.nbytes)

        def numel(self):
            return self.nbytes

        def untyped_storage(self):
            return types.SimpleNamespace(data_ptr=lambda: id(self), nbytes=lambda: self.nbytes)

    class Module:
        pass

    class Ctx:
        def __enter__(self):
            return self

        def __exit__(self, *a):
            return False

    torch = types.ModuleType("torch")
    torch.__version__ = "stub"
    torch.version = types.SimpleNamespace(cuda="stub")
    torch.cuda = cuda
    torch.Tensor = Tensor
    torch.nn = types.SimpleNamespace(Module=Module)
    torch.bfloat16 = "bf16"
    torch.uint8 = "u8"
    torch.empty = lambda n, dtype=None, device=None: Tensor(n)
    torch.device = lambda *a: Ctx()
    torch.inference_mode = lambda: Ctx()
    torch.randint = lambda lo, hi, shape, device=None: Tensor(0, shape)
    torch.ones_like = lambda t: Tensor(0, t.shape)

    class Model(Module):
        def __init__(self, name, attn):
            self.name = name
            self.weights = [Tensor(1000 * MIB)]
            self.config = types.SimpleNamespace(_attn_implementation=attn or "eager", vocab_size=100,
                                                get_text_config=lambda: types.SimpleNamespace(vocab_size=100))

        def parameters(self):
            return iter([types.SimpleNamespace(numel=lambda: 500 * MIB, device=types.SimpleNamespace(type="cuda"))])

        def eval(self):
            return self

        def generate(self, input_ids, max_new_tokens, **kw):
            batch, prompt = input_ids.shape
            tokens = batch * (prompt + max_new_tokens)
            transient = Tensor(10 * tokens)
            cache = types.SimpleNamespace(layers=[types.SimpleNamespace(keys=Tensor(2 * tokens))])
            del transient
            return types.SimpleNamespace(sequences=types.SimpleNamespace(shape=(batch, prompt + max_new_tokens)),
                                         past_key_values=cache)

    def from_config(cfg, dtype=None, attn_implementation=None):
        if attn_implementation == "sdpa" and cfg.name in refuse_sdpa:
            raise ValueError("this model does not support sdpa")
        return Model(cfg.name, attn_implementation)

    transformers = types.ModuleType("transformers")
    transformers.__version__ = "stub"
    transformers.AutoConfig = types.SimpleNamespace(
        from_pretrained=lambda d: types.SimpleNamespace(name=os.path.basename(d)))
    transformers.AutoModelForCausalLM = types.SimpleNamespace(from_config=from_config)
    return torch, transformers


class WorkerTest(unittest.TestCase):
    """worker.run's bookkeeping on stand-ins for torch and transformers: the terms it derives,
    the fallback from sdpa, out of memory, and the deadline."""

    def run_worker(self, plan, capacity, refuse_sdpa=()):
        import worker
        torch, transformers = fake_torch_and_transformers(capacity, refuse_sdpa)
        pynvml = types.ModuleType("pynvml")
        pynvml.nvmlInit = pynvml.nvmlShutdown = lambda: None
        pynvml.nvmlDeviceGetHandleByIndex = lambda i: i
        pynvml.nvmlDeviceGetComputeRunningProcesses = lambda h: [
            types.SimpleNamespace(pid=os.getpid(), usedGpuMemory=torch.cuda.memory_reserved() + 500 * MIB)]
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        with open(os.path.join(d, "plan.json"), "w") as f:
            json.dump(plan, f)
        with mock.patch.dict(sys.modules, {"torch": torch, "transformers": transformers, "pynvml": pynvml}):
            worker.run(os.path.join(d, "plan.json"), os.path.join(d, "out.jsonl"))
        with open(os.path.join(d, "out.jsonl")) as f:
            return [json.loads(line) for line in f]

    def test_terms_fallback_oom_and_deadline(self):
        plan = {"deadline": check.time.time() + 600, "new_tokens": 4, "models": [
            {"name": "a", "dir": "/x/a", "cells": [[1, 1024], [512, 1 << 20]]},
            {"name": "b", "dir": "/x/b", "cells": [[2, 2048]]}]}
        records = self.run_worker(plan, capacity=2000 * MIB, refuse_sdpa=("b",))
        by_type = [r["type"] for r in records]
        self.assertEqual(["env", "model", "cell", "cell", "model", "cell"], by_type)
        ok = records[2]
        self.assertEqual("ok", ok["status"], ok)
        self.assertEqual(1000 * MIB, ok["weights_bytes"])
        self.assertEqual(2 * 1024, ok["kv_cache_bytes"])
        self.assertEqual(2 * 1024, ok["kv_freed_bytes"])
        self.assertEqual(10 * 1024, ok["activations_bytes"])
        self.assertEqual(500 * MIB + MIB + ok["max_allocated_bytes"], ok["process_peak_bytes"])
        self.assertEqual(4, ok["generated_tokens"])
        self.assertEqual("oom", records[3]["status"])
        self.assertIn("eager (sdpa refused", records[4]["attn_implementation"])
        self.assertEqual("ok", records[5]["status"])
        self.assertEqual(1000 * MIB, records[5]["weights_bytes"])  # the refused build left nothing behind

    def test_past_the_deadline_cells_are_skipped(self):
        plan = {"deadline": check.time.time() + 5, "models": [{"name": "a", "dir": "/x/a", "cells": [[1, 1024]]}]}
        records = self.run_worker(plan, capacity=2000 * MIB)
        self.assertEqual("skipped", records[-1]["status"])


class HolderServeTest(unittest.TestCase):
    """The holder's approach to a target free figure, on a simulated allocator whose every
    allocation costs 1 MiB more than its size: it must land within the tolerance, going down
    and back up, and answer what NVML says."""

    def test_lands_within_tolerance(self):
        capacity = 100 * 1024 * MIB
        torch, _ = fake_torch_and_transformers(capacity, extra=MIB)
        pynvml = types.ModuleType("pynvml")
        pynvml.nvmlMemory_v2 = 2
        pynvml.nvmlInit = pynvml.nvmlShutdown = lambda: None
        pynvml.nvmlDeviceGetHandleByIndex = lambda i: i
        pynvml.nvmlDeviceGetMemoryInfo = lambda h, version=None: types.SimpleNamespace(
            free=capacity - torch.cuda.allocated)
        targets = [30 * 1024 * MIB, 30 * 1024 * MIB + 64 * MIB, 12345 * MIB + 12345, 80 * 1024 * MIB]
        stdin = io.StringIO("".join("set %d\n" % t for t in targets) + "quit\n")
        stdout = io.StringIO()
        with mock.patch.dict(sys.modules, {"torch": torch, "pynvml": pynvml}), \
                mock.patch.object(sys, "stdin", stdin), mock.patch.object(sys, "stdout", stdout):
            holders.serve(0)
        lines = stdout.getvalue().splitlines()
        self.assertTrue(lines[0].startswith("ready "))
        for target, line in zip(targets, lines[1:]):
            word, held, free = line.split()
            self.assertEqual("ok", word, line)
            self.assertLessEqual(abs(int(free) - target), holders.TOLERANCE, line)


class FakePynvml(types.ModuleType):
    """nvidia-ml-py's calls that the check makes, answered from the fake NVML scenario file that
    gpufit reads too, and the one process (the holder) said to hold its used memory."""

    nvmlMemory_v2 = 0x02000028

    def __init__(self, scenario, row, holder_pid):
        super().__init__("pynvml")
        self.scenario = scenario
        self.row = row
        self.holder_pid = holder_pid

    def _figures(self):
        with open(self.scenario) as f:
            line = f.read()
        return {k: int(line.split(k + "=")[1].split()[0]) for k in ("total", "reserved", "used")}

    def nvmlInit(self):
        pass

    def nvmlShutdown(self):
        pass

    def nvmlDeviceGetHandleByIndex(self, index):
        return index

    def nvmlDeviceGetMemoryInfo(self, handle, version=None):
        f = self._figures()
        free = f["total"] - f["reserved"] - f["used"]
        if version == self.nvmlMemory_v2:
            return types.SimpleNamespace(total=f["total"], reserved=f["reserved"], used=f["used"], free=free)
        return types.SimpleNamespace(total=f["total"], used=f["total"] - free, free=free)

    def nvmlDeviceGetComputeRunningProcesses(self, handle):
        return [types.SimpleNamespace(pid=self.holder_pid, usedGpuMemory=self._figures()["used"])]

    def nvmlDeviceGetName(self, h):
        return self.row["name"]

    def nvmlDeviceGetUUID(self, h):
        return self.row["uuid"]

    def nvmlDeviceGetPciInfo(self, h):
        return types.SimpleNamespace(busId=self.row["pci.bus_id"].encode())

    def nvmlDeviceGetCudaComputeCapability(self, h):
        return tuple(int(x) for x in self.row["compute_cap"].split("."))

    def nvmlDeviceGetMigMode(self, h):
        return [0, 0]

    def nvmlSystemGetDriverVersion(self):
        return "550.54.15"  # what the fake NVML says


@unittest.skipUnless(os.path.exists(FAKE_NVML) and (shutil.which("java") or os.environ.get("GPUFIT")),
                     "needs the fake NVML (mvn test builds it) and a gpufit")
class SimulatedGpuTest(unittest.TestCase):
    """gpu_mode end to end with gpufit on the fake NVML: the holder rewrites the scenario, the
    'worker' returns measurements derived from gpufit's own estimate."""

    def test_gpu_mode_runs_and_judges(self):
        out = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, out)
        scenario = os.path.join(out, "fake.conf")
        row = dict(RECORDED["nvidia_smi"], driver_version="550.54.15")
        total, reserved = int(row["memory.total"]) * MIB, int(row["memory.reserved"]) * MIB
        fields = 'name="%s" uuid=%s pci=%s cc=%s' % (row["name"], row["uuid"], row["pci.bus_id"], row["compute_cap"])
        fake_holder = holders.FakeHolder(scenario, fields, total, reserved)
        fake_holder.pid = 4242
        fake_holder.set_free(total - reserved)
        env = dict(os.environ, GPUFIT_NVML_LIBRARY=FAKE_NVML, FAKE_NVML_CONFIG=scenario)
        env.pop("CUDA_VISIBLE_DEVICES", None)
        argv, how = gpufit_cli.locate(check.ROOT, env)
        gpufit = gpufit_cli.Gpufit(argv, env)
        with open(os.path.join(HERE, "manifest.json")) as f:
            manifest = json.load(f)
        manifest["models"] = manifest["models"][:1]

        def fake_worker(python, plan, out_path, timeout, log_path=None):
            records = [{"type": "env", "torch": "stub", "transformers": "stub", "cuda": "stub"}]
            for m in plan["models"]:
                records.append({"type": "model", "model": m["name"], "attn_implementation": "sdpa"})
                for b, c in m["cells"]:
                    mem = check.estimate(gpufit, m["name"], b, c, env=env)["memory"]
                    if c > 26000:  # the 'over' run of the boundary test
                        records.append({"type": "cell", "model": m["name"], "batch": b, "context": c,
                                        "status": "oom", "reason": "CUDA out of memory"})
                        continue
                    records.append({"type": "cell", "model": m["name"], "batch": b, "context": c, "status": "ok",
                                    "weights_bytes": mem["weights_bytes"], "kv_cache_bytes": mem["kv_cache_bytes"],
                                    "activations_bytes": mem["activations_bytes"] // 2,
                                    "overhead_bytes": 600 * MIB, "max_reserved_bytes": mem["device_bytes"] // 2,
                                    "process_peak_bytes": mem["device_bytes"] - MIB})
            return 0, records, ""

        args = types.SimpleNamespace(outdir=out)
        results = {"host": {}, "checks": {}, "findings": [], "manifest": manifest}
        fake = FakePynvml(scenario, row, fake_holder.pid)
        with mock.patch.dict(sys.modules, {"pynvml": fake}), \
                mock.patch.object(check.holders, "TorchHolder", lambda *a: fake_holder), \
                mock.patch.object(check, "run_worker", fake_worker), \
                mock.patch.object(check.probe, "query_smi", lambda: [dict(row, **self.smi_memory(fake))]), \
                mock.patch.object(check.probe, "smi_report", lambda: "(nvidia-smi -q stand-in)\n"):
            check.gpu_mode(args, gpufit, results, check.time.time() + 600)
        checks = results["checks"]
        self.assertEqual("pass", checks["probe"]["status"], checks["probe"])
        self.assertEqual("pass", checks["verdict"]["status"], checks["verdict"])
        self.assertEqual("pass", checks["boundary"]["status"], checks["boundary"])
        self.assertEqual("oom", checks["boundary"]["runs"][1]["status"])
        self.assertEqual("pass", checks["profile"]["status"], checks["profile"])
        self.assertEqual(4, len(checks["profile"]["cells"]))
        self.assertEqual("pass", checks["attribution"]["status"], checks["attribution"])
        text = report.markdown(dict(results, mode="gpu", status="pass", started="now", seconds=1, gpufit={}))
        self.assertIn("3b. transformers profile", text)

    @staticmethod
    def smi_memory(fake):
        m = fake.nvmlDeviceGetMemoryInfo(0, version=fake.nvmlMemory_v2)
        return {"memory.total": str(m.total // MIB), "memory.reserved": str(m.reserved // MIB),
                "memory.used": str(m.used // MIB), "memory.free": str(m.free // MIB)}


if __name__ == "__main__":
    unittest.main()
