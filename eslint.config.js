// The lint gate `npm test` runs (and with it CI). Type-aware rules catch what tsc does not: a
// promise nobody awaits, an import cycle, Node or I/O code pulled into the workflow sandbox.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import { builtinModules } from 'node:module';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', '.tools/', '.test-results/', 'dist/', 'db/migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js'] }, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/extensions': ['.ts', '.mts', '.js', '.mjs'] },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Tree walks start from the node itself.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['node'] }],
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      'object-shorthand': 'error',
    },
  },
  {
    // Plain JavaScript (scripts, the worker thread entry, browser files) is outside the TypeScript project.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { parserOptions: { projectService: false, project: null } },
  },
  {
    files: ['web/static/**/*.js', 'gateways/simulators/**/static/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, and no value import of
    // code that does I/O (activities are proxied by type only).
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/index-path.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflow code runs in the sandbox: no Node built-ins.',
          })),
          patterns: [
            {
              group: ['**/activities/**', '**/db/**', '**/web/**', '**/gateways/**', '**/validation/**'],
              allowTypeImports: true,
              message: 'Workflow code may import these only as types (import type).',
            },
          ],
        },
      ],
    },
  },
  {
    // Routes reach workflows only through the use cases, so both doors (upload, inbound StUF) read alike.
    files: ['web/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@temporalio/client',
              allowTypeImports: true,
              message: 'Web talks to workflows through usecases/, not to Temporal directly.',
            },
          ],
        },
      ],
    },
  },
  {
    // The use cases sit below web/: what they need from a door comes in their deps.
    files: ['usecases/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/web/**'], message: 'Use cases do not import the web layer.' }] },
      ],
    },
  },
  {
    // The simulators stand in for chain partners: they share neutral modules (html.ts, saml/) with the portal,
    // never the portal's web layer.
    files: ['gateways/simulators/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/web/**'], message: 'Simulators do not import the web layer.' }] },
      ],
    },
  },
  prettier,
  {
    // After eslint-config-prettier, which turns max-len off: Prettier wraps code at 120 but not comments.
    // Strings stay whole (Dutch UI texts and the official rule texts are searched for as they are written).
    rules: {
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true },
      ],
    },
  },
);
