// The GraphiQL playground: GraphiQL 3 (React 18, CodeMirror 5) with its documentation
// explorer and history, talking to /graphql on the same origin, with the example queries of
// the page (the `examples` JSON block) as tabs.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';
import './playground.css';

/** Sends one GraphQL request to the server that served this page. */
async function fetcher(params, options) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(options?.headers ?? {}),
    },
    body: JSON.stringify(params),
  });
  return response.json();
}

function examples() {
  try {
    const tabs = JSON.parse(document.getElementById('examples')?.textContent ?? '[]');
    return tabs.map((tab) => ({ query: tab.query }));
  } catch {
    return [];
  }
}

const tabs = examples();
const root = createRoot(document.getElementById('graphiql'));
root.render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: tabs[0]?.query,
    defaultTabs: tabs,
    defaultEditorToolsVisibility: false,
  }),
);
