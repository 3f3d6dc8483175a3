"""gpufit on a real NVIDIA GPU: the probe, the verdict at the boundary, the transformers profile
and process attribution, in one call. docs/real-gpu.md says how to run it and how to read it.

  check.py [--gpu | --cpu] [--budget-s N] OUTDIR

--gpu needs nvidia-smi, nvidia-ml-py, PyTorch and transformers (no JDK: gpufit comes from the
release tarball). --cpu needs only this file's standard library, a gpufit and the fake NVML
built by Maven (target/native/libnvidia-ml.so.1): it serves recorded H200 figures and checks
gpufit's side of every check. Writes OUTDIR/results.json and OUTDIR/results.md; exit 0 when
every check passed, 1 when one failed, 2 when the check itself could not run.
"""

import argparse
import concurrent.futures
import datetime
import json
import math
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import gpufit_cli  # noqa: E402
import holder as holders  # noqa: E402
import probe  # noqa: E402
import report  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
MIB = 1 << 20
GIB = 1 << 30
# Time kept back at the end of a GPU run for gpufit's estimates and the report.
RESERVE_S = 45
# A GPU probe read at another moment than NVML's may see other readers' memory move.
GPU_TOLERANCE = 8 * MIB


def transformers_args(config_path, batch, context, attn=None):
    args = [config_path, "--engine", "transformers", "--engine-opt", "logits=last", "--dtype", "bf16",
            "--batch", str(batch), "--context", str(context)]
    if attn:
        args += ["--engine-opt", "attn-implementation=" + attn]
    return args


def config_path(name):
    return os.path.join(HERE, "configs", name, "config.json")


# gpufit refuses a config whose memory-changing fields it does not model (exit 2 naming them);
# the profile still measures such a model (the hybrid), compared with the approximate estimate.
UNMODELLED = "fields that change memory are not modelled"


def estimate(gpufit, name, batch, context, attn=None, env=None):
    args = ["estimate"] + transformers_args(config_path(name), batch, context, attn)
    rc, doc, err = gpufit.json(args, env=env)
    if rc == 2 and UNMODELLED in err:
        rc, doc, err = gpufit.json(args + ["--accept-generic"], env=env)
    if rc != 0 or doc is None:
        raise RuntimeError("gpufit estimate %s b=%d ctx=%d: exit %d: %s" % (name, batch, context, rc, err.strip()[:300]))
    return doc


def device_node(doc, device_id="nvidia:0"):
    for d in (doc or {}).get("devices", []):
        if d.get("id") == device_id:
            return d
    return None


# ---------------------------------------------------------------- check 2: the verdict flip


def check_verdict(gpufit, holder, manifest, env, nvml_free, exact):
    """Leave needed +/- delta free and ask gpufit fit: it must flip where free memory says.

    nvml_free: a function giving NVML's free bytes now (None in the CPU mode, where the fake's
    figure is the target itself). exact: also test needed and needed - 1 byte (the fake NVML
    can leave an exact amount free; a real GPU only to within holder.TOLERANCE)."""
    v = manifest["verdict"]
    needed = estimate(gpufit, v["model"], v["batch"], v["context"], env=env)["memory"]["device_bytes"]
    deltas = [d * MIB for d in v["deltas_mib"]] + ([0, -1] if exact else [])
    rows = []
    ok = True
    for delta in deltas:
        held = holder.set_free(needed + delta)
        rc, doc, err = gpufit.json(["fit"] + transformers_args(config_path(v["model"]), v["batch"], v["context"])
                                   + ["--device", "0"], env=env)
        free_after = nvml_free() if nvml_free else held["nvml_free_bytes"]
        node = device_node(doc)
        expect_fit = delta >= 0
        row = {"delta_bytes": delta, "target_free_bytes": needed + delta, "nvml_free_bytes": held["nvml_free_bytes"],
               "nvml_free_after_bytes": free_after, "held_bytes": held["held_bytes"], "exit": rc,
               "verdict": node and node.get("verdict"), "budget_bytes": node and node.get("budget_bytes"),
               "needed_bytes": node and node.get("needed_bytes"), "expected": "fits" if expect_fit else "does_not_fit"}
        problems = []
        if node is None:
            problems.append("no nvidia:0 node in gpufit fit's JSON (exit %d: %s)" % (rc, err.strip()[:200]))
        else:
            if node.get("needed_bytes") != needed:
                problems.append("fit needs %s, estimate said %d" % (node.get("needed_bytes"), needed))
            budget = node.get("budget_bytes")
            if abs(budget - row["nvml_free_bytes"]) > (GPU_TOLERANCE if nvml_free else 0):
                problems.append("gpufit's budget is %+d bytes off NVML's free" % (budget - row["nvml_free_bytes"]))
            if bool(node.get("fits")) != (budget >= needed):
                problems.append("verdict disagrees with gpufit's own budget and need")
        if rc != (0 if expect_fit else 3):
            problems.append("exit %d, expected %d" % (rc, 0 if expect_fit else 3))
        row["problems"] = problems
        ok = ok and not problems
        rows.append(row)
    return {"status": "pass" if ok else "fail", "model": v["model"], "batch": v["batch"], "context": v["context"],
            "needed_bytes": needed, "rows": rows}


