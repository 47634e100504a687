#!/usr/bin/env python3
"""Validates skaffold.yaml, docker-compose.yml and the GitHub Actions workflows against their official JSON schemas.

Usage (from the repository root, as .ci/run calls it):
    python3 .ci/validate-schemas.py [SCHEMA_DIR]      # SCHEMA_DIR defaults to ../shared/schemas

Workflows are read as GitHub reads them (YAML 1.2: `on` is a key, not a boolean), and every action they use must be
pinned to a release tag (vX.Y.Z) or a commit SHA.
Needs PyYAML and jsonschema (present on CI, not needed on a user's machine). When kubectl is on the PATH it also
builds k8s/ with `kubectl kustomize` (offline) to prove the kustomization resolves, and when `docker compose` or
docker-compose is there, resolves docker-compose.yml with `config` (no engine needed).
Exit status 1 with one line per violation when a file does not validate.
"""
import json
import os
import re
import shutil
import subprocess
import sys

import jsonschema
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
FILES = {
    "skaffold.yaml": "skaffold-v4beta14.json",
    "docker-compose.yml": "compose-spec.json",
    ".github/workflows/kind.yml": "github-workflow.json",
}

WORKFLOWS = ".github/workflows/"

# owner/repo[/path]@v1.2.3 or @<40 hex>; local (./) and docker:// actions need no pin.
PINNED_ACTION = re.compile(r"^[\w.-]+/[\w./-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 booleans (true/false only), as GitHub reads workflows: `on:` stays the key "on"."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def unpinned_actions(document, name):
    """Each `uses:` of the workflow that is not pinned to a release tag or a commit SHA."""
    problems = []
    for job_id, job in (document.get("jobs") or {}).items():
        for index, step in enumerate(job.get("steps") or []):
            uses = step.get("uses")
            if uses and not uses.startswith(("./", "docker://")) and not PINNED_ACTION.match(uses):
                problems.append(f"{name} job {job_id} step {index + 1}: action {uses!r} is not pinned to vX.Y.Z or a SHA")
    return problems


def validate(document_path, schema_path):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    workflow = WORKFLOWS in document_path.replace(os.sep, "/")
    with open(document_path, encoding="utf-8") as f:
        documents = [d for d in yaml.load_all(f, Loader=Yaml12Loader if workflow else yaml.SafeLoader) if d is not None]
    validator_class = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    validator = validator_class(schema)
    problems = []
    for index, document in enumerate(documents):
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
            # anyOf/oneOf failures (skaffold's root is anyOf) carry the useful error in their context.
            while error.context:
                error = jsonschema.exceptions.best_match(error.context)
            where = "/".join(str(p) for p in error.absolute_path) or "(root)"
            problems.append(f"{os.path.basename(document_path)}[{index}] at {where}: {error.message[:300]}")
        if workflow:
            problems.extend(unpinned_actions(document, os.path.basename(document_path)))
    return problems


def compose_command():
    """`docker compose` (v2 plugin) or `docker-compose` (v1, Debian package): both resolve a file without an engine."""
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def main():
    schema_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "schemas")
    if not os.path.isabs(schema_dir):
        schema_dir = os.path.join(os.getcwd(), schema_dir)
    problems = []
    for document, schema in FILES.items():
        schema_path = os.path.join(schema_dir, schema)
        if not os.path.isfile(schema_path):
            problems.append(f"schema not found: {schema_path}")
            continue
        found = validate(os.path.join(ROOT, document), schema_path)
        problems.extend(found)
        if not found:
            print(f"OK  {document} validates against {schema}")
    kubectl = shutil.which("kubectl")
    if kubectl:
        result = subprocess.run([kubectl, "kustomize", os.path.join(ROOT, "k8s")], capture_output=True, text=True)
        if result.returncode != 0:
            problems.append(f"kubectl kustomize k8s failed: {result.stderr.strip()}")
        else:
            kinds = [d.get("kind") for d in yaml.safe_load_all(result.stdout) if d]
            print(f"OK  kubectl kustomize k8s: {len(kinds)} objects ({', '.join(sorted(set(kinds)))})")
    else:
        print("--  kubectl not found: k8s/ kustomization not built")
    compose = compose_command()
    if compose:
        result = subprocess.run(compose + ["-f", os.path.join(ROOT, "docker-compose.yml"), "--profile", "jaeger",
                                           "config", "-q"], capture_output=True, text=True, cwd=ROOT)
        if result.returncode != 0:
            problems.append(f"{' '.join(compose)} config failed: {result.stderr.strip()}")
        else:
            print(f"OK  {' '.join(compose)} config accepts docker-compose.yml")
    else:
        print("--  neither `docker compose` nor docker-compose found: compose file not resolved")
    for problem in problems:
        print(f"ERR {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
