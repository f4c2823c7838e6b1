#!/usr/bin/env python3
"""kill -9 tally: is anything lost when an sl2a run dies at a random moment?

    bench/kill9.sh [KILLS] [KIND...]        (the shell script builds the jars and calls this)

For each KIND (fit, occupancy, nerf; default all three), runs the command with --checkpoint-every
and kills it with SIGKILL KILLS times (default 20): in chains of up to five, each link resuming
where the last kill left the run; a third of the kills land as soon as a temporary file shows a
checkpoint being written, a third at a random moment from the start of training to a little past
the end of a whole run, a third at a random moment after the run's first checkpoint. After each kill it checks the output
directory with parsers of its own (not sl2a's): every file whole (safetensors header and offsets,
JSON, PNG chunks and CRCs, GIF trailer, PLY header), the training state of the checkpoint before
the kill or of the one written during it, and whether model.safetensors is the state's model (or
the newer one a kill between the two files leaves; --resume puts the state's back). Then the chain
goes on with --resume; a chain ends with --resume running to the end, and its model must have the
bytes of the same run never killed. Then, as root, the same runs on a small tmpfs that fills up
mid-run, and on one remounted read-only: one line, exit code 2, the last checkpoint whole, and
--resume finishing once there is room again. Two runs on one directory: the second is refused.

Prints a tally per kind; exits non-zero if any check failed.
"""

import hashlib
import json
import os
import random
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPORARY = re.compile(r"\..+\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp|\.write-check.*\.tmp")
LOCK = ".sl2a.lock"
INTERRUPTED = 130
BAD_INPUT = 2


def java_command():
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java")
    classpath = os.path.join(ROOT, "tasks/target/sl2a-tasks-0.1.0-SNAPSHOT.jar") + ":" + os.path.join(
        ROOT, "tasks/target/lib/*")
    return [java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-cp", classpath,
            "io.sl2a.tasks.cli.Main"]


# What each kind runs (small: a run takes seconds here), the state file it resumes from, and how
# to read the checkpoint a state is at.
KINDS = {
    "fit": {
        "args": ["fit", "samples/camera.png", "--downscale", "4", "--epochs", "60", "--width", "32", "--layers", "2",
                 "--degree", "16", "--rank", "8", "--batch", "1024", "--seed", "7", "--threads", "1",
                 "--checkpoint-every", "1"],
        "state": "training_state.safetensors",
        "position": lambda meta: int(meta["epoch"]),
        "started": "sl2a fit: samples",
        "done": "sl2a fit: PSNR",
        "resume": lambda out: ["fit", "samples/camera.png", "--downscale", "4", "--resume", out, "--threads", "1"],
    },
    "occupancy": {
        "args": ["occupancy", "samples/bunny.off", "--resolution", "24", "--epochs", "120", "--width", "32",
                 "--layers", "2", "--degree", "16", "--rank", "8", "--batch", "2000", "--seed", "7", "--threads", "1",
                 "--checkpoint-every", "2"],
        "state": "training_state.safetensors",
        "position": lambda meta: int(meta["epoch"]),
        "started": "voxels inside",
        "done": " IoU ",
        "resume": lambda out: ["occupancy", "samples/bunny.off", "--resume", out, "--threads", "1"],
    },
    "nerf": {
        "args": ["nerf", "samples/nerf-bunny", "--downscale", "4", "--test-views", "2", "--iterations", "1500",
                 "--rays", "64", "--samples", "8", "--model", "relu-pe", "--width", "16", "--layers", "1",
                 "--pe-freqs", "3", "--features", "4", "--color-width", "8", "--color-layers", "1", "--grid", "8",
                 "--orbit", "4", "--seed", "7", "--threads", "1", "--checkpoint-every", "20"],
        "state": "run-state.safetensors",
        "position": lambda meta: int(meta["iterations_done"]),
        "started": "sl2a nerf: samples",
        "done": "sl2a nerf: test PSNR",
        # nerf resumes with the same options (it checks them against the state).
        "resume": None,
    },
}


def with_out(args, out, *extra):
    return args + ["--out", out] + list(extra)


def resume_args(kind, out):
    spec = KINDS[kind]
    if spec["resume"] is None:
        return with_out(spec["args"], out, "--resume", out)
    return spec["resume"](out)


def without_checkpoints(args):
    args = list(args)
    i = args.index("--checkpoint-every")
    del args[i:i + 2]
    return args


# ---- parsers of our own: is a file whole? ----

