"""Check 1: gpufit's probe against nvidia-smi and NVML's own Python binding.

Readers return plain dicts so that the CPU mode can feed recorded figures through the same
comparison as a real run.
"""

import subprocess

MIB = 1 << 20

SMI_FIELDS = ["index", "name", "uuid", "pci.bus_id", "memory.total", "memory.reserved", "memory.used",
              "memory.free", "compute_cap", "mig.mode.current", "driver_version"]


def parse_smi_csv(text, fields):
    """nvidia-smi --format=csv,noheader,nounits: one dict per GPU."""
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split(", ")]
        if len(cells) != len(fields):
            raise ValueError("nvidia-smi line has %d cells, expected %d: %r" % (len(cells), len(fields), line))
        rows.append(dict(zip(fields, cells)))
    return rows


def query_smi(run=subprocess.run):
    """Rows of nvidia-smi --query-gpu. A field this driver's nvidia-smi does not know (older ones
    lack memory.reserved) is left out and the query repeated; its cells then stay missing."""
    fields = list(SMI_FIELDS)
    while True:
        proc = run(["nvidia-smi", "--query-gpu=" + ",".join(fields), "--format=csv,noheader,nounits"],
                   capture_output=True, text=True, timeout=60)
        if proc.returncode == 0:
            return parse_smi_csv(proc.stdout, fields)
        message = proc.stdout + proc.stderr
        unknown = [f for f in fields if '"%s"' % f in message and f != "index"]
        if not unknown:
            raise RuntimeError("nvidia-smi failed (%d): %s" % (proc.returncode, message.strip()[:300]))
        fields.remove(unknown[0])


def smi_report():
    """nvidia-smi -q, kept with the results: the record of the machine."""
    return subprocess.run(["nvidia-smi", "-q"], capture_output=True, text=True, timeout=60).stdout


def loaded_nvml_path():
    """The libnvidia-ml this process loaded (through nvidia-ml-py), from /proc/self/maps."""
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1]
                if "libnvidia-ml.so" in path:
                    return path
    except OSError:
        pass
    return None


def _text(value):
    return value.decode() if isinstance(value, bytes) else value


def read_nvml(pynvml, index):
    """What NVML says about GPU `index`, through nvidia-ml-py: memory v1 and v2, identity, MIG."""
    h = pynvml.nvmlDeviceGetHandleByIndex(index)
    out = {"errors": {}}

    def attempt(key, fn):
        try:
            out[key] = fn()
        except Exception as e:  # an unsupported query is a finding, not a crash
            out["errors"][key] = "%s: %s" % (type(e).__name__, e)

    def v1():
        m = pynvml.nvmlDeviceGetMemoryInfo(h)
        return {"total": int(m.total), "used": int(m.used), "free": int(m.free)}

    def v2():
        m = pynvml.nvmlDeviceGetMemoryInfo(h, version=pynvml.nvmlMemory_v2)
        return {"total": int(m.total), "reserved": int(m.reserved), "used": int(m.used), "free": int(m.free)}

    attempt("v1", v1)
    attempt("v2", v2)
    attempt("name", lambda: _text(pynvml.nvmlDeviceGetName(h)))
    attempt("uuid", lambda: _text(pynvml.nvmlDeviceGetUUID(h)))
    attempt("pci_bus_id", lambda: _text(pynvml.nvmlDeviceGetPciInfo(h).busId))
    attempt("compute_capability", lambda: "%d.%d" % tuple(pynvml.nvmlDeviceGetCudaComputeCapability(h)))
    attempt("mig_mode", lambda: int(pynvml.nvmlDeviceGetMigMode(h)[0]))
    attempt("driver_version", lambda: _text(pynvml.nvmlSystemGetDriverVersion()))
    return out


def nvml_from_smi(row):
    """NVML figures as the recorded nvidia-smi MiB imply them (CPU mode: no NVML to ask)."""
    total, reserved, used = (int(row[k]) * MIB for k in ("memory.total", "memory.reserved", "memory.used"))
    free = total - reserved - used
    return {"errors": {}, "v1": {"total": total, "used": total - free, "free": free},
            "v2": {"total": total, "reserved": reserved, "used": used, "free": free},
            "name": row["name"], "uuid": row["uuid"], "pci_bus_id": row["pci.bus_id"],
            "compute_capability": row["compute_cap"], "mig_mode": 1 if row["mig.mode.current"] == "Enabled" else 0,
            "driver_version": row["driver_version"]}


def _row(field, gpufit, smi, v1, v2, status, note):
    return {"field": field, "gpufit": gpufit, "nvidia_smi": smi, "nvml_v1": v1, "nvml_v2": v2,
            "status": status, "note": note}


def _mib(value):
    return None if value is None else value // MIB


