#!/usr/bin/env bash
# Puts a Kotlin compiler in .cache/kotlin/ for the Kotlin binding tests (tests/kotlin/), if it is
# not there yet. This machine reaches no Kotlin download site, so the compiler comes from PyPI:
# JetBrains' kotlin-jupyter-kernel wheel bundles a complete compiler (class
# org.jetbrains.kotlin.cli.jvm.K2JVMCompiler in its *-all.jar) and the Kotlin standard library.
# Pinned; ~80 MB download. Prints nothing when already set up.
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.19.0.944
dest=.cache/kotlin
if [ -f "$dest/version" ] && [ "$(cat "$dest/version")" = "$version" ]; then
  exit 0
fi
echo "setup: Kotlin compiler from PyPI (kotlin-jupyter-kernel $version)"
rm -rf "$dest"
mkdir -p "$dest"
python3 -m pip download --quiet --no-deps --no-cache-dir -d "$dest" "kotlin-jupyter-kernel==$version"
python3 - "$dest" <<'PY'
import glob, os, re, shutil, sys, zipfile
dest = sys.argv[1]
wheel = glob.glob(f"{dest}/kotlin_jupyter_kernel-*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        base = os.path.basename(name)
        if name.endswith("-all.jar"):
            target = "kotlin-compiler.jar"
        elif re.fullmatch(r"kotlin-stdlib-[0-9][^/]*\.jar", base):
            target = "kotlin-stdlib.jar"
        else:
            continue
        with z.open(name) as src, open(os.path.join(dest, target), "wb") as out:
            shutil.copyfileobj(src, out)
os.remove(wheel)
PY
[ -f "$dest/kotlin-compiler.jar" ] && [ -f "$dest/kotlin-stdlib.jar" ] || {
  echo "setup: the kotlin-jupyter-kernel wheel did not hold the compiler jars" >&2
  exit 1
}
echo "$version" >"$dest/version"