# ---------------------------------------------------------------- check 4: process attribution


def check_attribution(devices_doc, holder_pid, nvml_processes):
    """The holder's PID and memory in gpufit devices' per-process list, when this build has one."""
    node = device_node(devices_doc)
    if node is None or "processes" not in node:
        return {"status": "not available", "note": "not available in this build: gpufit devices --format json has "
                                                   "no per-device 'processes' array"}
    procs = node.get("processes") or []
    result = {"processes": procs, "holder_pid": holder_pid, "nvml_processes": nvml_processes}
    if holder_pid is None:
        result.update(status="reported", note="no holder process in this mode: the list is reported as served")
        return result
    mine = [p for p in procs if p.get("pid") == holder_pid]
    truth = [p for p in (nvml_processes or []) if p.get("pid") == holder_pid]
    if not truth:
        result.update(status="reported", note="NVML itself does not list the holder's pid %d (another PID "
                                              "namespace?): gpufit's list is reported, not checked" % holder_pid)
    elif not mine:
        result.update(status="fail", note="the holder (pid %d) is not in gpufit's list" % holder_pid)
    elif truth and mine[0].get("used_bytes") != truth[0].get("used_bytes"):
        result.update(status="fail", note="gpufit says pid %d uses %s bytes, NVML %s" % (
            holder_pid, mine[0].get("used_bytes"), truth[0].get("used_bytes")))
    else:
        result.update(status="pass", note="pid %d listed with %s bytes" % (holder_pid, mine[0].get("used_bytes")))
    return result


# ---------------------------------------------------------------- check 3: boundary and profile


def boundary_plan(gpufit, holder, manifest, env):
    """Leave what gpufit says the target context needs, then ask gpufit plan for the largest
    context at this batch on that free memory."""
    b = manifest["boundary"]
    doc = estimate(gpufit, b["model"], b["batch"], b["target_context"], env=env)
    needed = doc["memory"]["device_bytes"]
    max_context = doc["model"].get("max_context")
    held = holder.set_free(needed)
    rc, doc, err = gpufit.json(["plan"] + transformers_args(config_path(b["model"]), b["batch"], b["target_context"])
                               + ["--device", "0"], env=env)
    if doc is None or not doc.get("largest_context"):
        raise RuntimeError("gpufit plan gave no largest context (exit %d): %s" % (rc, err.strip()[:300]))
    largest = int(doc["largest_context"])
    over = int(math.ceil(largest * b["over"]))
    budget = doc["device"]["budget_bytes"]
    return {"model": b["model"], "batch": b["batch"], "held": held, "budget_bytes": budget,
            "largest_context": largest, "over_context": over,
            "needed_at_largest": estimate(gpufit, b["model"], b["batch"], largest, env=env)["memory"]["device_bytes"],
            "needed_over": estimate(gpufit, b["model"], b["batch"], over, env=env)["memory"]["device_bytes"],
            "needed_one_more": estimate(gpufit, b["model"], b["batch"], largest + 1, env=env)["memory"]["device_bytes"],
            "max_context": max_context}


def boundary_arithmetic(plan):
    """gpufit's side of the boundary: the largest context fits, one token more does not (unless
    the model's maximum stops it first), and 15 % more does not."""
    problems = []
    if plan["needed_at_largest"] > plan["budget_bytes"]:
        problems.append("the largest context needs more than the budget")
    if plan["largest_context"] < (plan["max_context"] or 0) and plan["needed_one_more"] <= plan["budget_bytes"]:
        problems.append("one token more still fits: not the largest context")
    if plan["needed_over"] <= plan["budget_bytes"]:
        problems.append("15 % more context fits by gpufit's own arithmetic")
    return problems


