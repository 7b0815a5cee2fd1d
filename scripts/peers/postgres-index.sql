-- The PostgreSQL peer's adjacency and indexes, built after scripts/peers/compare.sh has copied
-- the CSV files into the tables of postgres.sql: each relation both ways by entity number for
-- the path search, the relations of an entity in data order (both ways, for PostGraphile's
-- relationsByFromId and relationsByToId), the ranking by PageRank, and the word index (GIN).
insert into adjacent (src, dst)
  select distinct f.num, t.num from relation r join entity f on f.id = r.from_id join entity t on t.id = r.to_id
  union
  select distinct t.num, f.num from relation r join entity f on f.id = r.from_id join entity t on t.id = r.to_id;
create index adjacent_src on adjacent (src, dst);
create index relation_from on relation (from_id, num);
create index relation_to on relation (to_id, num);
create index entity_pagerank on entity (pagerank desc, id);
create index entity_words on entity using gin (words);
vacuum analyze;