def read_safetensors(path):
    """(metadata, {name: (dtype, shape, bytes)}), or an exception if the file is not whole."""
    data = open(path, "rb").read()
    if len(data) < 8:
        raise ValueError("shorter than its header length")
    (n,) = struct.unpack("<Q", data[:8])
    if n <= 0 or 8 + n > len(data):
        raise ValueError("header length %d past the end (%d bytes)" % (n, len(data)))
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    tensors = {}
    end = 0
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, stop = entry["data_offsets"]
        size = {"F32": 4, "I64": 8}[entry["dtype"]]
        count = 1
        for d in entry["shape"]:
            count *= d
        if stop - begin != count * size or stop > len(body):
            raise ValueError("tensor %s runs past the end" % name)
        tensors[name] = (entry["dtype"], tuple(entry["shape"]), body[begin:stop])
        end = max(end, stop)
    if end != len(body):
        raise ValueError("%d bytes after the last tensor" % (len(body) - end))
    return header.get("__metadata__", {}), tensors


def check_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("no PNG signature")
    i = 8
    while i < len(data):
        (length,) = struct.unpack(">I", data[i:i + 4])
        kind = data[i + 4:i + 8]
        chunk = data[i + 8:i + 8 + length]
        (crc,) = struct.unpack(">I", data[i + 8 + length:i + 12 + length])
        if len(chunk) != length or zlib.crc32(kind + chunk) != crc:
            raise ValueError("chunk %r torn" % kind)
        i += 12 + length
        if kind == b"IEND":
            if i != len(data):
                raise ValueError("bytes after IEND")
            return
    raise ValueError("no IEND")


def check_gif(path):
    data = open(path, "rb").read()
    if data[:6] not in (b"GIF87a", b"GIF89a") or data[-1:] != b";":
        raise ValueError("no GIF header or trailer")


def check_ply(path):
    data = open(path, "rb").read()
    end = data.find(b"end_header\n")
    if not data.startswith(b"ply\n") or end < 0:
        raise ValueError("no PLY header")
    header = data[:end].decode()
    vertices = int(re.search(r"element vertex (\d+)", header).group(1))
    faces = int(re.search(r"element face (\d+)", header).group(1))
    if "binary_little_endian" in header:
        expected = end + len(b"end_header\n") + vertices * 12 + faces * 13
        if len(data) != expected:
            raise ValueError("%d bytes, the header says %d" % (len(data), expected))


def torn_files(out):
    """The files in out (not the lock, not temporaries) that do not parse whole: [(path, reason)]."""
    torn = []
    for directory, _, names in os.walk(out):
        for name in names:
            path = os.path.join(directory, name)
            if name == LOCK or TEMPORARY.fullmatch(name):
                continue
            try:
                if name.endswith(".safetensors"):
                    read_safetensors(path)
                elif name.endswith(".json"):
                    json.load(open(path))
                elif name.endswith(".png"):
                    check_png(path)
                elif name.endswith(".gif"):
                    check_gif(path)
                elif name.endswith(".ply"):
                    check_ply(path)
            except Exception as e:  # anything at all: the file is not whole
                torn.append((path, repr(e)))
    return torn


def temporaries(out):
    found = []
    for directory, _, names in os.walk(out):
        found += [os.path.join(directory, n) for n in names if TEMPORARY.fullmatch(n)]
    return found


def model_agrees(kind, out):
    """Whether model.safetensors holds the model its state carries (else: the newer one a kill left)."""
    meta, state = read_safetensors(os.path.join(out, KINDS[kind]["state"]))
    model_meta, model = read_safetensors(os.path.join(out, "model.safetensors"))
    if kind == "nerf":
        # The run state keeps each parameter flat: compare the values, not the shapes.
        carried = {k[len("parameter/"):]: v for k, v in state.items() if k.startswith("parameter/")}
        return all(k in model and model[k][2] == v[2] for k, v in carried.items())
    carried = {k[len("model/"):]: v for k, v in state.items() if k.startswith("model/")}
    carried_meta = {k[len("model:"):]: v for k, v in meta.items() if k.startswith("model:")}
    return carried == model and carried_meta == model_meta


def state_of(kind, out):
    """(inode, position) of the state file, or None."""
    path = os.path.join(out, KINDS[kind]["state"])
    try:
        inode = os.stat(path).st_ino
    except FileNotFoundError:
        return None
    meta, _ = read_safetensors(path)
    return inode, KINDS[kind]["position"](meta)


def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def snapshot(out):
    result = {}
    for directory, _, names in os.walk(out):
        for name in names:
            path = os.path.join(directory, name)
            result[os.path.relpath(path, out)] = sha(path)
    return result


