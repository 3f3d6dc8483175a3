"""results.json as Markdown: the tables docs/real-gpu.md and the README quote from a real run."""

MIB = 1 << 20
GIB = 1 << 30


def _gib(value):
    return "-" if value is None else "%.2f" % (value / GIB)


def _mib(value):
    return "-" if value is None else "%d" % (value // MIB)


def _cell(value):
    if value is None:
        return "-"
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        lines.append("| " + " | ".join(_cell(c) for c in r) + " |")
    return "\n".join(lines) + "\n"


def summary(results):
    parts = ["%s: %s" % (name, c.get("status")) for name, c in results.get("checks", {}).items()]
    line = "real-gpu check (%s mode): %s in %ss" % (results.get("mode"), results.get("status"), results.get("seconds"))
    if results.get("error"):
        line += " - " + results["error"]
    return line + ("\n  " + ", ".join(parts) if parts else "")


def _probe(c):
    out = []
    for g in c.get("gpus", []):
        out.append("GPU %d. Memory in bytes (nvidia-smi in MiB).\n\n" % g["index"])
        out.append(_table(["field", "gpufit", "nvidia-smi", "NVML v1", "NVML v2", "status", "note"],
                          [[r["field"], r["gpufit"], r["nvidia_smi"], r["nvml_v1"], r["nvml_v2"], r["status"], r["note"]]
                           for r in g["rows"]]))
        if g.get("nvml_errors"):
            out.append("\nNVML queries that failed: %s\n" % g["nvml_errors"])
    if c.get("note"):
        out.append("\n%s\n" % c["note"])
    return "".join(out)


def _verdict(c):
    if "rows" not in c:
        return "%s\n" % c.get("error", "")
    out = ["%s, batch %d, context %d: gpufit needs %d bytes (%s GiB). A holder process leaves that much "
           "free plus or minus a delta; `gpufit fit --device 0` must say fits (exit 0) at or above it and "
           "does not fit (exit 3) below.\n\n" % (c["model"], c["batch"], c["context"], c["needed_bytes"],
                                                _gib(c["needed_bytes"]))]
    out.append(_table(["delta (MiB)", "NVML free", "gpufit budget", "needed", "verdict", "exit", "expected", "problems"],
                      [[("%+d" % (r["delta_bytes"] // MIB)) if r["delta_bytes"] % MIB == 0
                        else "%+d bytes" % r["delta_bytes"],
                        r["nvml_free_bytes"], r["budget_bytes"], r["needed_bytes"], r["verdict"], r["exit"],
                        r["expected"], "; ".join(r["problems"]) or "none"] for r in c["rows"]]))
    return "".join(out)


def _boundary(c):
    if "plan" not in c:
        return "%s\n" % c.get("error", "")
    p = c["plan"]
    out = ["%s, batch %d, with %s GiB free (gpufit's budget %d bytes): gpufit plan's largest context is %d "
           "(needs %d bytes; one token more needs %d, model maximum %s); 15 %% more is %d (needs %s GiB).\n\n" % (
               p["model"], p["batch"], _gib(p["budget_bytes"]), p["budget_bytes"], p["largest_context"],
               p["needed_at_largest"], p["needed_one_more"], p["max_context"], p["over_context"],
               _gib(p["needed_over"]))]
    out.append(_table(["run", "context", "status", "max allocated GiB", "max reserved GiB", "process GiB", "reason"],
                      [[r.get("label"), r.get("context"), r.get("status"), _gib(r.get("max_allocated_bytes")),
                        _gib(r.get("max_reserved_bytes")), _gib(r.get("process_peak_bytes")), r.get("reason")]
                       for r in c.get("runs", [])]))
    if c.get("over_outcome"):
        out.append("\n15 %% more context: %s.\n" % c["over_outcome"])
    if c.get("problems"):
        out.append("\nProblems: %s\n" % "; ".join(c["problems"]))
    return "".join(out)


def _profile(c):
    out = []
    if c.get("models"):
        out.append(_table(["model", "attention", "parameters", "weights GiB", "build s"],
                          [[m["model"], m.get("attn_implementation"), m.get("parameters"), _gib(m.get("weights_bytes")),
                            m.get("build_seconds")] for m in c["models"]]))
        out.append("\n")
    rows = []
    for r in c.get("cells", []):
        t = r.get("terms") or {}

        def pair(term):
            v = t.get(term)
            if not v:
                return "-"
            if v.get("measured") is None:
                return _gib(v.get("gpufit"))
            return "%s / %s" % (_gib(v["gpufit"]), _gib(v["measured"]))

        total = t.get("total") or {}
        rows.append([r["model"], r["batch"], r["context"], r.get("status"), pair("weights"), pair("kv_cache"),
                     pair("activations"), pair("overhead"), pair("total") if total else _gib(r.get("gpufit_total_bytes")),
                     total.get("ratio"), r.get("reason") or ("LOW" if r.get("low") else "")])
    out.append("GiB, gpufit / measured (measured: see scripts/real-gpu/worker.py for each term's definition).\n\n")
    out.append(_table(["model", "batch", "context", "status", "weights", "KV cache", "activations", "overhead",
                       "total", "total ratio", "note"], rows))
    if c.get("problems"):
        out.append("\nProblems:\n\n" + "".join("- %s\n" % p for p in c["problems"]))
    if c.get("note"):
        out.append("\n%s\n" % c["note"])
    return "".join(out)


def _attribution(c):
    out = ["%s\n" % c.get("note", c.get("error", ""))]
    if c.get("processes"):
        out.append("\n" + _table(["pid", "name", "used bytes"],
                                 [[p.get("pid"), p.get("name"), p.get("used_bytes")] for p in c["processes"]]))
    return "".join(out)


def markdown(results):
    h = results.get("host", {})
    g = results.get("gpufit", {})
    out = ["# gpufit on a real GPU: %s\n\n" % results.get("status"),
           "- mode: %s; started %s; %s s\n" % (results.get("mode"), results.get("started"), results.get("seconds")),
           "- GPU: %s; driver %s\n" % (", ".join(h.get("gpus") or ["-"]), h.get("driver_version")),
           "- gpufit: %s (%s)\n" % (g.get("version"), g.get("found"))]
    if h.get("torch"):
        out.append("- torch %s (CUDA %s), transformers %s\n" % (h.get("torch"), h.get("cuda"), h.get("transformers")))
    if h.get("recorded_from"):
        out.append("- recorded figures from %s\n" % h["recorded_from"])
    if results.get("error"):
        out.append("\n**The check could not run:** %s\n" % results["error"])
    for finding in results.get("findings") or []:
        out.append("\n**Finding:** %s\n" % finding)
    sections = (("probe", "1. Probe: gpufit devices vs nvidia-smi and NVML", _probe),
                ("verdict", "2. Verdict at the boundary", _verdict),
                ("boundary", "3a. transformers: the largest context gpufit says fits, and 15 % more", _boundary),
                ("profile", "3b. transformers profile: gpufit estimate vs measured", _profile),
                ("attribution", "4. Process attribution", _attribution))
    checks = results.get("checks", {})
    for key, title, render in sections:
        if key in checks:
            out.append("\n## %s: %s\n\n" % (title, checks[key].get("status")))
            out.append(render(checks[key]))
    return "".join(out)
