"""Reading regiograph's exported node and edge tables (`regiograph export --format csv-nodes`
and `csv-edges`) for the peers of scripts/peers/compare.sh, with the definitions the peers
share: PageRank by networkx, the undirected graph for paths, and the words of a name.

The Strawberry server (strawberry_app.py), the PostgreSQL preparation (prepare.py) and the
answer checks (check.py) all read the data through this module, so they agree on it.
"""

import csv
import re
import sys
import unicodedata

import networkx as nx

csv.field_size_limit(sys.maxsize)

# Words for the one-word search: runs of letters and digits, lower case. PostgreSQL's `simple`
# text search configuration splits names in much the same way.
WORD = re.compile(r"\w+", re.UNICODE)


def words(text):
    """The distinct lower-case words of a text."""
    return set(WORD.findall(text.lower()))


def read_nodes(path):
    """The entities as three lists in file order: ids, names and kinds (lower case, as the
    export writes them), and regiograph's own PageRank of each (the `pagerank` column)."""
    ids, names, kinds, ranks = [], [], [], []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            ids.append(row["id"])
            names.append(row["label"])
            kinds.append(row["kind"])
            ranks.append(float(row["pagerank"]) if row.get("pagerank") else 0.0)
    return ids, names, kinds, ranks


def read_edges(path, index):
    """The relations in file order as (number, type, from index, to index), the number being
    regiograph's own (`e17` is 17); `index` maps an entity id to its place in the nodes."""
    edges = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            edges.append(
                (int(row["id"].lstrip("e")), row["relation_type"], index[row["source"]], index[row["target"]])
            )
    return edges


def pagerank(n, edges):
    """PageRank following relations in their direction with networkx's defaults (damping
    0.85, tolerance 1e-6 per entity), every relation counted (a multigraph), as a list by
    entity index. Rank of entities with no outgoing relation is spread over all, as in
    regiograph."""
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from((a, b) for _, _, a, b in edges)
    ranks = nx.pagerank(graph, alpha=0.85)
    return [ranks[i] for i in range(n)]


def undirected(n, edges):
    """The graph of the relations taken both ways, one link per pair of entities, for paths."""
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from((a, b) for _, _, a, b in edges)
    return graph


def fold(text):
    """A text without accents, for choosing plain search words."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
