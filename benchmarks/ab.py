#!/usr/bin/env python3
"""A/B benchmark: the same jar with leakguard on and off, every request shape, alternating rounds.

For each shape it reports requests per second and CPU time per request (process CPU from
/proc/<pid>/stat, less the C1/C2 compiler threads, divided by requests served), and the median
off/on ratio of CPU per request over the rounds: 1.00 means leakguard costs nothing, 0.97 is the bar.
Load comes from wrk on loopback, bounded in time. Usage (after `mvn -q -Pbenchmarks install -DskipTests`):

    benchmarks/ab.py [--rounds 3] [--warmup 5] [--max-warmup 90] [--measure 8]
                     [--window 2] [--configs platform,virtual,reactive] [--shapes plain,fanout] [--timeouts-baseline]
                     [--extra-on ARG ...] [--jvm-on OPT ...] [--aa] [--alloc [--alloc-classes 25]] [--threads 8]

Each shape warms up in --warmup chunks until the JIT compiler threads are quiet (under 5 % of a core
in the last --quiet-chunks chunks, 1 by default) or --max-warmup seconds passed: on a 2-core machine
the one C2 thread needs 30-40 s to compile a Spring MVC request path, and the side with more code to
compile would otherwise be measured half-compiled. The seconds each shape warmed up and the JIT's CPU
while it was measured are printed with every row: a JVM can compile again after quiet chunks
(--quiet-chunks 2 did not make that rarer in a 5-round run: 5 of 120 measurements at 7-15 % of a core,
against 3 of 48 with 1).

Within a round every mode's JVM is up at once and the measuring alternates between them in
--window slices (off, on, on, off, ...): this shared machine's load changes from minute to minute,
and measuring the two sides minutes apart read the same jar anywhere from 0.73 to 1.18.

--aa measures the same jar against itself, leakguard off on both sides (an A/A run): the spread
of its ratios is what this machine reads when nothing differs, the floor under any off/on ratio.

--alloc measures bytes allocated per request instead of CPU, exact where CPU time is not: one
JVM per shape and mode, in turn, with Epsilon GC (which frees nothing) and without TLABs, so the
heap's top moves by exactly what was allocated; after a warm-up, the heap used before and after each
--window of load, less what the JVM allocates idle over as long, divided by the requests served.
It needs memory (up to --alloc-heap per JVM) but not a quiet machine: what it counts does not
depend on the machine's load, only on the code the JIT made of the request path, which can differ
between two launches of the same jar (--alloc --aa reads that floor). --alloc-classes N says what
was allocated, class by class: a class histogram of the whole heap (Epsilon keeps the dead objects
too) before and after each window, summed over the windows, per request; the N classes whose bytes
per request differ most between the two sides are listed after each shape.

--timeouts-baseline adds a third mode for the client shapes: leakguard off but the same 2s/10s client
timeouts set through spring.http.clients.*, which separates leakguard's own share from the price of
the mandatory timeouts themselves.

--threads N says which threads spent the difference: after each shape, the N groups of threads (named
alike but for their numbers) whose CPU per request differs most between the modes, from each thread's
/proc/<pid>/task/<tid>/stat. CPU of a thread that leakguard's code never runs on (a selector, the GC)
is cost it causes elsewhere; a timer thread of its own shows what its wake-ups cost.
"""
import argparse
import collections
import glob
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "benchmarks/ab-app/target/leakguard-ab-app-0.1.0-SNAPSHOT.jar")
CLIENT_SHAPES = {"client/jdk", "client/netty", "webclient"}
CONFIGS = {
    "platform": (["--spring.main.web-application-type=servlet"], ["plain", "fanout", "async", "client/jdk", "client/netty"]),
    "virtual": (["--spring.main.web-application-type=servlet", "--spring.threads.virtual.enabled=true"],
                ["plain", "fanout", "async", "client/jdk", "client/netty"]),
    "reactive": (["--spring.main.web-application-type=reactive"], ["plain", "webclient"]),
}
MODES = {
    "off": ["--leakguard.enabled=false"],
    "off+timeouts": ["--leakguard.enabled=false", "--spring.http.clients.connect-timeout=2s",
                     "--spring.http.clients.read-timeout=10s"],
    "on": ["--leakguard.enabled=true"],
    # --aa: a second JVM with leakguard off in place of the one with it on
    "off again": ["--leakguard.enabled=false"],
}
# shapes served by a JVM of their own: the RestClient factory comes from Boot's builder bean, as in an application
SHAPE_ARGS = {"client/netty": ["--spring.http.clients.imperative.factory=reactor"]}
TICK = os.sysconf("SC_CLK_TCK")