def error_lines(text):
    return [line for line in re.split(r"[\r\n]+", text) if line.startswith("sl2a: ")]


class Tally:
    def __init__(self, kind):
        self.kind = kind
        self.kills = 0
        self.found = {"previous": 0, "new": 0, "none-yet": 0}
        self.torn = 0
        self.interrupted_writes = 0
        self.model_ahead = 0
        self.after_the_end = 0
        self.resumes = 0
        self.resumes_ok = 0
        self.chains = 0
        self.chains_exact = 0
        self.failures = []

    def fail(self, what):
        self.failures.append(what)
        print("  FAILED: " + what, flush=True)

    def line(self):
        return ("%-9s %2d kills: state found previous %d, new %d, none yet %d; torn files %d; writes cut by the kill %d;"
                " model ahead of its state %d; resumes that continued %d/%d; chains ending with the bytes of the run"
                " never killed %d/%d (and %d kills after a run's last line, not counted)"
                % (self.kind, self.kills, self.found["previous"], self.found["new"], self.found["none-yet"], self.torn,
                   self.interrupted_writes, self.model_ahead, self.resumes_ok, self.resumes, self.chains_exact,
                   self.chains, self.after_the_end))


def run(args, log, timeout=900):
    with open(log, "w") as f:
        return subprocess.run(java_command() + args, cwd=ROOT, stdout=f, stderr=subprocess.STDOUT,
                              timeout=timeout).returncode


def start(args, log):
    return subprocess.Popen(java_command() + args, cwd=ROOT, stdout=open(log, "w"), stderr=subprocess.STDOUT)


def reference(kind, work):
    """The model.safetensors of the run never killed (checkpoints change nothing of it), and its seconds
    from the line it prints as training starts to its end."""
    out = os.path.join(work, kind + "-reference")
    process = start(with_out(without_checkpoints(KINDS[kind]["args"]), out), out + ".log")
    await_start(kind, process, out + ".log")
    started = time.time()
    code = process.wait()
    if code != 0:
        sys.exit("kill9: the reference %s run failed (exit %d); see %s.log" % (kind, code, out))
    return sha(os.path.join(out, "model.safetensors")), time.time() - started


def await_start(kind, process, log):
    """Waits until the run says it starts training (or ends)."""
    while process.poll() is None:
        with open(log, errors="replace") as f:
            if KINDS[kind]["started"] in f.read():
                return
        time.sleep(0.005)


def kill_once(kind, out, args, log, tally, rng, mode, span):
    """Starts args and kills it (SIGKILL); checks out. mode says when: "write", as soon as a temporary
    file shows a checkpoint being written; "anywhere", at a random moment from the start of training
    to a little past a whole run's end; "checkpointed", at a random moment after the run's first
    checkpoint of its own.

    Returns "state" or "none" (what the kill left), or "finished" if the run was done first. The
    state found is "previous" if it is the file that was there the moment before the kill, "new"
    if a checkpoint went in place during it.
    """
    first = state_of(kind, out)
    process = start(args, log)
    seen = None
    killed = False

    def own_checkpoint():
        now = state_of_inode(kind, out)
        return now is not None and (first is None or now != first[0])

    if mode == "write":
        deadline = time.time() + 120
        while process.poll() is None and time.time() < deadline:
            seen = state_of_inode(kind, out)
            if first is None or own_checkpoint():
                try:
                    if any(TEMPORARY.fullmatch(n) for n in os.listdir(out)):
                        os.kill(process.pid, signal.SIGKILL)
                        killed = True
                        break
                except FileNotFoundError:
                    pass
    else:
        await_start(kind, process, log)
        if mode == "checkpointed":
            while process.poll() is None and not own_checkpoint():
                time.sleep(0.005)
        time.sleep(rng.uniform(0, span if mode == "anywhere" else span / 2))
        if process.poll() is None:
            seen = state_of_inode(kind, out)
            done = KINDS[kind]["done"] in open(log, errors="replace").read()
            os.kill(process.pid, signal.SIGKILL)
            killed = not done
            if done:
                tally.after_the_end += 1
    process.wait()
    if not killed:
        if process.returncode not in (0, -signal.SIGKILL):
            tally.fail("%s exited %d before its kill; see %s" % (kind, process.returncode, log))
        return "finished"
    tally.kills += 1
    if temporaries(out):
        tally.interrupted_writes += 1
    torn = torn_files(out)
    tally.torn += len(torn)
    for path, reason in torn:
        tally.fail("torn after a kill: %s (%s)" % (path, reason))
    after = state_of(kind, out)
    if after is None:
        tally.found["none-yet"] += 1
        if seen is not None:
            tally.fail("the state was there before the kill and is gone")
        return "none"
    tally.found["previous" if after[0] == seen else "new"] += 1
    if first is not None and after[1] < first[1]:
        tally.fail("the state went back from %d to %d" % (first[1], after[1]))
    if not model_agrees(kind, out):
        tally.model_ahead += 1
    return "state"