def run_worker(python, plan, out_path, timeout, log_path=None):
    """Run `check.py _profile` on `plan`; its JSON lines, also those of a run cut off by timeout."""
    plan_path = os.path.join(tempfile.mkdtemp(prefix="gpufit-worker-"), "plan.json")
    with open(plan_path, "w") as f:
        json.dump(plan, f)
    if log_path is None:
        log_path = plan_path + ".log"
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    env.setdefault("TOKENIZERS_PARALLELISM", "false")
    env.setdefault("HF_HUB_OFFLINE", "1")
    with open(log_path, "w") as log:
        try:
            rc = subprocess.run([python, os.path.join(HERE, "check.py"), "_profile", plan_path, out_path],
                                stdout=log, stderr=subprocess.STDOUT, timeout=max(timeout, 1), env=env).returncode
        except subprocess.TimeoutExpired:
            rc = 124
    with open(log_path) as f:
        tail = f.read()[-2000:]
    if rc == 124:
        tail = "timed out after %ds; %s" % (timeout, tail)
    records = []
    if os.path.exists(out_path):
        with open(out_path) as f:
            for line in f:
                if line.strip():
                    records.append(json.loads(line))
    return rc, records, tail


def compare_cell(cell, doc):
    """gpufit's terms beside the measured ones; 'low' when gpufit's total is below the process's."""
    mem = doc["memory"]
    terms = {}
    for term, key in (("weights", "weights_bytes"), ("kv_cache", "kv_cache_bytes"),
                      ("activations", "activations_bytes"), ("overhead", "overhead_bytes")):
        terms[term] = {"gpufit": mem.get(key), "measured": cell.get(key)}
    measured_total = cell.get("process_peak_bytes")
    source = "NVML process memory, at torch's reserved peak"
    if measured_total is None:
        measured_total = cell.get("max_reserved_bytes")
        source = "torch max_memory_reserved (NVML did not list the process: no CUDA context counted)"
    terms["total"] = {"gpufit": mem.get("device_bytes"), "measured": measured_total, "source": source}
    for t in terms.values():
        t["ratio"] = (round(t["gpufit"] / t["measured"], 3)
                      if t["gpufit"] is not None and t["measured"] else None)
    return {"terms": terms, "low": measured_total is not None and mem.get("device_bytes") < measured_total}


def profile_estimates(gpufit, records, env, threads):
    """gpufit estimate for every measured cell, with the attention implementation the model got."""
    attn = {}
    for r in records:
        if r.get("type") == "model":
            attn[r["model"]] = "eager" if str(r.get("attn_implementation", "")).startswith("eager") else None
    cells = [r for r in records if r.get("type") == "cell"]

    def one(cell):
        try:
            doc = estimate(gpufit, cell["model"], cell["batch"], cell["context"], attn.get(cell["model"]), env=env)
            return cell, doc, None
        except Exception as e:
            return cell, None, str(e)

    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        return list(pool.map(one, cells))


def summarise_profile(pairs, records):
    rows, problems = [], []
    measured_models = set()
    for cell, doc, error in pairs:
        row = {k: cell.get(k) for k in ("model", "batch", "context", "status", "reason", "seconds")}
        if error:
            row["status"] = "estimate failed"
            row["reason"] = error
            problems.append(error)
        elif cell.get("status") == "ok":
            measured_models.add(cell["model"])
            row.update(compare_cell(cell, doc))
            if row["low"]:
                problems.append("%s b=%d ctx=%d: gpufit %d < measured %d" % (
                    cell["model"], cell["batch"], cell["context"], row["terms"]["total"]["gpufit"],
                    row["terms"]["total"]["measured"]))
        elif doc is not None:
            row["gpufit_total_bytes"] = doc["memory"]["device_bytes"]
        rows.append(row)
    model_rows = [r for r in records if r.get("type") == "model"]
    status = "fail" if problems else ("pass" if measured_models else "incomplete")
    return {"status": status, "models_measured": sorted(measured_models), "models": model_rows, "cells": rows,
            "problems": problems}


# ---------------------------------------------------------------- the two modes


