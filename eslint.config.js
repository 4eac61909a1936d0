// Lint enforces the shape of the codebase: who may import whom, no `export *`, no deep
// imports into another package, no promise left floating.
import js from '@eslint/js';
import { readFileSync } from 'node:fs';
import tseslint from 'typescript-eslint';

const deepImport = { regex: '^@murmuration/[^/]+/(src|dist)(/|$)', message: 'Import a package through its index, never its files.' };
const ban = (names, message) => names.map((name) => ({ name, message }));
const banGroups = (regex, message) => ({ regex, message });

const NODE_BUILTINS = banGroups('^node:', 'core and client run in browsers too: no Node built-ins.');
const SQL = ban(['kysely', 'pg', 'better-sqlite3'], 'Only @murmuration/store knows SQL.');
const HTTP_SERVER = ban(['fastify', '@fastify/swagger', '@fastify/type-provider-typebox'], 'Only @murmuration/server serves HTTP.');

function restrict(paths, patterns) {
  return { '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns: [deepImport, ...patterns] }] };
}

// Clients start in a fraction of a second because they load no schema builder: types only.
// Core's contract entry points, `@murmuration/core/contract` and one per domain, as its package.json lists them.
const CONTRACT_ENTRIES = Object.keys(JSON.parse(readFileSync(new URL('packages/core/package.json', import.meta.url), 'utf8')).exports)
  .filter((entry) => entry.startsWith('./contract'))
  .map((entry) => `@murmuration/core/${entry.slice(2)}`);
const SCHEMAS_AS_TYPES = ['typebox', ...CONTRACT_ENTRIES].map((name) => ({
  name,
  allowTypeImports: true,
  message: 'Clients import contract types only; loading the schema builder would slow every command.',
}));

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.lint.json'], tsconfigRootDir: import.meta.dirname },
      globals: { process: 'readonly', console: 'readonly', performance: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', fetch: 'readonly', Buffer: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Name what a module exports: no `export *`.' }],
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [deepImport] }],
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    rules: restrict([...SQL, ...HTTP_SERVER], [NODE_BUILTINS, banGroups('^@murmuration/', 'core depends on no other package.')]),
  },
  {
    files: ['packages/store/src/**/*.ts'],
    rules: restrict(HTTP_SERVER, [banGroups('^@murmuration/(server|client|cli)$', 'store depends only on core.')]),
  },
  {
    files: ['packages/client/src/**/*.ts'],
    rules: restrict([...SQL, ...HTTP_SERVER, ...SCHEMAS_AS_TYPES], [NODE_BUILTINS, banGroups('^@murmuration/(server|store|cli)$', 'client depends only on core.')]),
  },
  {
    files: ['packages/release/src/**/*.ts'],
    rules: restrict([...SQL, ...HTTP_SERVER], [banGroups('^@murmuration/(server|store|client|agent|cli)$', 'Release bundles depend only on core.')]),
  },
  {
    files: ['packages/agent/src/**/*.ts'],
    rules: restrict([...SQL, ...HTTP_SERVER, ...SCHEMAS_AS_TYPES], [banGroups('^@murmuration/(server|store|cli)$', 'The agent is an API client: it never imports the controller, the store or the CLI.')]),
  },
  {
    files: ['packages/cli/src/**/*.ts'],
    rules: restrict([...SQL, ...HTTP_SERVER, ...SCHEMAS_AS_TYPES], [banGroups('^@murmuration/(server|store)$', 'The CLI is an API client: it never imports the controller or the store.')]),
  },
  {
    files: ['packages/server/src/**/*.ts'],
    rules: restrict([], [banGroups('^@murmuration/cli$', 'The server never imports the CLI.'), banGroups('/services/[^/]+/(?!index\\.js$)[^/]+$', 'Reach another service only through its index.ts.')]),
  },
  {
    files: ['packages/server/src/services/*/**/*.ts'],
    rules: restrict(HTTP_SERVER, [
      banGroups('^\\.\\./\\.\\./api/', 'Services never import the API layer.'),
      banGroups('^\\.\\./(?!\\.\\.)[^/]+/(?!index\\.js$)', 'Reach another service only through its index.ts.'),
    ]),
  },
  {
    files: ['packages/server/src/api/**/*.ts'],
    rules: restrict(SQL, [
      banGroups('^@murmuration/store$', 'The API layer reaches data only through services.'),
      banGroups('/services/[^/]+/(?!index\\.js$)[^/]+$', 'Reach a service only through its index.ts.'),
    ]),
  },
  {
    files: ['**/*.test.ts', 'e2e/**/*.ts', 'test-support/**/*.ts', 'packages/*/test/**/*.ts', 'bench/**'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
