// ESLint's flat config for the front-end code (web/src, web/build.mjs) and the Node scripts
// the tests run (tests/*.mjs). Run from the repository's root, as tests/it/web.rs does:
//   web/node_modules/.bin/eslint --config web/eslint.config.js web/src web/build.mjs 'tests/*.mjs'
import js from '@eslint/js';
import globals from 'globals';

export default [
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-unused-vars': ['error', { caughtErrors: 'none' }],
    },
  },
  // The pages run in the browser.
  { files: ['web/src/**/*.js'], languageOptions: { globals: globals.browser } },
  // The bundler and the test scripts run under Node (the browser check also evaluates
  // functions inside the page, which see the browser's globals).
  { files: ['web/build.mjs', 'web/eslint.config.js'], languageOptions: { globals: globals.node } },
  { files: ['tests/*.mjs'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
];
