"""Write a tiny jar whose manifest starts the Cloud SDK's Firestore emulator.

The SDK's jar has no Main-Class, so `java -jar` (which firebase-tools runs) cannot start it
directly; this launcher names the main class and puts the SDK jar on its Class-Path.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

MAIN_CLASS = "com.google.cloud.datastore.emulator.firestore.CloudFirestore"


def _manifest_line(text: str) -> str:
    # Manifest lines are limited to 72 bytes; longer ones continue on lines that start with a space.
    raw = text.encode()
    chunks = [raw[:72]] + [raw[i : i + 71] for i in range(72, len(raw), 71)]
    return "\r\n ".join(chunk.decode() for chunk in chunks) + "\r\n"


def manifest_for(sdk_jar: Path) -> str:
    return (
        _manifest_line("Manifest-Version: 1.0")
        + _manifest_line(f"Main-Class: {MAIN_CLASS}")
        + _manifest_line(f"Class-Path: {sdk_jar.resolve().as_uri()}")
        + "\r\n"
    )


def main(sdk_jar: str, launcher: str) -> int:
    target = Path(launcher)
    manifest = manifest_for(Path(sdk_jar))
    if target.exists():
        with zipfile.ZipFile(target) as existing:
            if existing.read("META-INF/MANIFEST.MF").decode() == manifest:
                return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".tmp")
    with zipfile.ZipFile(partial, "w") as jar:
        jar.writestr("META-INF/MANIFEST.MF", manifest)
    partial.replace(target)
    print(f"wrote {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