def gpu_mode(args, gpufit, results, deadline):
    import pynvml

    python = sys.executable
    pynvml.nvmlInit()
    handle0 = pynvml.nvmlDeviceGetHandleByIndex(0)
    smi_q = probe.smi_report()
    with open(os.path.join(args.outdir, "nvidia-smi-q.txt"), "w") as f:
        f.write(smi_q)
    env = gpufit.env

    def nvml_free():
        return int(pynvml.nvmlDeviceGetMemoryInfo(handle0, version=pynvml.nvmlMemory_v2).free)

    def nvml_processes():
        out = []
        for p in pynvml.nvmlDeviceGetComputeRunningProcesses(handle0):
            out.append({"pid": int(p.pid), "used_bytes": None if p.usedGpuMemory is None else int(p.usedGpuMemory)})
        return out

    # 1. probe
    smi_rows = probe.query_smi()
    rc, devices_doc, err = gpufit.json(["devices"], env=env)
    library = probe.loaded_nvml_path()
    if not probe.nvidia_devices(devices_doc) and library and not env.get("GPUFIT_NVML_LIBRARY"):
        # gpufit did not find the driver's NVML where nvidia-ml-py did: a finding, then carry on
        # with the library named, so that the other checks still run.
        results["findings"].append("gpufit found no NVIDIA GPU until GPUFIT_NVML_LIBRARY=%s was set (%s)" % (
            library, err.strip()[:200]))
        env["GPUFIT_NVML_LIBRARY"] = library
        rc, devices_doc, err = gpufit.json(["devices"], env=env)
    with open(os.path.join(args.outdir, "devices.json"), "w") as f:
        json.dump(devices_doc, f, indent=2)
    gpus = probe.nvidia_devices(devices_doc)
    probe_result = {"exit": rc, "gpus": []}
    ok = rc == 0 and len(gpus) == len(smi_rows) and len(gpus) > 0
    for i, row in enumerate(smi_rows):
        dev = gpus[i] if i < len(gpus) else {}
        nvml = probe.read_nvml(pynvml, i)
        rows = probe.compare(dev, row, nvml, GPU_TOLERANCE)
        ok = ok and probe.passed(rows)
        probe_result["gpus"].append({"index": i, "rows": rows, "nvml_errors": nvml["errors"]})
    probe_result["status"] = "pass" if ok else "fail"
    if len(gpus) != len(smi_rows):
        probe_result["note"] = "gpufit lists %d NVIDIA GPUs, nvidia-smi %d (%s)" % (len(gpus), len(smi_rows),
                                                                                 err.strip()[:200])
    results["checks"]["probe"] = probe_result
    results["host"]["gpus"] = [r.get("name") for r in smi_rows]
    results["host"]["driver_version"] = smi_rows[0].get("driver_version") if smi_rows else None

    # 2, 4 and the boundary of 3 share one holder process.
    manifest = results["manifest"]
    holder = None
    try:
        holder = holders.TorchHolder(python, os.path.join(HERE, "check.py"), 0)
        results["checks"]["verdict"] = guarded(lambda: check_verdict(gpufit, holder, manifest, env, nvml_free, False))
        rc, held_doc, err = gpufit.json(["devices"], env=env)
        results["checks"]["attribution"] = check_attribution(held_doc, holder.pid, nvml_processes())
        plan = boundary_plan(gpufit, holder, manifest, env)
        boundary = {"plan": plan, "problems": boundary_arithmetic(plan), "runs": []}
        for label, context in (("largest", plan["largest_context"]), ("over", plan["over_context"])):
            remaining = deadline - time.time() - RESERVE_S - 120
            if remaining < 30:
                boundary["runs"].append({"label": label, "context": context, "status": "skipped",
                                         "reason": "time budget"})
                continue
            work = {"deadline": time.time() + min(remaining, 150), "index": 0,
                    "models": [{"name": plan["model"], "dir": os.path.dirname(config_path(plan["model"])),
                                "cells": [[plan["batch"], context]], "min_seconds": 5}]}
            out_path = os.path.join(tempfile.mkdtemp(prefix="gpufit-boundary-"), "cells.jsonl")
            rc, records, tail = run_worker(python, work, out_path, int(min(remaining, 150)) + 30)
            cells = [r for r in records if r.get("type") == "cell"]
            run = cells[0] if cells else {"status": "error", "reason": "worker exit %d: %s" % (rc, tail[-500:])}
            run["label"] = label
            boundary["runs"].append(run)
        largest = boundary["runs"][0]
        over = boundary["runs"][1]
        if largest.get("status") != "ok":
            boundary["problems"].append("the largest context gpufit says fits did not run: %s" % largest.get(
                "reason", largest.get("status")))
        boundary["over_outcome"] = {"oom": "out of memory, as gpufit predicts",
                                    "ok": "ran anyway: gpufit's estimate at this size is above what it took"}.get(
            over.get("status"), over.get("status"))
        boundary["status"] = "fail" if boundary["problems"] else "pass"
        results["checks"]["boundary"] = boundary
    except Exception as e:
        results["checks"].setdefault("verdict", {"status": "error", "error": repr(e)})
        results["checks"].setdefault("boundary", {"status": "error", "error": repr(e)})
    finally:
        if holder:
            holder.close()
    results["checks"].setdefault("attribution", {"status": "error", "error": "holder did not start"})

    # 3. the profile grid, with what time is left
    work = {"deadline": deadline - RESERVE_S, "index": 0, "new_tokens": 4,
            "models": [{"name": m["name"], "dir": os.path.dirname(config_path(m["name"])),
                        "cells": [[b, c] for b in m["batches"] for c in m["contexts"]]} for m in manifest["models"]]}
    out_path = os.path.join(args.outdir, "profile.jsonl")
    rc, records, tail = run_worker(python, work, out_path, int(deadline - RESERVE_S - time.time()) + 20,
                                   os.path.join(args.outdir, "profile-worker.log"))
    for r in records:
        if r.get("type") == "env":
            results["host"].update({k: r[k] for k in ("torch", "transformers", "cuda")})
    pairs = profile_estimates(gpufit, records, env, threads=8)
    profile = summarise_profile(pairs, records)
    if profile["status"] == "incomplete":
        profile["status"] = "error"  # a GPU run that measured nothing did not check anything
    profile["worker_exit"] = rc
    if rc != 0:
        profile["worker_stderr_tail"] = tail
    results["checks"]["profile"] = profile
    pynvml.nvmlShutdown()