def find_java():
    for home in [os.environ.get("LEAKGUARD_JAVA_HOME"), *sorted(glob.glob("/usr/lib/jvm/temurin-2*"), reverse=True),
                 os.environ.get("JAVA_HOME")]:
        if home and os.path.exists(os.path.join(home, "bin/java")):
            return os.path.join(home, "bin/java")
    return "java"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def thread_cpu(pid):
    """Each live thread's name and CPU (user and system), in clock ticks."""
    for task in glob.glob(f"/proc/{pid}/task/*"):
        try:
            with open(task + "/stat") as f:
                stat = f.read()
        except OSError:
            continue  # ended since the listing
        parts = stat.rsplit(")", 1)[1].split()
        yield stat[stat.index("(") + 1:stat.rindex(")")], int(parts[11]) + int(parts[12])


def cpu_ticks(pid):
    """Process CPU and compiler-thread CPU, in clock ticks."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    total = int(fields[11]) + int(fields[12])
    jit = sum(ticks for name, ticks in thread_cpu(pid)
              if name.startswith("C1 CompilerThre") or name.startswith("C2 CompilerThre"))
    return total, jit


def wrk(url, seconds, connections):
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", url], capture_output=True, text=True,
                         timeout=seconds + 60).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} non-2xx answers")
    return requests


def start(java, args, port, jvm_args=()):
    log = open(f"/tmp/leakguard-ab-{port}.log", "w")
    cmd = [java, "-Xms512m", "-Xmx512m", "-XX:-UseDynamicNumberOfCompilerThreads", *jvm_args, "-jar", JAR,
           f"--server.port={port}", *args]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/plain", timeout=1).read()
            return proc
        except Exception:
            if proc.poll() is not None:
                raise RuntimeError("app exited, see " + log.name)
            time.sleep(0.25)
    proc.kill()
    raise RuntimeError("app did not start, see " + log.name)


def thread_ticks(pid):
    """CPU per group of threads, in clock ticks: threads named alike but for their numbers form one group
    ("ForkJoinPool-N-worker-N", "GC Thread#N")."""
    groups = collections.Counter()
    for name, ticks in thread_cpu(pid):
        groups[re.sub(r"\d+", "N", name)] += ticks
    return groups


def print_thread_groups(config, shape, groups, modes, count):
    """The thread groups whose CPU per request differs most between leakguard off and each other mode."""
    per_request = {mode: {name: ticks / TICK / requests * 1e6 for name, ticks in groups[mode][0].items()}
                   for mode, requests in ((m, groups[m][1]) for m in modes) if requests}
    base = "off" if "off" in modes else modes[0]  # rounds alternate the order of the modes
    for mode in (m for m in modes if m != base):
        if base not in per_request or mode not in per_request:
            continue
        names = set(per_request[base]) | set(per_request[mode])
        diffs = sorted(names, key=lambda n: -abs(per_request[mode].get(n, 0) - per_request[base].get(n, 0)))
        print(f"    {config} {shape}, CPU us/req by thread group, {base} / {mode}:")
        for name in diffs[:count]:
            a, b = per_request[base].get(name, 0), per_request[mode].get(name, 0)
            print(f"      {name:28} {a:8.2f} {b:8.2f} {b - a:+8.2f}")


def start_mode(java, config, extra, mode, opts, jvm_args=()):
    """A JVM of the config, serving with the shape's extra arguments, in the given mode; --extra-on and
    --jvm-on go to the leakguard-on side only. Returns the process and its port."""
    port = free_port()
    args = CONFIGS[config][0] + list(extra) + MODES[mode] + opts.extra_on * (mode == "on")
    return start(java, args, port, [*jvm_args, *(opts.jvm_on if mode == "on" else ())]), port


def warm_up(procs, url, opts):
    """Loads the shape on every JVM in turn until each one's JIT compiler threads are quiet, or
    --max-warmup passed; returns the seconds each one warmed up."""
    warmed = {mode: 0 for mode in procs}
    quiet = {mode: 0 for mode in procs}  # quiet chunks in a row
    while any(quiet[mode] < opts.quiet_chunks and warmed[mode] < opts.max_warmup for mode in procs):
        for mode, (proc, port) in procs.items():
            if quiet[mode] >= opts.quiet_chunks or warmed[mode] >= opts.max_warmup:
                continue
            _, j0 = cpu_ticks(proc.pid)
            wrk(url.format(port=port), opts.warmup, opts.connections)
            _, j1 = cpu_ticks(proc.pid)
            warmed[mode] += opts.warmup
            quiet[mode] = quiet[mode] + 1 if (j1 - j0) / TICK < 0.05 * opts.warmup else 0
    return warmed


def run_round(java, config, modes, shapes, opts, extra=()):
    """One round: a fresh JVM per mode, all up at once; per shape, every JVM is warmed up, then
    measured in --window slices, alternating ABBA, so a change in the machine's load falls on
    every mode alike instead of on whichever ran in that minute."""
    procs = {}
    results = {}
    windows = max(1, opts.measure // opts.window)
    seconds = windows * opts.window  # measured per shape and mode
    try:
        for mode in modes:
            procs[mode] = start_mode(java, config, extra, mode, opts)
        for shape in shapes:
            url = f"http://127.0.0.1:{{port}}/{shape}"
            warmed = warm_up(procs, url, opts)
            totals = {mode: [0, 0, 0] for mode in modes}  # cpu ticks, jit ticks, requests
            groups = {mode: [collections.Counter(), 0] for mode in modes}  # ticks per thread group, requests
            for window in range(windows):
                for mode in (modes if window % 2 == 0 else modes[::-1]):
                    proc, port = procs[mode]
                    g0 = thread_ticks(proc.pid) if opts.threads else None
                    t0, j0 = cpu_ticks(proc.pid)
                    requests = wrk(url.format(port=port), opts.window, opts.connections)
                    t1, j1 = cpu_ticks(proc.pid)
                    if opts.threads:
                        groups[mode][0].update(thread_ticks(proc.pid))
                        groups[mode][0].subtract(g0)
                        groups[mode][1] += requests
                    totals[mode][0] += t1 - t0
                    totals[mode][1] += j1 - j0
                    totals[mode][2] += requests
            for mode in modes:
                cpu, jit, requests = (totals[mode][0] / TICK, totals[mode][1] / TICK, totals[mode][2])
                result = {"rps": requests / seconds, "us": (cpu - jit) / requests * 1e6,
                          "us_jit": cpu / requests * 1e6}
                results[(shape, mode)] = result
                print(f"  {config:8} {mode:12} {shape:13} {result['rps']:9.0f} req/s "
                      f"{result['us']:8.1f} us/req ({result['us_jit']:.1f} with JIT; "
                      f"warmed {warmed[mode]} s, JIT {jit / seconds * 100:.0f} % of a core)", flush=True)
            if opts.threads:
                print_thread_groups(config, shape, groups, modes, opts.threads)
    finally:
        for proc, _ in procs.values():
            proc.terminate()
        for proc, _ in procs.values():
            proc.wait(30)
    return results


def heap_used(jcmd, pid):
    """Bytes between the bottom and the top of Epsilon's heap: all it ever allocated."""
    out = subprocess.run([jcmd, str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=60).stdout
    m = re.search(r"\[0x([0-9a-f]+), 0x([0-9a-f]+),", out)
    if not m:
        raise RuntimeError("no Epsilon heap in: " + out)
    return int(m.group(2), 16) - int(m.group(1), 16)


def class_histogram(jcmd, pid):
    """Class name -> (instances, bytes) of every object in the heap, reachable or not; the lambdas of one
    class are summed under its name."""
    out = subprocess.run([jcmd, str(pid), "GC.class_histogram", "-all"], capture_output=True, text=True,
                         timeout=120).stdout
    classes = {}
    for m in re.finditer(r"^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", out, re.M):
        name = re.sub(r"/0x[0-9a-f]+$", "", m.group(3))  # a lambda's hidden class: its address differs per JVM
        count, size = classes.get(name, (0, 0))
        classes[name] = (count + int(m.group(1)), size + int(m.group(2)))
    return classes


def measure_alloc(java, opts, config, shape, mode):
    """Bytes per request less what the JVM allocates idle (median of the windows), the idle rate,
    each window's bytes per request, and, with --alloc-classes, class -> (instances, bytes) per request
    over all windows."""
    jcmd = os.path.join(os.path.dirname(java), "jcmd")
    jvm = ["-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC", f"-Xmx{opts.alloc_heap}", "-XX:-UseTLAB"]
    proc, port = start_mode(java, config, SHAPE_ARGS.get(shape, ()), mode, opts, jvm)
    try:
        url = f"http://127.0.0.1:{port}/{shape}"
        wrk(url, opts.alloc_warmup, opts.connections)
        per_request, idle, classes, served = [], [], {}, 0
        for _ in range(max(1, opts.measure // opts.window)):
            u0 = heap_used(jcmd, proc.pid)
            time.sleep(opts.window)
            u1 = heap_used(jcmd, proc.pid)
            h1 = class_histogram(jcmd, proc.pid) if opts.alloc_classes else {}
            requests = wrk(url, opts.window, opts.connections)
            h2 = class_histogram(jcmd, proc.pid) if opts.alloc_classes else {}
            u2 = heap_used(jcmd, proc.pid)
            idle.append((u1 - u0) / opts.window)
            per_request.append(((u2 - u1) - (u1 - u0)) / requests)
            served += requests
            for name, (count, size) in h2.items():
                before = h1.get(name, (0, 0))
                total = classes.get(name, (0, 0))
                classes[name] = (total[0] + count - before[0], total[1] + size - before[1])
        per_class = {name: (count / served, size / served) for name, (count, size) in classes.items()}
        return statistics.median(per_request), statistics.median(idle), per_request, per_class
    finally:
        proc.terminate()
        proc.wait(30)


def print_class_diff(off, on, other, limit):
    """The classes whose bytes per request differ most between the sides, off against the other."""
    names = sorted(set(off) | set(on), key=lambda n: -abs(on.get(n, (0, 0))[1] - off.get(n, (0, 0))[1]))
    print(f"    {'bytes/req':>9} {'objects/req':>11}  class ({other} less off)")
    for name in names[:limit]:
        a, b = off.get(name, (0, 0)), on.get(name, (0, 0))
        print(f"    {b[1] - a[1]:+9.0f} {b[0] - a[0]:+11.2f}  {name}")
    total = sum(v[1] for v in on.values()) - sum(v[1] for v in off.values())
    print(f"    {total:+9.0f} {'':11}  all classes", flush=True)


def main_alloc(java, opts, wanted, other):
    rows = []
    for config in opts.configs.split(","):
        for shape in CONFIGS[config][1]:
            if wanted and shape not in wanted:
                continue
            off = measure_alloc(java, opts, config, shape, "off")
            on = measure_alloc(java, opts, config, shape, other)
            print(f"  {config:8} {shape:13} off {off[0]:8.0f} B/req, {other} {on[0]:8.0f} B/req "
                  f"(idle {off[1] / 1024:.0f} / {on[1] / 1024:.0f} KB/s; {other} less off by window: "
                  f"{', '.join(f'{b - a:+.0f}' for a, b in zip(off[2], on[2]))})", flush=True)
            rows.append((config, shape, off, on))
            if opts.alloc_classes:
                print_class_diff(off[3], on[3], other, opts.alloc_classes)
    print()
    print(f"| config | shape | bytes/req off | bytes/req {other} | {other} less off | idle KB/s off / {other} |")
    print("|---|---|---|---|---|---|")
    for config, shape, off, on in rows:
        print(f"| {config} | {shape} | {off[0]:.0f} | {on[0]:.0f} | {on[0] - off[0]:+.0f} | "
              f"{off[1] / 1024:.0f} / {on[1] / 1024:.0f} |")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--warmup", type=int, default=5, help="seconds per warm-up chunk")
    p.add_argument("--max-warmup", type=int, default=90, help="seconds of warm-up at most, per shape")
    p.add_argument("--quiet-chunks", type=int, default=1,
                   help="warm-up chunks in a row with the JIT under 5 %% of a core before a JVM counts as warm")
    p.add_argument("--measure", type=int, default=8, help="seconds measured per shape and mode, per round")
    p.add_argument("--window", type=int, default=2, help="seconds per measuring slice; modes alternate ABBA")
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--configs", default="platform,virtual,reactive")
    p.add_argument("--shapes", default="")
    p.add_argument("--timeouts-baseline", action="store_true")
    p.add_argument("--threads", type=int, default=0, metavar="N",
                   help="after each shape, the N groups of threads whose CPU per request differs most between "
                        "the modes (from /proc/<pid>/task/*/stat)")
    p.add_argument("--aa", action="store_true", help="leakguard off on both sides: this machine's noise floor")
    p.add_argument("--alloc", action="store_true", help="bytes allocated per request instead of CPU time")
    p.add_argument("--alloc-warmup", type=int, default=30, help="seconds of load before --alloc measures")
    p.add_argument("--alloc-heap", default="12g", help="the Epsilon heap of each --alloc JVM")
    p.add_argument("--alloc-classes", type=int, default=0, metavar="N",
                   help="with --alloc: the N classes whose bytes per request differ most, per shape")
    p.add_argument("--extra-on", action="append", default=[], help="an extra argument for the leakguard-on runs")
    p.add_argument("--jvm-on", action="append", default=[],
                   help="an extra JVM option for the leakguard-on runs, e.g. --jvm-on=-Djdk.trackAllThreads=false")
    opts = p.parse_args()
    if not os.path.exists(JAR):
        sys.exit(f"{JAR} missing: mvn -q -Pbenchmarks install -DskipTests")
    java = find_java()
    print(subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()[0])
    wanted = set(filter(None, opts.shapes.split(",")))
    other = "off again" if opts.aa else "on"
    if opts.alloc:
        main_alloc(java, opts, wanted, other)
        return
    samples = {}  # (config, shape, mode) -> list of results
    for r in range(opts.rounds):
        print(f"round {r + 1}/{opts.rounds}", flush=True)
        for config in opts.configs.split(","):
            shapes = [s for s in CONFIGS[config][1] if not wanted or s in wanted]
            if not shapes:
                continue
            groups = {}  # JVM arguments -> the shapes one set of JVMs serves
            for s in shapes:
                groups.setdefault(tuple(SHAPE_ARGS.get(s, ())), []).append(s)
            for extra, group in groups.items():
                modes = ["off", other] if r % 2 == 0 else [other, "off"]
                if opts.timeouts_baseline and any(s in CLIENT_SHAPES for s in group):
                    modes.insert(1, "off+timeouts")
                for (shape, mode), result in run_round(java, config, modes, group, opts, extra).items():
                    samples.setdefault((config, shape, mode), []).append(result)
    print()
    print(f"| config | shape | req/s off | req/s {other} | CPU µs/req off | CPU µs/req {other} | "
          f"off/{other} (median of rounds) |"
          + (f" off+timeouts/{other} |" if opts.timeouts_baseline else ""))
    print("|---|---|---|---|---|---|---|" + ("---|" if opts.timeouts_baseline else ""))
    for config in opts.configs.split(","):
        for shape in CONFIGS[config][1]:
            off, on = samples.get((config, shape, "off")), samples.get((config, shape, other))
            if not off or not on:
                continue
            ratios = [a["us"] / b["us"] for a, b in zip(off, on)]
            row = (f"| {config} | {shape} | {statistics.median(x['rps'] for x in off):.0f} | "
                   f"{statistics.median(x['rps'] for x in on):.0f} | {statistics.median(x['us'] for x in off):.1f} | "
                   f"{statistics.median(x['us'] for x in on):.1f} | **{statistics.median(ratios):.2f}** "
                   f"({', '.join(f'{x:.2f}' for x in ratios)}) |")
            timed = samples.get((config, shape, "off+timeouts"))
            if opts.timeouts_baseline:
                row += (f" {statistics.median(a['us'] / b['us'] for a, b in zip(timed, on)):.2f} |" if timed else " |")
            print(row)


if __name__ == "__main__":
    main()
