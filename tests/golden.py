"""Golden outputs: the SHA-256 of every file the build and the report write.

A change that alters an export or the report page by accident fails `tests/test_golden.py`.
A change meant to alter them rewrites the sums with `make golden` and says so in its commit:
the diff of `tests/data/golden/SHA256SUMS` then shows which outputs moved.
"""

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUMS = ROOT / "tests" / "data" / "golden" / "SHA256SUMS"
SYNTH_AGREEMENTS, SYNTH_SEED = "2", "7"


def _kgbuild(*args: str, cwd: Path) -> None:
    subprocess.run([sys.executable, "-m", "kgbuild", *args], cwd=cwd, check=True,
                   capture_output=True, text=True)


def current_sums() -> dict[str, str]:
    """Build the curated graph, its report and a seeded synthetic graph; hash every output."""
    sums: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        _kgbuild("build", "-o", str(out / "dist"), cwd=ROOT)
        _kgbuild("report", "-o", str(out / "site"), cwd=ROOT)
        _kgbuild("synth", "-n", SYNTH_AGREEMENTS, "--seed", SYNTH_SEED, "-o", str(out / "synth"),
                 cwd=ROOT)
        _kgbuild("build", "-o", str(out / "synth-dist"), cwd=out / "synth")
        for part in ("dist", "site", "synth-dist"):
            for path in sorted((out / part).iterdir()):
                sums[f"{part}/{path.name}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sums


def read_sums() -> dict[str, str]:
    sums = {}
    for line in SUMS.read_text(encoding="utf-8").splitlines():
        digest, name = line.split(None, 1)
        sums[name] = digest
    return sums


def write_sums(sums: dict[str, str]) -> None:
    SUMS.write_text("".join(f"{digest}  {name}\n" for name, digest in sorted(sums.items())),
                    encoding="utf-8")


if __name__ == "__main__":
    write_sums(current_sums())
    print(f"wrote {SUMS.relative_to(ROOT)}")