def cpu_mode(args, gpufit, results):
    with open(os.path.join(HERE, "recorded-h200.json")) as f:
        recorded = json.load(f)
    row = recorded["nvidia_smi"]
    lib = os.environ.get("GPUFIT_NVML_LIBRARY") or os.path.join(ROOT, "target", "native", "libnvidia-ml.so.1")
    if not os.path.exists(lib):
        raise EnvironmentError("the fake NVML %s is missing: build it with mvn test (or native/fake-nvml/build.sh "
                               "target/native)" % lib)
    scenario = os.path.join(tempfile.mkdtemp(prefix="gpufit-real-gpu-"), "fake-nvml.conf")
    env = dict(os.environ)
    env.update({"GPUFIT_NVML_LIBRARY": lib, "FAKE_NVML_CONFIG": scenario})
    env.pop("CUDA_VISIBLE_DEVICES", None)
    total, reserved = int(row["memory.total"]) * MIB, int(row["memory.reserved"]) * MIB
    fields = 'name="%s" uuid=%s pci=%s cc=%s' % (row["name"], row["uuid"], row["pci.bus_id"], row["compute_cap"])
    holder = holders.FakeHolder(scenario, fields, total, reserved)
    results["host"].update({"gpus": [row["name"] + " (recorded, served by the fake NVML)"],
                            "driver_version": recorded["driver_version"] + " (recorded)",
                            "recorded_from": recorded["source"]})

    # 1. probe: the recorded load figures, read back through gpufit
    holder.set_free(total - reserved - int(row["memory.used"]) * MIB)
    rc, devices_doc, err = gpufit.json(["devices"], env=env)
    gpus = probe.nvidia_devices(devices_doc)
    rows = probe.compare(gpus[0] if gpus else {}, row, probe.nvml_from_smi(row), 0)
    # The fake NVML reports its own driver version, not the recorded one.
    rows = [r for r in rows if r["field"] != "driver_version"]
    ok = rc == 0 and len(gpus) == 1 and probe.passed(rows)
    results["checks"]["probe"] = {"status": "pass" if ok else "fail", "exit": rc,
                                  "gpus": [{"index": 0, "rows": rows, "nvml_errors": {}}],
                                  "note": "NVML v1/v2 figures derived from the recorded nvidia-smi MiB"}

    manifest = results["manifest"]
    # 2. the verdict flips where the free memory says, to the byte
    results["checks"]["verdict"] = guarded(lambda: check_verdict(gpufit, holder, manifest, env, None, True))

    # 3. the boundary by gpufit's arithmetic (no model runs here), and an estimate per config
    def boundary():
        plan = boundary_plan(gpufit, holder, manifest, env)
        problems = boundary_arithmetic(plan)
        return {"status": "fail" if problems else "pass", "plan": plan, "problems": problems,
                "runs": [{"label": "largest", "context": plan["largest_context"], "status": "not run (CPU mode)"},
                         {"label": "over", "context": plan["over_context"], "status": "not run (CPU mode)"}]}

    results["checks"]["boundary"] = guarded(boundary)

    cells = []
    for m in manifest["models"]:
        cells.append({"type": "cell", "model": m["name"], "batch": max(m["batches"]), "context": max(m["contexts"]),
                      "status": "not run (CPU mode)"})
    pairs = profile_estimates(gpufit, cells, env, threads=4)
    problems = []
    rows = []
    for cell, doc, error in pairs:
        out = {k: cell[k] for k in ("model", "batch", "context", "status")}
        if error:
            problems.append(error)
            out["status"] = "estimate failed"
            out["reason"] = error
        else:
            mem = doc["memory"]
            terms = [mem["weights_bytes"], mem["kv_cache_bytes"], mem["activations_bytes"], mem["overhead_bytes"]]
            out["gpufit_total_bytes"] = mem["device_bytes"]
            out["terms"] = {t: {"gpufit": v, "measured": None, "ratio": None} for t, v in
                            zip(("weights", "kv_cache", "activations", "overhead"), terms)}
            if min(terms) <= 0 or sum(terms) != mem["total_bytes"]:
                problems.append("%s: terms %s do not add up to %d" % (cell["model"], terms, mem["total_bytes"]))
        rows.append(out)
    results["checks"]["profile"] = {"status": "fail" if problems else "pass", "cells": rows, "problems": problems,
                                    "models": [], "models_measured": [],
                                    "note": "CPU mode: gpufit's estimates only; nothing is measured"}

    # 4. process attribution: whatever this build's devices JSON says
    holder.set_free(total - reserved - int(row["memory.used"]) * MIB)
    rc, devices_doc, err = gpufit.json(["devices"], env=env)
    results["checks"]["attribution"] = check_attribution(devices_doc, None, None)


