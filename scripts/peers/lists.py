"""Writes the inputs wrk draws from (scripts/peers/compare.sh): every entity id of the nodes CSV
in file order (ids.txt), and up to 1,000 search words (words.txt): plain lower-case words of
four or more ASCII letters that occur in entity names, sampled with a fixed seed, sorted.

    lists.py NODES.csv OUT_DIR
"""

import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peerdata  # noqa: E402

PLAIN = re.compile(r"[a-z]{4,}")


def main():
    nodes, out = sys.argv[1:3]
    ids, names, _, _ = peerdata.read_nodes(nodes)
    with open(os.path.join(out, "ids.txt"), "w", encoding="utf-8") as f:
        for entity in ids:
            if '"' in entity or "\\" in entity:
                raise SystemExit(f"an id that request.lua cannot put in JSON as it is: {entity}")
            f.write(entity + "\n")
    plain = sorted({w for name in names for w in peerdata.words(name) if PLAIN.fullmatch(w)})
    chosen = sorted(random.Random(18).sample(plain, min(1000, len(plain))))
    with open(os.path.join(out, "words.txt"), "w", encoding="utf-8") as f:
        for word in chosen:
            f.write(word + "\n")
    print(f"{len(ids)} ids, {len(chosen)} search words of {len(plain)}", file=sys.stderr)


if __name__ == "__main__":
    main()
