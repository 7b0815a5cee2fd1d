"""Prepares regiograph's exported tables for PostgreSQL (scripts/peers/compare.sh): computes
PageRank with networkx and writes entity.csv (num, id, name, kind, pagerank) and relation.csv
(num, type, from_id, to_id) for psql's \\copy into the tables of postgres.sql.

    prepare.py NODES.csv EDGES.csv OUT_DIR
"""

import csv
import os
import sys

import peerdata


def main():
    nodes, edges_path, out = sys.argv[1:4]
    ids, names, kinds, _ = peerdata.read_nodes(nodes)
    index = {entity: i for i, entity in enumerate(ids)}
    edges = peerdata.read_edges(edges_path, index)
    ranks = peerdata.pagerank(len(ids), edges)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "entity.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        for i, entity in enumerate(ids):
            writer.writerow([i + 1, entity, names[i], kinds[i], repr(ranks[i])])
    with open(os.path.join(out, "relation.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        for number, kind, a, b in edges:
            writer.writerow([number, kind, ids[a], ids[b]])


if __name__ == "__main__":
    main()
