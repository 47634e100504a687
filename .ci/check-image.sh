#!/usr/bin/env bash
# Builds the container image as a tarball with Jib, offline (scratch base: no registry needed), and checks its config:
# numeric non-root user, exposed port 4567/tcp, the entrypoint runs the main class, the OCI labels are present.
# Then builds it again from scratch (target/classes removed) and checks it is the same image: same digest, config and
# layers (reproducible: two builds of one commit give one digest).
# Called from .ci/run. Needs: the Maven cache (or network once), tar, python3.
# Notes:
#  - jib:buildTar cannot build the two configured platforms at once, so this builds linux/amd64 only.
#  - with a scratch base the image has no `java`, so it would not run; only its config is inspected. Jib's default
#    entrypoint (java <jvmFlags> -cp @/app/jib-classpath-file <mainClass>) needs no override for that.
set -euo pipefail
cd "$(dirname "$0")/.."

MVN=${MVN:-./mvnw}
TAR=target/jib-image.tar
COMMIT="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
build_image() {
  rm -f "$TAR" target/jib-image.digest
  "$MVN" -B -q -o -Djib.from.image=scratch -Djib.from.platforms=linux/amd64 -Dgit.commit="$COMMIT" \
    compile jib:buildTar ||
    "$MVN" -B -q -Djib.from.image=scratch -Djib.from.platforms=linux/amd64 -Dgit.commit="$COMMIT" compile jib:buildTar
}
build_image

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
CONFIG="$WORK/config.json"
tar -xOf "$TAR" config.json >"$CONFIG"
mkdir "$WORK/first"
cp target/jib-image.digest "$WORK/first/digest"
tar -xOf "$TAR" manifest.json >"$WORK/first/manifest.json"
cp "$CONFIG" "$WORK/first/config.json"
python3 - "$CONFIG" <<'PY'
import json, sys
cfg = json.load(open(sys.argv[1]))
c = cfg.get("config", {})
errors = []
user = c.get("User", "")
uid = user.split(":")[0]
if not uid.isdigit():
    errors.append(f"user must be numeric uid[:gid] so runAsNonRoot can verify it, got {user!r}")
elif uid == "0":
    errors.append("user must not be root (uid 0)")
if "4567/tcp" not in c.get("ExposedPorts", {}):
    errors.append(f"port 4567/tcp not exposed: {sorted(c.get('ExposedPorts', {}))}")
ep = c.get("Entrypoint") or []
if "org.cruddur.CruddurApplication" not in ep:
    errors.append(f"entrypoint does not run org.cruddur.CruddurApplication: {ep}")
for flag in ("-XX:MaxRAMPercentage=45", "-XX:MaxDirectMemorySize=32m", "-XX:+ExitOnOutOfMemoryError",
             "-XX:TrimNativeHeapInterval=5000"):
    if flag not in ep:
        errors.append(f"JVM flag {flag} missing from entrypoint: {ep}")
labels = c.get("Labels") or {}
for key in ("org.opencontainers.image.source", "org.opencontainers.image.version", "org.opencontainers.image.revision"):
    if not labels.get(key):
        errors.append(f"label {key} missing or empty")
if cfg.get("created") != "1970-01-01T00:00:00Z":
    errors.append(f"creation time is not reproducible: {cfg.get('created')}")
if errors:
    print("image config check FAILED:", *errors, sep="\n  ")
    sys.exit(1)
print(f"image config OK: user {user}, port 4567/tcp, main class, labels {sorted(labels)}")
PY

# Reproducible: a second build from scratch gives the same image.
rm -rf target/classes
build_image
mkdir "$WORK/second"
cp target/jib-image.digest "$WORK/second/digest"
tar -xOf "$TAR" manifest.json >"$WORK/second/manifest.json"
tar -xOf "$TAR" config.json >"$WORK/second/config.json"
python3 - "$WORK/first" "$WORK/second" <<'PY'
import json, os, sys
first, second = sys.argv[1], sys.argv[2]
read = lambda d, f: open(os.path.join(d, f), encoding="utf-8").read()
layers = lambda d: json.loads(read(d, "manifest.json"))[0]["Layers"]
config = lambda d: json.loads(read(d, "config.json"))
errors = []
if read(first, "digest") != read(second, "digest"):
    errors.append(f"image digest {read(first, 'digest')} then {read(second, 'digest')}")
if config(first) != config(second):
    errors.append("config.json differs")
a, b = config(first)["rootfs"]["diff_ids"], config(second)["rootfs"]["diff_ids"]
for index, (x, y) in enumerate(zip(a, b)):
    if x != y:
        errors.append(f"layer {index} ({layers(first)[index]}) differs: {x} then {y}")
if len(a) != len(b):
    errors.append(f"{len(a)} layers then {len(b)}")
if errors:
    print("image reproducibility check FAILED (two builds of one commit):", *errors, sep="\n  ")
    sys.exit(1)
print(f"image reproducible: two builds give {read(first, 'digest')} ({len(a)} layers)")
PY
