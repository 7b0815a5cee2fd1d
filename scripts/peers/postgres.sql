-- The PostgreSQL peer's tables and functions (scripts/peers/compare.sh loads the CSV files into
-- them with psql's \copy, then runs scripts/peers/postgres-index.sql). PostGraphile serves what
-- is here: `entityByRowId`, the relations of an entity both ways (`relationsByFromId`,
-- `relationsByToId`, from the foreign keys), `allEntities(orderBy: PAGERANK_DESC)` for the
-- ranking, and the two functions below as `shortestPath` and `searchEntities`.

create table entity (
  -- A number for each entity, 1 to N in the order of the nodes file, for the path search.
  num integer not null unique,
  id text primary key,
  name text not null,
  kind text not null,
  -- PageRank computed by networkx when the data is prepared (scripts/peers/prepare.py).
  pagerank double precision not null,
  -- The words of the name for the one-word search (the `simple` configuration: lower case, no
  -- stemming, no stop words).
  words tsvector generated always as (to_tsvector('simple', name)) stored
);

create table relation (
  -- The relation's place in the edges file, so that "the first ten" are in data order.
  num integer primary key,
  type text not null,
  from_id text not null references entity (id),
  to_id text not null references entity (id)
);

-- Each relation taken both ways, by entity number: the adjacency the path search reads (not
-- in the GraphQL schema).
create table adjacent (
  src integer not null,
  dst integer not null
);
comment on table adjacent is E'@behavior -*';

-- The shortest path between two entities over relations taken both ways, at most max_length
-- relations long, as the entities along it from `from_id` to `to_id` (none when there is no
-- such path). A breadth-first search from both ends, one level at a time from the end whose
-- frontier is smaller; `parent_a` and `parent_b` hold, for each entity number, the entity it
-- was reached from (0: not reached yet).
create function shortest_path(from_id text, to_id text, max_length integer default 10)
returns setof entity
language plpgsql stable
as $$
declare
  a integer;
  b integer;
  n integer;
  parent_a integer[];
  parent_b integer[];
  frontier_a integer[];
  frontier_b integer[];
  next integer[];
  length integer := 0;
  meet integer;
  edge record;
  v integer;
  path integer[];
begin
  select e.num into a from entity e where e.id = from_id;
  select e.num into b from entity e where e.id = to_id;
  if a is null or b is null then
    return;
  end if;
  if a = b then
    return query select * from entity e where e.num = a;
    return;
  end if;
  select max(e.num) into n from entity e;
  parent_a := array_fill(0, array[n]);
  parent_b := array_fill(0, array[n]);
  parent_a[a] := a;
  parent_b[b] := b;
  frontier_a := array[a];
  frontier_b := array[b];
  while meet is null and length < max_length
        and cardinality(frontier_a) > 0 and cardinality(frontier_b) > 0 loop
    next := '{}';
    if cardinality(frontier_a) <= cardinality(frontier_b) then
      for edge in select j.src, j.dst from adjacent j where j.src = any (frontier_a) loop
        if parent_a[edge.dst] = 0 then
          parent_a[edge.dst] := edge.src;
          next := next || edge.dst;
          if parent_b[edge.dst] <> 0 then
            meet := edge.dst;
            exit;
          end if;
        end if;
      end loop;
      frontier_a := next;
    else
      for edge in select j.src, j.dst from adjacent j where j.src = any (frontier_b) loop
        if parent_b[edge.dst] = 0 then
          parent_b[edge.dst] := edge.src;
          next := next || edge.dst;
          if parent_a[edge.dst] <> 0 then
            meet := edge.dst;
            exit;
          end if;
        end if;
      end loop;
      frontier_b := next;
    end if;
    length := length + 1;
  end loop;
  if meet is null then
    return;
  end if;
  -- From the meeting entity back to `a`, reversed, then on to `b`.
  v := meet;
  path := array[v];
  while v <> a loop
    v := parent_a[v];
    path := v || path;
  end loop;
  v := meet;
  while v <> b loop
    v := parent_b[v];
    path := path || v;
  end loop;
  return query
    select e.* from unnest(path) with ordinality as p(num, place)
    join entity e on e.num = p.num
    order by p.place;
end;
$$;

-- Entities whose name has the word, highest PageRank first (an SQL function that PostgreSQL
-- inlines, so PostGraphile's `first` becomes a LIMIT on the GIN index scan's sorted matches).
create function search_entities(word text)
returns setof entity
language sql stable
as $$
  select * from entity e
  where e.words @@ plainto_tsquery('simple', word)
  order by e.pagerank desc, e.id
$$;
