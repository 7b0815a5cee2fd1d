//! Runs graphql-http's GraphQL-over-HTTP audit against a server and prints the results as JSON.
//!
//! Usage: node tests/graphql_http_audit.mjs http://127.0.0.1:PORT/graphql
//! Prints one JSON array of { id, name, status, reason } to standard output; `status` is
//! "ok", "warn" or "error", and `reason` is null for "ok".
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node tests/graphql_http_audit.mjs URL');
  process.exit(2);
}

const results = await auditServer({ url });
const report = results.map((result) => ({
  id: result.id,
  name: result.name,
  status: result.status,
  reason: result.status === 'ok' ? null : result.reason,
}));
console.log(JSON.stringify(report, null, 2));
