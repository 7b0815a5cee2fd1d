"""The Python peer of scripts/peers/compare.sh: a GraphQL server built on Strawberry (served by
uvicorn) over regiograph's exported node and edge tables, with networkx for paths and PageRank.

Run as `uvicorn strawberry_app:app --app-dir scripts/peers` with PEERS_NODES and PEERS_EDGES
naming the two CSV files; the data is read, and PageRank, the undirected graph and the word
index built, when the module is imported, before uvicorn starts listening. The schema:

    entity(id: ID!): Entity                                   # id name kind relations(direction, first)
    path(from: ID!, to: ID!, maxLength: Int = 10): Path       # networkx shortest path, relations both ways
    ranking(first: Int = 10): [Ranked!]!                      # PageRank by networkx, computed at load
    search(query: String!, first: Int = 10): [Entity!]!       # entities whose name has the word

There is no response cache; Strawberry's parser and validation caches (documents, not answers)
are on, as regiograph keeps parsed documents too.
"""

import enum
import os
import sys
import time
from typing import Annotated, Optional

import networkx as nx
import strawberry
from strawberry.asgi import GraphQL
from strawberry.extensions import ParserCache, ValidationCache

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peerdata  # noqa: E402


class Data:
    """Everything the resolvers read, built once at load."""

    def __init__(self, nodes, edges_path):
        started = time.monotonic()
        self.ids, self.names, self.kinds, _ = peerdata.read_nodes(nodes)
        self.index = {entity: i for i, entity in enumerate(self.ids)}
        edges = peerdata.read_edges(edges_path, self.index)
        n = len(self.ids)
        # Relations in file order, which is regiograph's data order.
        edges.sort()
        self.edge_type = [kind for _, kind, _, _ in edges]
        self.edge_from = [a for _, _, a, _ in edges]
        self.edge_to = [b for _, _, _, b in edges]
        self.outgoing = [[] for _ in range(n)]
        self.incoming = [[] for _ in range(n)]
        for e, (_, _, a, b) in enumerate(edges):
            self.outgoing[a].append(e)
            self.incoming[b].append(e)
        self.graph = peerdata.undirected(n, edges)
        ranks = peerdata.pagerank(n, edges)
        self.ranking = sorted(range(n), key=lambda i: (-ranks[i], self.ids[i]))[:100]
        self.ranks = ranks
        # Word -> entities whose name has it, highest PageRank first (then by id).
        postings = {}
        for i, name in enumerate(self.names):
            for word in peerdata.words(name):
                postings.setdefault(word, []).append(i)
        for hits in postings.values():
            hits.sort(key=lambda i: (-ranks[i], self.ids[i]))
        self.postings = postings
        print(
            f"loaded {n} entities and {len(edges)} relations in {time.monotonic() - started:.1f} s",
            file=sys.stderr,
            flush=True,
        )


DATA = Data(os.environ["PEERS_NODES"], os.environ["PEERS_EDGES"])


@strawberry.enum
class Direction(enum.Enum):
    OUT = "OUT"
    IN = "IN"


@strawberry.type
class Relation:
    e: strawberry.Private[int]

    @strawberry.field
    def type(self) -> str:
        return DATA.edge_type[self.e]

    @strawberry.field(name="from")
    def from_(self) -> "Entity":
        return Entity(i=DATA.edge_from[self.e])

    @strawberry.field
    def to(self) -> "Entity":
        return Entity(i=DATA.edge_to[self.e])


@strawberry.type
class Entity:
    i: strawberry.Private[int]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(DATA.ids[self.i])

    @strawberry.field
    def name(self) -> str:
        return DATA.names[self.i]

    @strawberry.field
    def kind(self) -> str:
        return DATA.kinds[self.i]

    @strawberry.field
    def relations(self, direction: Direction, first: int = 10) -> list[Relation]:
        edges = DATA.outgoing[self.i] if direction == Direction.OUT else DATA.incoming[self.i]
        return [Relation(e=e) for e in edges[: max(first, 0)]]


@strawberry.type
class Path:
    length: int
    entities: list[Entity]


@strawberry.type
class Ranked:
    score: float
    entity: Entity


@strawberry.type
class Query:
    @strawberry.field
    def entity(self, id: strawberry.ID) -> Optional[Entity]:
        i = DATA.index.get(id)
        return None if i is None else Entity(i=i)

    @strawberry.field
    def path(
        self,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        to: strawberry.ID,
        max_length: int = 10,
    ) -> Optional[Path]:
        a, b = DATA.index.get(from_), DATA.index.get(to)
        if a is None or b is None:
            return None
        try:
            nodes = nx.shortest_path(DATA.graph, a, b)
        except nx.NetworkXNoPath:
            return None
        if len(nodes) - 1 > max_length:
            return None
        return Path(length=len(nodes) - 1, entities=[Entity(i=i) for i in nodes])

    @strawberry.field
    def ranking(self, first: int = 10) -> list[Ranked]:
        return [Ranked(score=DATA.ranks[i], entity=Entity(i=i)) for i in DATA.ranking[: max(first, 0)]]

    @strawberry.field
    def search(self, query: str, first: int = 10) -> list[Entity]:
        hits = DATA.postings.get(query.strip().lower(), [])
        return [Entity(i=i) for i in hits[: max(first, 0)]]


schema = strawberry.Schema(query=Query, extensions=[ParserCache(maxsize=1000), ValidationCache(maxsize=1000)])
app = GraphQL(schema, graphql_ide=None)
