"""The answer checks of scripts/peers/compare.sh, run against each server before it is timed.

    check.py SERVER URL NODES.csv EDGES.csv WORDS.txt OUT_DIR [--pairs 200] [--sample 200]

It fails (exit 1, with the differences) unless, for the same seeded samples:
- one entity: every sampled id gives the name and kind of the nodes CSV;
- path: for every sampled pair, the server's path is as long as networkx's shortest_path_length
  on the undirected graph of the edges CSV (or both say "no path" when it is longer than 10 or
  there is none), starts and ends at the pair and follows relations;
- two levels: the same answer as the servers checked before it (out and in relations, first ten
  each, of the entity and of each neighbour, by names and types);
- ranking and search: read and kept (answers-SERVER.json in OUT_DIR) for summary.py, which
  compares them across servers, since PageRank and search are defined differently.
"""

import argparse
import json
import os
import random
import sys
import urllib.request

import networkx as nx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import documents  # noqa: E402
import peerdata  # noqa: E402

MAX_LENGTH = 10


def ask(url, server, kind, variables):
    """One request; the `data` of its answer read by documents.read (GraphQL errors fail)."""
    body = json.dumps({"query": documents.DOCUMENTS[server][kind], "variables": variables}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.load(response)
    if answer.get("errors"):
        raise SystemExit(f"{server} {kind} {variables}: GraphQL errors {answer['errors']}")
    return documents.read(server, kind, answer["data"])


def samples(ids, words, pairs, sample):
    """The seeded inputs every server is asked: entity ids, pairs of ids, search words."""
    rng = random.Random(18)
    entities = rng.sample(ids, min(sample, len(ids)))
    pair_list = []
    while len(pair_list) < pairs:
        a, b = rng.choice(ids), rng.choice(ids)
        if a != b:
            pair_list.append((a, b))
    nested = entities[:20]
    word_list = rng.sample(words, min(20, len(words)))
    return entities, pair_list, nested, word_list


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("server", choices=sorted(documents.DOCUMENTS))
    parser.add_argument("url")
    parser.add_argument("nodes")
    parser.add_argument("edges")
    parser.add_argument("words")
    parser.add_argument("out")
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--sample", type=int, default=200)
    args = parser.parse_args()
    server = args.server

    ids, names, kinds, _ = peerdata.read_nodes(args.nodes)
    index = {entity: i for i, entity in enumerate(ids)}
    edges = peerdata.read_edges(args.edges, index)
    graph = peerdata.undirected(len(ids), edges)
    words = [line.strip() for line in open(args.words, encoding="utf-8") if line.strip()]
    entities, pairs, nested, word_list = samples(ids, words, args.pairs, args.sample)
    problems = []

    for entity in entities:
        got = ask(args.url, server, "one-entity", {"id": entity})
        want = [entity, names[index[entity]], kinds[index[entity]].lower()]
        if got != want:
            problems.append(f"one entity {entity}: got {got}, want {want}")

    lengths = {}
    found = 0
    for a, b in pairs:
        try:
            want = nx.shortest_path_length(graph, index[a], index[b])
        except nx.NetworkXNoPath:
            want = None
        if want is not None and want > MAX_LENGTH:
            want = None
        path = ask(args.url, server, "path", {"a": a, "b": b})
        got = None if path is None else len(path) - 1
        lengths[f"{a} {b}"] = got
        if got != want:
            problems.append(f"path {a} -> {b}: length {got}, networkx says {want}")
            continue
        if path is None:
            continue
        found += 1
        steps = [index.get(p) for p in path]
        if path[0] != a or path[-1] != b or None in steps:
            problems.append(f"path {a} -> {b}: goes from {path[0]} to {path[-1]}")
        elif any(not graph.has_edge(x, y) for x, y in zip(steps, steps[1:])):
            problems.append(f"path {a} -> {b}: {path} does not follow relations")

    answers = {
        "server": server,
        "paths_found": found,
        "paths_asked": len(pairs),
        "path_lengths": lengths,
        "two_levels": {entity: ask(args.url, server, "two-levels", {"id": entity}) for entity in nested},
        "ranking": ask(args.url, server, "ranking", {"first": 10}),
        "search": {word: ask(args.url, server, "search", {"q": word}) for word in word_list},
    }

    # Two levels must match every server checked before this one (compared as JSON, in which
    # form the earlier answers were kept).
    answers = json.loads(json.dumps(answers))
    for other in sorted(os.listdir(args.out)):
        if not (other.startswith("answers-") and other.endswith(".json")) or other == f"answers-{server}.json":
            continue
        earlier = json.load(open(os.path.join(args.out, other), encoding="utf-8"))
        for entity, answer in answers["two_levels"].items():
            if earlier["two_levels"].get(entity) != answer:
                problems.append(
                    f"two levels of {entity}: {server} and {earlier['server']} differ:\n"
                    f"  {server}: {json.dumps(answer, ensure_ascii=False)[:600]}\n"
                    f"  {earlier['server']}: {json.dumps(earlier['two_levels'].get(entity), ensure_ascii=False)[:600]}"
                )

    with open(os.path.join(args.out, f"answers-{server}.json"), "w", encoding="utf-8") as f:
        json.dump(answers, f, ensure_ascii=False, indent=1)
    if problems:
        print(f"{server}: {len(problems)} answers differ:", file=sys.stderr)
        for problem in problems[:5]:
            print("  " + problem, file=sys.stderr)
        sys.exit(1)
    print(
        f"{server}: answers agree: {len(entities)} entities by name and kind; {len(pairs)} paths "
        f"({found} within {MAX_LENGTH}) as long as networkx's; two levels of {len(nested)} entities",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
