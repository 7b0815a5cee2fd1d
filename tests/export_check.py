"""Reads a GraphML or GEXF export with networkx and prints what it found, as JSON.

Usage: export_check.py FILE NODE_ID EDGE_ID

Prints {"nodes": n, "edges": m, "node": {attributes of NODE_ID}, "edge": {attributes of the
edge whose id is EDGE_ID, with "source" and "target"}}. The Rust test tests/it/export.rs runs
it and checks the answer, so the exports are proved by a real reader.
"""

import json
import sys

import networkx as nx


def main() -> None:
    path, node_id, edge_id = sys.argv[1:4]
    if path.endswith(".graphml"):
        graph = nx.read_graphml(path)
    elif path.endswith(".gexf"):
        graph = nx.read_gexf(path)
    else:
        raise SystemExit(f"unknown file type: {path}")
    edge = None
    for source, target, key, data in nx.MultiDiGraph(graph).edges(keys=True, data=True):
        if data.get("id", key) == edge_id or key == edge_id:
            edge = {**data, "source": source, "target": target}
    print(
        json.dumps(
            {
                "nodes": graph.number_of_nodes(),
                "edges": graph.number_of_edges(),
                "directed": graph.is_directed(),
                "node": graph.nodes[node_id] if node_id in graph else None,
                "edge": edge,
            },
            sort_keys=True,
        )
    )


if __name__ == "__main__":
    main()
