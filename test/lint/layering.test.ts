import { ESLint, type Linter } from 'eslint';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
// The fixtures mirror the repository's layout, so the config's globs apply to them as to the real files.
const FIXTURES = path.join(import.meta.dirname, 'fixtures');

/** What a fixture says lint must report on it: `// lint: <rule> [part of the message]` lines. */
function expectations(file: string): Array<{ rule: string; message: string }> {
  return [...readFileSync(file, 'utf8').matchAll(/^\/\/ lint: (\S+) ?(.*)$/gm)].map((m) => ({ rule: m[1]!, message: m[2]! }));
}

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|js)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();

/** Lints the fixtures with the repository's config; a config given by path reads its globs from the cwd. */
async function lintFixtures(): Promise<Map<string, Linter.LintMessage[]>> {
  const eslint = new ESLint({ cwd: FIXTURES, overrideConfigFile: path.join(ROOT, 'eslint.config.js') });
  const results = await eslint.lintFiles(sources(FIXTURES));
  return new Map(results.map((r) => [path.relative(FIXTURES, r.filePath), r.messages]));
}

describe('the layering lint', () => {
  const linted = lintFixtures();

  const fixtures = sources(FIXTURES).map((file) => path.relative(FIXTURES, file));

  // Linting runs the TypeScript program over the fixtures, then the whole tree: minutes on a busy machine.
  const LINT_TIMEOUT = 600_000;

  it.each(fixtures)('reports what %s breaks, and nothing else', { timeout: LINT_TIMEOUT }, async (file) => {
    const messages = (await linted).get(file) ?? [];
    const wanted = expectations(path.join(FIXTURES, file));
    for (const { rule, message } of wanted) {
      const found = messages.some((m) => m.ruleId === rule && m.message.includes(message));
      const reported = messages.map((m) => `${m.ruleId}: ${m.message}`);
      expect(found, `${rule} "${message}" in ${JSON.stringify(reported)}`).toBe(true);
    }
    const unexpected = messages.filter((m) => !wanted.some((w) => w.rule === m.ruleId));
    expect(unexpected.map((m) => `${m.ruleId}: ${m.message}`)).toEqual([]);
  });

  it('finds nothing wrong in the real tree', { timeout: LINT_TIMEOUT }, async () => {
    const results = await new ESLint({ cwd: ROOT }).lintFiles(['.']);
    const problems = results.flatMap((r) =>
      r.messages.map((m) => `${path.relative(ROOT, r.filePath)}:${m.line} ${m.ruleId}: ${m.message}`),
    );
    expect(problems).toEqual([]);
  });
});