def compare(dev, smi, nvml, tolerance_bytes):
    """Rows comparing one gpufit device with nvidia-smi's row and NVML's figures for that GPU.

    status: equal; explained (differs for a documented reason, said in note); differs (a
    finding: the check fails); missing (a source could not say).
    tolerance_bytes: free/used read at different moments may move by this much (0 when nothing
    else runs, as with recorded figures).
    """
    rows = []
    v1 = nvml.get("v1") or {}
    v2 = nvml.get("v2") or {}
    smi = smi or {}

    def same_text(field, gp, sm, nv, fold=False):
        values = [v for v in (gp, sm, nv) if v is not None]
        norm = [v.lower() if fold else v for v in values]
        if len(values) < 2:
            rows.append(_row(field, gp, sm, None, nv, "missing", "fewer than two sources report it"))
        elif len(set(norm)) == 1:
            rows.append(_row(field, gp, sm, None, nv, "equal" if gp is not None else "missing",
                             "" if gp is not None else "gpufit does not report it"))
        else:
            rows.append(_row(field, gp, sm, None, nv, "differs", ""))

    same_text("name", dev.get("name"), smi.get("name"), nvml.get("name"))
    same_text("uuid", dev.get("uuid"), smi.get("uuid"), nvml.get("uuid"))
    same_text("pci_bus_id", dev.get("pci_bus_id"), smi.get("pci.bus_id"), nvml.get("pci_bus_id"), fold=True)
    same_text("compute_capability", dev.get("compute_capability"), smi.get("compute_cap"),
              nvml.get("compute_capability"))
    same_text("driver_version", dev.get("driver_version"), smi.get("driver_version"), nvml.get("driver_version"))

    def smi_int(key):
        value = smi.get(key)
        return int(value) if value not in (None, "", "[N/A]", "N/A") else None

    # total: a constant; every source must agree exactly (nvidia-smi in MiB rounded down).
    total = dev.get("total_bytes")
    ok = total is not None and total == v2.get("total", total) and total == v1.get("total", total) \
        and (smi_int("memory.total") is None or _mib(total) == smi_int("memory.total"))
    rows.append(_row("total", total, smi_int("memory.total"), v1.get("total"), v2.get("total"),
                     "equal" if ok else "differs", "nvidia-smi: MiB rounded down"))

    # reserved: v2 only (v1 folds it into used); null in gpufit when the driver lacks v2.
    reserved = dev.get("reserved_bytes")
    if "reserved" not in v2:
        rows.append(_row("reserved", reserved, smi_int("memory.reserved"), None, None,
                         "explained" if reserved is None else "differs",
                         "NVML v2 unavailable: no reserved figure (gpufit reports null)"))
    else:
        ok = reserved == v2["reserved"] and (smi_int("memory.reserved") is None
                                            or _mib(reserved) == smi_int("memory.reserved"))
        rows.append(_row("reserved", reserved, smi_int("memory.reserved"), None, v2["reserved"],
                         "equal" if ok else "differs", "v1 has no reserved field: it counts it as used"))

    # free: v1 free equals v2 free (the reserved memory is in v1's used instead).
    free = dev.get("free_bytes")
    ref = v2.get("free", v1.get("free"))
    diff = None if free is None or ref is None else free - ref
    smi_free = smi_int("memory.free")
    if diff is None:
        status, note = "missing", "no NVML free figure"
    elif diff == 0:
        status, note = "equal", ""
    elif abs(diff) <= tolerance_bytes:
        status, note = "explained", "read %+d bytes apart in time (other readers' moments differ)" % diff
    else:
        status, note = "differs", "gpufit free - NVML free = %d bytes" % diff
    if smi_free is not None and free is not None and status in ("equal", "explained"):
        gap = _mib(free) - smi_free
        if gap == 0:
            pass
        elif abs(gap) <= 1 + tolerance_bytes // MIB:
            status = "explained"
            note = (note + "; " if note else "") + (
                "gpufit - nvidia-smi = %+d MiB: nvidia-smi rounds total, reserved, used and free down separately" % gap)
        else:
            status, note = "differs", "nvidia-smi free %d MiB vs gpufit %d MiB" % (smi_free, _mib(free))
    rows.append(_row("free", free, smi_free, v1.get("free"), v2.get("free"), status, note))

    # used: gpufit's used_bytes is total - free - reserved: nvidia-smi's Used and NVML v2's used
    # (memory held by processes). Without v2 it is v1's used, which includes the reserved memory.
    used = dev.get("used_bytes")
    smi_used = smi_int("memory.used")
    expect = v2.get("used", v1.get("used"))
    if used is None or expect is None:
        status, note = "missing", ""
    else:
        gap = used - expect
        status = "equal" if gap == 0 else ("explained" if abs(gap) <= tolerance_bytes else "differs")
        note = "gpufit used = total - free - reserved = NVML v2 used; NVML v1 used also counts reserved"
        if gap:
            note += "; gpufit - NVML = %+d bytes" % gap
        if smi_used is not None and abs(_mib(used) - smi_used) > tolerance_bytes // MIB:
            status, note = "differs", note + "; nvidia-smi Used %d MiB" % smi_used
    rows.append(_row("used", used, smi_used, v1.get("used"), v2.get("used"), status, note))

    # MIG: gpufit lists MIG instances separately and gives the parent GPU usable 0.
    mig = nvml.get("mig_mode")
    smi_mig = smi.get("mig.mode.current")
    usable = dev.get("usable_bytes")
    if mig is None and smi_mig is None:
        rows.append(_row("mig_mode", usable, smi_mig, None, None, "missing", "NVML and nvidia-smi did not say"))
    else:
        enabled = mig == 1 if mig is not None else smi_mig == "Enabled"
        ok = (usable == 0) if enabled else (usable == free)
        rows.append(_row("mig_mode", "usable %s" % usable, smi_mig, None, mig, "equal" if ok else "differs",
                         "MIG %s: gpufit usable must be %s" % ("enabled" if enabled else "disabled",
                                                             "0 (its MIG instances are listed)" if enabled
                                                             else "its free memory")))
    return rows


def passed(rows):
    return all(r["status"] != "differs" for r in rows)


def nvidia_devices(devices_doc):
    """gpufit's NVIDIA GPUs (not MIG instances), in NVML index order."""
    devs = [d for d in (devices_doc or {}).get("devices", []) if d.get("vendor") == "nvidia"
            and d.get("kind") != "mig"]
    return sorted(devs, key=lambda d: int(str(d.get("id", "nvidia:0")).split(":")[1].split("/")[0]))
