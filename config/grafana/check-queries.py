#!/usr/bin/env python3
"""Checks the Grafana dashboards here against the Prometheus rules' test data.

Each dashboard must be valid JSON; every query in it (panel targets and label_values() variables),
with the dashboard variables replaced by match-all values, is evaluated by `promtool test rules`
over the input series of config/prometheus/tests/gpufit-rules-test.yml (with the recording rules
loaded) and must return data. A query that does not parse, names a metric or label the agent and
the rules do not produce, or selects nothing fails the check. Run by config/prometheus/check.sh.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PROM = os.path.join(HERE, "..", "prometheus")
RULES_TEST = os.path.join(PROM, "tests", "gpufit-rules-test.yml")
EVAL_TIME = "30m"  # in the test data every node, model and probe state is present by then
VARIABLES = {"$model": ".+", "$node": ".+", "$__rate_interval": "5m", "$__interval": "1m", "$__range": "1h"}


def queries(dashboard):
    def walk(panels):
        for p in panels:
            for t in p.get("targets", []):
                yield p["title"], t["expr"]
            yield from walk(p.get("panels", []))

    yield from walk(dashboard.get("panels", []))
    for v in dashboard.get("templating", {}).get("list", []):
        if v.get("type") != "query":
            continue
        q = v["query"]["query"] if isinstance(v["query"], dict) else v["query"]
        m = re.fullmatch(r"label_values\((.+),\s*(\w+)\)", q.strip())
        if not m:
            sys.exit(f"{v['name']}: only label_values(METRIC, LABEL) variables are checked, not {q!r}")
        yield f"variable {v['name']}", f"count by ({m.group(2)}) ({m.group(1)})"


def substitute(expr):
    for k in sorted(VARIABLES, key=len, reverse=True):
        expr = expr.replace(k, VARIABLES[k])
    if "$" in expr:
        raise ValueError(f"unknown dashboard variable in {expr!r}")
    return expr


def main():
    with open(RULES_TEST, encoding="utf-8") as f:
        text = f.read()
    # the first test's header and input series, up to its own expectations
    head = text.split("\n    promql_expr_test:\n", 1)[0]
    head = head.replace("../gpufit-rules.yml", os.path.join(os.path.abspath(PROM), "gpufit-rules.yml"))
    checks = []
    for name in sorted(os.listdir(HERE)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            try:
                dashboard = json.load(f)
            except json.JSONDecodeError as e:
                sys.exit(f"config/grafana/{name}: not valid JSON: {e}")
        for title, expr in queries(dashboard):
            checks.append((f"{name}: {title}", substitute(expr)))
    if not checks:
        sys.exit("config/grafana: no dashboard queries found")
    lines = [head, "    promql_expr_test:"]
    for where, expr in checks:
        # `count(...) > bool 0` is {} 1 exactly when the query returns at least one series
        lines.append(f"      # {where}")
        lines.append(f"      - expr: {json.dumps(f'count({expr}) > bool 0')}")
        lines.append(f"        eval_time: {EVAL_TIME}")
        lines.append("        exp_samples: [{labels: '{}', value: 1}]")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "grafana-queries-test.yml")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        r = subprocess.run(["promtool", "test", "rules", path], capture_output=True, text=True)
        sys.stdout.write(r.stdout)
        sys.stderr.write(r.stderr)
        if r.returncode != 0:
            sys.exit(f"config/grafana: a dashboard query failed or returned nothing (above); {len(checks)} queries checked")
    print(f"config/grafana: {len(checks)} dashboard queries return data on the rules' test fleet")


if __name__ == "__main__":
    main()
