"""The five request kinds of scripts/peers/compare.sh as each server's GraphQL document, and how
to read each answer into one shape that the answer checks (check.py) compare across servers.

PostGraphile 5 names a table's `id` column `rowId` (its `id` is the Relay node id), so its
documents ask for `id: rowId`.

Every document takes its inputs as variables: `$id` (one entity, two levels), `$a` and `$b`
(path), `$first` (ranking), `$q` (search). wrk sends the same documents (request.lua).
"""

KINDS = ["one-entity", "two-levels", "path", "ranking", "search"]

# The relations of a neighbour: out and in, the first ten each, with the names at both ends.
_REGIOGRAPH_LEVEL2 = (
    "out: relations(direction: OUT, first: 10) { nodes { type from { name } to { name } } } "
    "in: relations(direction: IN, first: 10) { nodes { type from { name } to { name } } }"
)
_POSTGRAPHILE_LEVEL2 = (
    "out: relationsByFromId(first: 10) { nodes { type from: entityByFromId { name } to: entityByToId { name } } } "
    "in: relationsByToId(first: 10) { nodes { type from: entityByFromId { name } to: entityByToId { name } } }"
)
_STRAWBERRY_LEVEL2 = (
    "out: relations(direction: OUT, first: 10) { type from { name } to { name } } "
    "in: relations(direction: IN, first: 10) { type from { name } to { name } }"
)

DOCUMENTS = {
    "regiograph": {
        "one-entity": "query($id: ID!) { entity(id: $id) { id name kind } }",
        "two-levels": "query($id: ID!) { entity(id: $id) { name "
        f"out: relations(direction: OUT, first: 10) {{ nodes {{ type to {{ name {_REGIOGRAPH_LEVEL2} }} }} }} "
        f"in: relations(direction: IN, first: 10) {{ nodes {{ type from {{ name {_REGIOGRAPH_LEVEL2} }} }} }} }} }}",
        "path": "query($a: ID!, $b: ID!) { path(from: $a, to: $b, maxLength: 10) { entities { id name } } }",
        "ranking": "query($first: Int!) { ranking(by: PAGE_RANK, first: $first) { score entity { id name } } }",
        "search": "query($q: String!) { search(query: $q, first: 10) { hits { entity { id name } } } }",
    },
    "postgraphile": {
        "one-entity": "query($id: String!) { entityByRowId(rowId: $id) { id: rowId name kind } }",
        "two-levels": "query($id: String!) { entityByRowId(rowId: $id) { name "
        f"out: relationsByFromId(first: 10) {{ nodes {{ type to: entityByToId {{ name {_POSTGRAPHILE_LEVEL2} }} }} }} "
        f"in: relationsByToId(first: 10) {{ nodes {{ type from: entityByFromId {{ name {_POSTGRAPHILE_LEVEL2} }} }} }} }} }}",
        "path": "query($a: String!, $b: String!) { shortestPath(fromId: $a, toId: $b, maxLength: 10) { nodes { id: rowId name } } }",
        "ranking": "query($first: Int!) { allEntities(orderBy: PAGERANK_DESC, first: $first) { nodes { id: rowId name pagerank } } }",
        "search": "query($q: String!) { searchEntities(word: $q, first: 10) { nodes { id: rowId name } } }",
    },
    "strawberry": {
        "one-entity": "query($id: ID!) { entity(id: $id) { id name kind } }",
        "two-levels": "query($id: ID!) { entity(id: $id) { name "
        f"out: relations(direction: OUT, first: 10) {{ type to {{ name {_STRAWBERRY_LEVEL2} }} }} "
        f"in: relations(direction: IN, first: 10) {{ type from {{ name {_STRAWBERRY_LEVEL2} }} }} }} }}",
        "path": "query($a: ID!, $b: ID!) { path(from: $a, to: $b, maxLength: 10) { entities { id name } } }",
        "ranking": "query($first: Int!) { ranking(first: $first) { score entity { id name } } }",
        "search": "query($q: String!) { search(query: $q, first: 10) { id name } }",
    },
}


def _nodes(connection, server):
    """The items of a list field: regiograph and PostGraphile page them as `nodes`."""
    return connection if server == "strawberry" else connection["nodes"]


def _relations(entity, server):
    """An entity's relations out and in as (type, from name, to name), in the answer's order."""
    return [
        [(r["type"].lower(), r["from"]["name"], r["to"]["name"]) for r in _nodes(entity[way], server)]
        for way in ("out", "in")
    ]


def read(server, kind, data):
    """One answer (the `data` of a response) in the shape shared by all servers."""
    if kind == "one-entity":
        entity = data["entityByRowId" if server == "postgraphile" else "entity"]
        return None if entity is None else [entity["id"], entity["name"], entity["kind"].lower()]
    if kind == "two-levels":
        entity = data["entityByRowId" if server == "postgraphile" else "entity"]
        if entity is None:
            return None
        out = [
            [r["type"].lower(), r["to"]["name"], _relations(r["to"], server)] for r in _nodes(entity["out"], server)
        ]
        into = [
            [r["type"].lower(), r["from"]["name"], _relations(r["from"], server)] for r in _nodes(entity["in"], server)
        ]
        return [entity["name"], out, into]
    if kind == "path":
        if server == "postgraphile":
            entities = data["shortestPath"]["nodes"]
        else:
            entities = (data["path"] or {}).get("entities") or []
        return [e["id"] for e in entities] or None
    if kind == "ranking":
        if server == "postgraphile":
            return [[e["id"], e["pagerank"]] for e in data["allEntities"]["nodes"]]
        return [[r["entity"]["id"], r["score"]] for r in data["ranking"]]
    if kind == "search":
        if server == "regiograph":
            return [h["entity"]["id"] for h in data["search"]["hits"]]
        if server == "postgraphile":
            return [e["id"] for e in data["searchEntities"]["nodes"]]
        return [e["id"] for e in data["search"]]
    raise ValueError(kind)
