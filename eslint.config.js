// Lint enforces the shape of the codebase: who may import whom (the direction of DESIGN.md §3,
// narrowed by each package.json), no relative import out of a package, no deep imports, no
// import cycles, no `export *`, no `any`, no promise left floating, lines of at most 120 columns.
// test/lint/layering.test.ts proves that each rule fires on a file that breaks it.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import tseslint from 'typescript-eslint';

const ROOT = import.meta.dirname;

/**
 * The direction of dependencies between the packages: what each may ever import. A package
 * imports fewer when its package.json lists fewer; the CLI's package.json also lists the server
 * and the agent, which only the launcher (packages/cli/bin/murmur.js) starts.
 */
const DIRECTION = {
  core: [],
  store: ['core'],
  client: ['core'],
  release: ['core'],
  agent: ['core', 'client', 'release'],
  cli: ['core', 'client', 'release'],
  server: ['core', 'store', 'client', 'release'],
};

/** The @murmuration packages a package's package.json lists as dependencies, without the scope. */
function listedDependencies(dir) {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'packages', dir, 'package.json'), 'utf8'));
  return Object.keys(manifest.dependencies ?? {})
    .filter((name) => name.startsWith('@murmuration/'))
    .map((name) => name.slice('@murmuration/'.length));
}

const ban = (names, message) => names.map((name) => ({ name, message }));
const banGroups = (regex, message) => ({ regex, message });
/** Refuses every @murmuration package but the ones named (an empty list refuses all). */
const onlyPackages = (names, message) =>
  banGroups(names.length === 0 ? '^@murmuration/' : `^@murmuration/(?!(${names.join('|')})(/|$))`, message);

const DEEP_IMPORT = banGroups('^@murmuration/[^/]+/(src|dist)(/|$)', 'Import a package through its index, never its files.');
const MAIN_ENTRY = banGroups(
  '^@murmuration/[^/]+/(main|hollow-subclouds)$',
  'Only the launcher (packages/cli/bin/murmur.js) starts processes: `*/main` and `server/hollow-subclouds` are its entries alone.',
);
const NODE_BUILTINS = banGroups('^node:', 'core and client run in browsers too: no Node built-ins.');
const SQL = ban(['kysely', 'pg', 'better-sqlite3'], 'Only @murmuration/store knows SQL.');
const HTTP_SERVER = ban(
  ['fastify', '@fastify/swagger', '@fastify/type-provider-typebox', '@fastify/multipart'],
  'Only @murmuration/server serves HTTP.',
);
// Clients start in a fraction of a second because they load no schema builder: types only.
// Core's contract entry points, `@murmuration/core/contract/<domain>`, as its package.json lists them.
const CONTRACT_ENTRIES = Object.keys(JSON.parse(readFileSync(new URL('packages/core/package.json', import.meta.url), 'utf8')).exports)
  .filter((entry) => entry.startsWith('./contract'))
  .map((entry) => `@murmuration/core/${entry.slice(2)}`);
const SCHEMAS_AS_TYPES = ['typebox', ...CONTRACT_ENTRIES].map((name) => ({
  name,
  allowTypeImports: true,
  message: 'Clients import contract types only; loading the schema builder would slow every command.',
}));

/** What each package may not import besides what its direction and package.json leave out. */
const PACKAGE_BANS = {
  core: { paths: [...SQL, ...HTTP_SERVER], patterns: [NODE_BUILTINS] },
  store: { paths: HTTP_SERVER, patterns: [] },
  client: { paths: [...SQL, ...HTTP_SERVER, ...SCHEMAS_AS_TYPES], patterns: [NODE_BUILTINS] },
  release: { paths: [...SQL, ...HTTP_SERVER], patterns: [] },
  agent: { paths: [...SQL, ...HTTP_SERVER, ...SCHEMAS_AS_TYPES], patterns: [] },
  cli: { paths: [...SQL, ...HTTP_SERVER, ...SCHEMAS_AS_TYPES], patterns: [] },
  server: { paths: [], patterns: [banGroups('/services/[^/]+/(?!index\\.js$)[^/]+$', 'Reach a service only through its index.ts.')] },
};

const SERVICE_MODULE_FILES = 'packages/server/src/services/*/*-module.ts';

