import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const PACKAGES = path.resolve(import.meta.dirname, '../../packages');
const IMPORT = /(?:from\s+|import\s*\(\s*|import\s+)['"]([^'".][^'"]*)['"]/g;

const sources = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile() && /\.(ts|js|mjs)$/.test(e.name) && !e.parentPath.includes('node_modules'))
        .map((e) => path.join(e.parentPath, e.name))
    : [];

/** The packages a workspace package's sources (src, and bin for the launcher) import by name. */
function imported(dir: string): Set<string> {
  const names = ['src', 'bin'].flatMap((sub) => sources(path.join(PACKAGES, dir, sub)))
    .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1]!))
    .filter((name) => !name.startsWith('node:') && !builtinModules.includes(name))
    .map((name) => name.split('/').slice(0, name.startsWith('@') ? 2 : 1).join('/'));
  return new Set(names);
}

describe('each package.json', () => {
  it.each(readdirSync(PACKAGES))('of %s lists exactly the packages its sources import', (dir) => {
    const manifest = JSON.parse(readFileSync(path.join(PACKAGES, dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const listed = Object.keys(manifest.dependencies ?? {}).sort();
    expect(listed).toEqual([...imported(dir)].sort());
  });
});