def state_of_inode(kind, out):
    try:
        return os.stat(os.path.join(out, KINDS[kind]["state"])).st_ino
    except FileNotFoundError:
        return None


def finished_outputs(out):
    """Whether out holds the outputs of a finished run (fit writes metrics.json at every checkpoint too)."""
    try:
        metrics = json.load(open(os.path.join(out, "metrics.json")))
    except OSError:
        return False
    return metrics.get("finished", True) is True


def chains(kind, kills, work, rng, tally, expected, span):
    """Kills in chains of up to five links, each resuming the last; each chain then runs to its end."""
    spec = KINDS[kind]
    chain = 0
    while tally.kills < kills:
        chain += 1
        out = os.path.join(work, "%s-chain%d" % (kind, chain))
        shutil.rmtree(out, ignore_errors=True)
        has_state = False
        finished = False
        for link in range(min(5, kills - tally.kills)):
            log = "%s-%d.log" % (out, link)
            if has_state:
                args = resume_args(kind, out)
                tally.resumes += 1
                position = state_of(kind, out)[1]
            else:
                if link > 0:
                    # Killed before its first checkpoint: --resume says so in one line; the run starts over.
                    code = run(resume_args(kind, out), log + ".refused")
                    lines = error_lines(open(log + ".refused").read())
                    if code != BAD_INPUT or len(lines) != 1:
                        tally.fail("--resume of a run with no state: exit %d, %s" % (code, lines))
                args = with_out(spec["args"], out)
            mode = ("write", "anywhere", "checkpointed")[tally.kills % 3]
            outcome = kill_once(kind, out, args, log, tally, rng, mode, span)
            if has_state:
                # The resumed run went on from the state: a later checkpoint, or killed before its first.
                text = open(log).read()
                later = state_of(kind, out) if outcome != "finished" else None
                if error_lines(text) or (later is not None and later[1] < position):
                    tally.fail("resume from %d: %s" % (position, error_lines(text)))
                else:
                    tally.resumes_ok += 1
            if outcome == "finished":
                finished = True
                break
            has_state = has_state or outcome == "state"
        tally.chains += 1
        if has_state and state_of(kind, out) is None and finished_outputs(out):
            # Killed after it removed its state, its outputs complete, just before it printed its last line.
            finished = True
        if not finished:
            # The chain ends with --resume run to the end (or, with no state yet, the run itself).
            log = out + "-end.log"
            if has_state:
                tally.resumes += 1
            code = run(resume_args(kind, out) if has_state else with_out(spec["args"], out), log)
            if code != 0:
                tally.fail("the last run of %s exited %d: %s" % (out, code, error_lines(open(log).read())))
                continue
            if has_state:
                tally.resumes_ok += 1
        if temporaries(out):
            tally.fail("temporary files left after a finished run: %s" % temporaries(out))
        if sha(os.path.join(out, "model.safetensors")) == expected:
            tally.chains_exact += 1
        else:
            tally.fail("%s ended with other bytes than the run never killed" % out)


# ---- a full disk, a read-only mount, two runs at once (as root: mount needs it) ----

def mount_tmpfs(path, size):
    os.makedirs(path, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", path],
                          capture_output=True).returncode == 0


def umount(path):
    subprocess.run(["umount", path], capture_output=True)


