// Lint: type-aware typescript-eslint, the house rules of STYLE §10, and the module boundaries of STYLE §3.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// Node built-ins spelled without `node:`; the prefixed spelling is matched by a regex pattern per folder.
const BARE_BUILTINS = builtinModules.filter((m) => !m.startsWith('node:'));
// The pure Node modules the core may use (STYLE §3).
const CORE_ALLOWED_BUILTINS = new Set(['path', 'url', 'crypto']);

// Scripts run in the Node that runs the lint, so its own globals (fetch, AbortSignal, process, …) are the list.
const NODE_GLOBALS = Object.fromEntries(
  Object.getOwnPropertyNames(globalThis)
    .filter((n) => /^[A-Za-z_$][\w$]*$/.test(n))
    .map((n) => [n, 'readonly']),
);

const noVscode = { name: 'vscode', message: 'Only src/extension may import vscode (STYLE §3).' };

function builtinPaths(except, why) {
  return BARE_BUILTINS.filter((m) => !except.has(m)).map((name) => ({ name, message: why }));
}

/** A relative import that climbs into one of the named top-level folders, e.g. `../../extension/x`. */
function escapeInto(folders, why) {
  return { regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`, message: why };
}

// Only for files a tsconfig covers; scripts and config files are plain JavaScript.
const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const JS_FILES = ['**/*.js', '**/*.mjs', '**/*.cjs'];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'out-*/**',
      'dist/**',
      'dist-vsix/**',
      'node_modules/**',
      '.cache/**',
      '.bench/**',
      '.vscode-test/**',
      'test/fixtures/**',
      'test-results/**',
      'webview-ui/dist/**',
      'webview-ui/out/**',
      'webview-ui/build/**',
    ],
  },
  js.configs.recommended,
  {
    files: TS_FILES,
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/naming-convention': [
        'error',
        { selector: 'default', format: ['camelCase'], leadingUnderscore: 'allow', trailingUnderscore: 'allow' },
        { selector: 'import', format: ['camelCase', 'PascalCase'] },
        { selector: 'variable', format: ['camelCase', 'UPPER_CASE', 'PascalCase'], leadingUnderscore: 'allow' },
        // Destructuring mirrors the names of external data (JSON, API payloads).
        { selector: 'variable', modifiers: ['destructured'], format: null },
        { selector: 'parameter', format: ['camelCase'], leadingUnderscore: 'allow' },
        { selector: 'typeLike', format: ['PascalCase'] },
        { selector: 'enumMember', format: ['PascalCase', 'UPPER_CASE'] },
        // Properties often mirror external formats (JSON keys, SARIF, API fields, env var names).
        {
          selector: ['objectLiteralProperty', 'typeProperty', 'classProperty'],
          format: ['camelCase', 'PascalCase', 'UPPER_CASE', 'snake_case'],
          leadingUnderscore: 'allow',
        },
        { selector: ['objectLiteralProperty', 'typeProperty'], filter: { regex: '^\\$', match: true }, format: null },
        {
          selector: ['objectLiteralProperty', 'typeProperty', 'objectLiteralMethod', 'typeMethod', 'enumMember'],
          modifiers: ['requiresQuotes'],
          format: null,
        },
      ],
    },
  },
  {
    files: JS_FILES,
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'module',
      globals: NODE_GLOBALS,
    },
  },
  // House rules for every file.
  {
    rules: {
      'no-fallthrough': 'error',
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
      'no-console': 'error',
    },
  },
  // Where printing to the terminal is the job: the CLI entry, scripts, and the test harness.
  {
    files: [
      'src/cli/index.ts',
      'scripts/**',
      'test/integration/**',
      'test/*.ts',
      'test/*.mjs',
      '.vscode-test.mjs',
      'esbuild.mjs',
      'webview-ui/esbuild.mjs',
    ],
    rules: { 'no-console': 'off' },
  },
  // Module boundaries (STYLE §3). One block per folder: a later block replaces, not merges, the rule.
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode, ...builtinPaths(CORE_ALLOWED_BUILTINS, 'src/core does no I/O: take a port from ports.ts instead (STYLE §3).')],
          patterns: [
            { regex: '^node:(?!(path|url|crypto)$)', message: 'src/core may only use node:path, node:url and node:crypto (STYLE §3).' },
            escapeInto(['extension', 'cli', 'node', 'webview-ui'], 'src/core must not import the adapters (STYLE §3).'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/node/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [escapeInto(['extension', 'cli', 'webview-ui'], 'src/node serves both adapters and imports neither (STYLE §3).')],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [escapeInto(['extension', 'webview-ui'], 'The CLI is an adapter over the core, not over the extension (STYLE §3).')],
        },
      ],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [escapeInto(['cli', 'webview-ui'], 'The extension must not import the CLI or the webview front-end (STYLE §3).')] },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode, ...builtinPaths(new Set(), 'src/shared is loaded by the webview too: plain types only (STYLE §3).')],
          patterns: [
            { regex: '^node:', message: 'src/shared is loaded by the webview too: plain types only (STYLE §3).' },
            escapeInto(
              ['core', 'node', 'extension', 'cli', 'webview-ui'],
              'src/shared is imported by everyone and imports no one (STYLE §3).',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['webview-ui/**/*.ts', 'webview-ui/**/*.tsx'],
    ignores: ['webview-ui/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode, ...builtinPaths(new Set(), 'The webview runs in a browser: no Node built-ins (STYLE §3).')],
          patterns: [
            { regex: '^node:', message: 'The webview runs in a browser: no Node built-ins (STYLE §3).' },
            { regex: '^(\\.\\./)+src/(?!shared(/|$))', message: 'The webview may import only src/shared (STYLE §3).' },
          ],
        },
      ],
    },
  },
  // Webview tests run in Node with a DOM environment; they still must not reach into other src/ folders.
  {
    files: ['webview-ui/test/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [{ regex: '^(\\.\\./)+src/(?!shared(/|$))', message: 'The webview may import only src/shared (STYLE §3).' }],
        },
      ],
    },
  },
);