def guarded(fn):
    try:
        return fn()
    except Exception as e:
        return {"status": "error", "error": "%s: %s" % (type(e).__name__, e)}


def main(argv):
    if argv and argv[0] == "_hold":
        holders.serve(int(argv[1]))
        return 0
    if argv and argv[0] == "_profile":
        import worker
        worker.run(argv[1], argv[2])
        return 0
    parser = argparse.ArgumentParser(prog="scripts/real-gpu/check", description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--gpu", action="store_const", dest="mode", const="gpu")
    mode.add_argument("--cpu", action="store_const", dest="mode", const="cpu")
    parser.add_argument("--budget-s", type=int, default=300,
                        help="wall-clock budget of a GPU run in seconds (default 300, so that a second try fits "
                             "in the same lease; at most 450 for one 8-minute call)")
    parser.add_argument("outdir")
    args = parser.parse_args(argv)
    started = time.time()
    deadline = started + args.budget_s
    if args.mode is None:
        args.mode = "gpu" if _has_gpu() else "cpu"
    os.makedirs(args.outdir, exist_ok=True)
    with open(os.path.join(HERE, "manifest.json")) as f:
        manifest = json.load(f)
    results = {"schema": "gpufit/real-gpu-check/v1", "mode": args.mode,
               "started": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
               "host": {}, "gpufit": {}, "checks": {}, "findings": [], "manifest": manifest}
    code = 0
    try:
        argv0, how = gpufit_cli.locate(ROOT, os.environ)
        gpufit = gpufit_cli.Gpufit(argv0, os.environ)
        results["gpufit"] = {"found": how, "version": gpufit.version()}
        if args.mode == "gpu":
            gpu_mode(args, gpufit, results, deadline)
        else:
            cpu_mode(args, gpufit, results)
        statuses = [c.get("status") for c in results["checks"].values()]
        code = 1 if any(s in ("fail", "error") for s in statuses) else 0
    except (gpufit_cli.GpufitNotFound, EnvironmentError, ImportError) as e:
        results["error"] = "%s: %s" % (type(e).__name__, e)
        code = 2
    results["seconds"] = round(time.time() - started, 1)
    results["status"] = {0: "pass", 1: "fail", 2: "error"}[code]
    with open(os.path.join(args.outdir, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
    with open(os.path.join(args.outdir, "results.md"), "w") as f:
        f.write(report.markdown(results))
    print(report.summary(results))
    return code


def _has_gpu():
    try:
        return subprocess.run(["nvidia-smi", "-L"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