def fill(path):
    """Writes a file into path until the disk is full."""
    with open(os.path.join(path, "filler"), "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
                f.flush()
        except OSError:
            pass


def disk_checks(kind, work, expected, tally):
    spec = KINDS[kind]
    disk = os.path.join(work, kind + "-disk")
    if not mount_tmpfs(disk, "16m"):
        print("  %s: no tmpfs could be mounted (needs root): full-disk and read-only checks left out" % kind)
        return False
    try:
        out = os.path.join(disk, "run")
        # The disk fills up once the run has its first checkpoint.
        log = os.path.join(work, kind + "-full.log")
        process = start(with_out(spec["args"], out), log)
        while process.poll() is None and state_of(kind, out) is None:
            time.sleep(0.01)
        fill(disk)
        code = process.wait()
        lines = error_lines(open(log).read())
        before = state_of(kind, out)
        ok = code == BAD_INPUT and len(lines) == 1 and "No space left on device" in lines[0] and before is not None
        ok = ok and not torn_files(out) and not temporaries(out)
        report(tally, ok, "%s on a disk that fills up: exit %d, %s, state at %s" % (kind, code, lines,
                                                                                      before and before[1]))
        # A fresh run on the full disk: one line, and no empty directory left behind.
        fresh = os.path.join(disk, "fresh")
        code = run(with_out(spec["args"], fresh), log + ".fresh")
        lines = error_lines(open(log + ".fresh").read())
        report(tally, code == BAD_INPUT and len(lines) == 1 and not os.path.exists(fresh),
               "%s started on a full disk: exit %d, %s, directory left: %s" % (kind, code, lines,
                                                                               os.path.exists(fresh)))
        if kind == "fit":
            # Read-only: resume and a fresh run are refused in one line, nothing changes.
            os.remove(os.path.join(disk, "filler"))
            files = snapshot(out)
            subprocess.run(["mount", "-o", "remount,ro", disk], check=True)
            code = run(resume_args(kind, out), log + ".ro")
            lines = error_lines(open(log + ".ro").read())
            report(tally, code == BAD_INPUT and len(lines) == 1 and "Read-only file system" in lines[0]
                   and snapshot(out) == files, "fit --resume on a read-only mount: exit %d, %s" % (code, lines))
            code = run(with_out(spec["args"], os.path.join(disk, "new")), log + ".ro-new")
            lines = error_lines(open(log + ".ro-new").read())
            report(tally, code == BAD_INPUT and len(lines) == 1 and "Read-only file system" in lines[0],
                   "fit into a new directory on a read-only mount: exit %d, %s" % (code, lines))
            subprocess.run(["mount", "-o", "remount,rw", disk], check=True)
        else:
            os.remove(os.path.join(disk, "filler"))
        # Room again: --resume finishes with the bytes of the run never stopped.
        code = run(resume_args(kind, out), log + ".resume")
        report(tally, code == 0 and sha(os.path.join(out, "model.safetensors")) == expected,
               "%s resumed once there is room: exit %d, bytes of the whole run: %s" % (
                   kind, code, code == 0 and sha(os.path.join(out, "model.safetensors")) == expected))
    finally:
        umount(disk)
    return True


def lock_check(kind, work, expected, tally):
    spec = KINDS[kind]
    out = os.path.join(work, kind + "-twice")
    log = out + ".log"
    first = start(with_out(spec["args"], out), log)
    while first.poll() is None and state_of(kind, out) is None:
        time.sleep(0.01)
    code = run(with_out(spec["args"], out), log + ".second")
    lines = error_lines(open(log + ".second").read())
    first_code = first.wait()
    report(tally, code == BAD_INPUT and len(lines) == 1 and "is in use by another sl2a run" in lines[0]
           and first_code == 0 and sha(os.path.join(out, "model.safetensors")) == expected,
           "%s started twice on one directory: the second exit %d, %s; the first exit %d" % (kind, code, lines,
                                                                                              first_code))


def report(tally, ok, what):
    print("  %s %s" % ("ok    " if ok else "FAILED", what), flush=True)
    if not ok:
        tally.failures.append(what)


def main():
    args = sys.argv[1:]
    kills = int(args.pop(0)) if args and args[0].isdigit() else 20
    kinds = args or list(KINDS)
    work = os.environ.get("KILL9_WORK") or tempfile.mkdtemp(prefix="sl2a-kill9-")
    os.makedirs(work, exist_ok=True)
    rng = random.Random(int(os.environ.get("KILL9_SEED", "1")))
    print("kill9: %d kills each of %s, work in %s" % (kills, ", ".join(kinds), work), flush=True)
    tallies = []
    for kind in kinds:
        expected, seconds = reference(kind, work)
        tally = Tally(kind)
        print("%s: the run never killed trains and writes for %.1f s" % (kind, seconds), flush=True)
        chains(kind, kills, work, rng, tally, expected, 1.1 * seconds)
        lock_check(kind, work, expected, tally)
        disk_checks(kind, work, expected, tally)
        print(tally.line(), flush=True)
        tallies.append(tally)
    print()
    print("kill9 tally (%s):" % time.strftime("%Y-%m-%d %H:%M"))
    for tally in tallies:
        print(tally.line())
    failures = sum(len(t.failures) for t in tallies)
    print("checks failed: %d" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
