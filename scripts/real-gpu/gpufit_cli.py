"""Finding the gpufit to check, and running it.

The GPU machine has no JDK, so there gpufit is the self-contained release tarball (a jlinked
runtime and bin/gpufit) carried with the working tree; on a build machine it is scripts/gpufit.
"""

import glob
import json
import os
import shutil
import subprocess
import tempfile

# Where a release travels: .real-gpu/ is the ignored folder the recipe in docs/real-gpu.md
# copies the tarball into; target/dist/ is where the build writes it.
RELEASE_DIRS = (".real-gpu", "target/dist")


class GpufitNotFound(Exception):
    pass


def _launcher_in(directory):
    """bin/gpufit in an unpacked release directory, or one level below it."""
    for pattern in ("bin/gpufit", "*/bin/gpufit"):
        for path in sorted(glob.glob(os.path.join(directory, pattern))):
            if os.access(path, os.X_OK):
                return path
    return None


def locate(root, env):
    """(argv prefix, how it was found). Order: $GPUFIT; an unpacked release; a release tarball
    (unpacked into a temporary directory); scripts/gpufit when java is on the PATH."""
    named = env.get("GPUFIT")
    if named:
        path = _launcher_in(named) if os.path.isdir(named) else named
        if not path or not os.access(path, os.X_OK):
            raise GpufitNotFound("GPUFIT=%s is not an executable gpufit (or a release directory)" % named)
        return [path], "GPUFIT=%s" % named
    for rel in RELEASE_DIRS:
        for directory in sorted(glob.glob(os.path.join(root, rel, "gpufit-*"))):
            if os.path.isdir(directory):
                path = _launcher_in(directory)
                if path:
                    return [path], "unpacked release %s" % os.path.relpath(directory, root)
    for rel in RELEASE_DIRS:
        tarballs = sorted(glob.glob(os.path.join(root, rel, "gpufit-*-linux-x86_64.tar.gz")))
        if tarballs:
            tarball = tarballs[-1]
            into = tempfile.mkdtemp(prefix="gpufit-release-")
            subprocess.run(["tar", "-xzf", tarball, "-C", into], check=True)
            path = _launcher_in(into)
            if not path:
                raise GpufitNotFound("%s holds no bin/gpufit" % tarball)
            return [path], "release tarball %s" % os.path.relpath(tarball, root)
    if shutil.which("java") or env.get("JAVA_HOME") or env.get("GPUFIT_JAVA"):
        return [os.path.join(root, "scripts", "gpufit")], "scripts/gpufit (java on the PATH)"
    raise GpufitNotFound(
        "no gpufit: set GPUFIT, or put the release tarball gpufit-*-linux-x86_64.tar.gz into .real-gpu/ "
        "or target/dist/, or install a JDK for scripts/gpufit")


class Gpufit:
    def __init__(self, argv, env):
        self.argv = list(argv)
        self.env = dict(env)
        self.calls = 0

    def run(self, args, env=None, timeout=120):
        """(exit code, stdout, stderr) of one gpufit command."""
        self.calls += 1
        proc = subprocess.run(self.argv + list(args), capture_output=True, text=True, timeout=timeout,
                              env=env if env is not None else self.env)
        return proc.returncode, proc.stdout, proc.stderr

    def json(self, args, env=None, timeout=120):
        """(exit code, parsed JSON or None, stderr) of a command run with --format json."""
        rc, out, err = self.run(list(args) + ["--format", "json"], env=env, timeout=timeout)
        try:
            doc = json.loads(out) if out.strip() else None
        except ValueError:
            doc = None
            err = (err + "\nstdout is not JSON: " + out[:200]).strip()
        return rc, doc, err

    def version(self):
        rc, out, err = self.run(["--version"])
        return out.strip() if rc == 0 else "unknown (%s)" % err.strip()[:200]
