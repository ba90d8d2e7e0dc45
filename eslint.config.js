// Type-aware lint: the rules that catch real bugs in async server code.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * SQL lives in repository files (CONTRIBUTING.md). A Kysely builder call or a sql`...` template
 * anywhere else fails lint, except in these files, each with the reason it must stay where it is.
 */
const SQL_OUTSIDE_REPOSITORIES = [
  // The work signal itself: `select pg_notify(...)` on the caller's transaction, no table.
  'src/platform/wake.ts',
  // The live stream's change signal, the same statement on another channel.
  'src/platform/changes.ts',
  // The /readyz probe: `select 1`, no table.
  'src/platform/http/readiness.ts',
  // The one predicate the open-incident partial index is built on, shared by repositories as a
  // fragment (written into the SQL, not bound, so SQLite can use that index).
  'src/platform/db/open-incident.ts',
  // containsText(): the LIKE fragment repositories use to narrow JSON text columns.
  'src/platform/db/search.ts',
  // Migrations are schema changes written against the database as it was at that point.
  'src/platform/db/migrations/**',
];

const QUERY_MESSAGE =
  'SQL lives in repository files (repository.ts, repository-*.ts, *-repository.ts): move it there';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'coverage/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's it/describe return promises the runner itself awaits.
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['it', 'describe', 'test', 'suite', 'before', 'after'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read JSON answers; asserting on them is what catches a wrong shape.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: [
      '**/*.test.ts',
      'src/**/repository.ts',
      'src/**/repository-*.ts',
      'src/**/*-repository.ts',
      ...SQL_OUTSIDE_REPOSITORIES,
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|with|withRecursive)$/]',
          message: QUERY_MESSAGE,
        },
        { selector: "TaggedTemplateExpression[tag.name='sql']", message: QUERY_MESSAGE },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