/** Zones inside a package: their bans add to the package's, never replace them. */
const ZONES = [
  {
    pkg: 'server',
    files: ['packages/server/src/services/*/**/*.ts'],
    ignores: [SERVICE_MODULE_FILES],
    paths: HTTP_SERVER,
    patterns: [
      banGroups('^(\\.\\./)+api/', 'Services never import the API layer.'),
      banGroups('^\\.\\./(?!\\.\\.)[^/]+/(?!index\\.js$)', 'Reach another service only through its index.ts.'),
    ],
  },
  {
    // A service's module describes it whole for the composition root, its routes included: of
    // the API layer it may name a family's plugin file, nothing else.
    pkg: 'server',
    files: [SERVICE_MODULE_FILES],
    paths: HTTP_SERVER,
    patterns: [
      banGroups('^(\\.\\./)+api/(?![^/]+/[^/]+-api\\.js$)', "A service's module imports of the API layer only a family's plugin."),
      banGroups('^\\.\\./(?!\\.\\.)[^/]+/(?!index\\.js$)', 'Reach another service only through its index.ts.'),
    ],
  },
  {
    pkg: 'server',
    files: ['packages/server/src/api/**/*.ts'],
    paths: SQL,
    patterns: [banGroups('^@murmuration/store$', 'The API layer reaches data only through services.')],
  },
];

/** Every import ban of one package, with a zone's added. */
function importBans(pkg, zone = { paths: [], patterns: [] }) {
  const direction = DIRECTION[pkg];
  const listed = listedDependencies(pkg);
  const patterns = [
    DEEP_IMPORT,
    MAIN_ENTRY,
    onlyPackages(direction, `@murmuration/${pkg} may import only ${direction.join(', ') || 'no other package'} (DESIGN.md §3).`),
    onlyPackages(listed, `@murmuration/${pkg} imports only the packages its package.json lists (${listed.join(', ') || 'none'}).`),
    ...PACKAGE_BANS[pkg].patterns,
    ...zone.patterns,
  ];
  const paths = [...PACKAGE_BANS[pkg].paths, ...zone.paths];
  return { '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }] };
}

const EXPORT_ALL = { selector: 'ExportAllDeclaration', message: 'Name what a module exports: no `export *`.' };
// A dynamic import escapes the import bans above, so only the launcher may load a package that way.
const DYNAMIC_PACKAGE_IMPORT = {
  selector: 'ImportExpression[source.value=/^@murmuration\\//]',
  message: 'Import @murmuration packages statically, where the layering rules see them; only the launcher loads them on demand.',
};
const DYNAMIC_UNNAMED_IMPORT = {
  selector: "ImportExpression[source.type!='Literal']",
  message: 'Name what a dynamic import loads with a literal, so that lint sees it.',
};
const LAUNCHED_ONLY = {
  selector: 'ImportExpression[source.value=/^@murmuration\\/(?!(server\\/(main|hollow-subclouds)|agent\\/main)$)/]',
  message:
    'The launcher loads only the controller, the hollow subclouds and the agent ' +
    '(`@murmuration/server/main`, `@murmuration/server/hollow-subclouds`, `@murmuration/agent/main`).',
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'bench/results/**', 'test/lint/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      // Without these, no-cycle reads only .js files and finds no cycle among the .ts ones.
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: path.join(ROOT, 'tsconfig.lint.json'),
          conditionNames: ['source', 'types', 'import', 'node', 'default'],
        }),
      ],
    },
    languageOptions: {
      parserOptions: { project: [path.join(ROOT, 'tsconfig.lint.json')], tsconfigRootDir: ROOT },
      globals: {
        process: 'readonly',
        console: 'readonly',
        performance: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', EXPORT_ALL, DYNAMIC_PACKAGE_IMPORT, DYNAMIC_UNNAMED_IMPORT],
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [DEEP_IMPORT, MAIN_ENTRY] }],
      'import-x/no-cycle': 'error',
      'import-x/no-relative-packages': 'error',
      // Long strings, URLs, regular expressions and templates may run on: breaking them helps nobody.
      'max-len': [
        'error',
        { code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  ...Object.keys(DIRECTION).map((pkg) => ({ files: [`packages/${pkg}/src/**/*.ts`], rules: importBans(pkg) })),
  ...ZONES.map((zone) => ({ files: zone.files, ignores: zone.ignores ?? [], rules: importBans(zone.pkg, zone) })),
  {
    // The launcher: the one file that starts the controller and the agent, through their `main` entry points.
    files: ['packages/cli/bin/*.js'],
    rules: {
      'no-restricted-syntax': ['error', EXPORT_ALL, DYNAMIC_UNNAMED_IMPORT, LAUNCHED_ONLY],
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [DEEP_IMPORT] }],
    },
  },
  {
    files: ['**/*.test.ts', 'e2e/**/*.ts', 'test-support/**/*.ts', 'packages/*/test/**/*.ts', 'bench/**', 'test/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'import-x/no-relative-packages': 'off',
    },
  },
);
