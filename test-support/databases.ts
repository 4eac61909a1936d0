import type { StoreLocation } from '@murmuration/store';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

export const DIALECTS = ['sqlite', 'postgres'] as const;
export type TestDialect = (typeof DIALECTS)[number];

export interface TestDatabase {
  readonly location: StoreLocation;
  /** A directory of the test's own (SQLite file, data dir). */
  readonly dir: string;
  drop(): Promise<void>;
}

/** True when this run has a PostgreSQL server to test against. */
export function hasPostgres(): boolean {
  return inject('pgAdminUrl') !== null;
}

/** The dialects to run a suite on: both, unless PostgreSQL was switched off for the run. */
export function testDialects(): TestDialect[] {
  return hasPostgres() ? [...DIALECTS] : ['sqlite'];
}

/** A fresh, empty database of the dialect: a temp SQLite file, or a new PostgreSQL database. */
export async function freshDatabase(dialect: TestDialect): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-test-'));
  if (dialect === 'sqlite') {
    return {
      location: { kind: 'sqlite', file: path.join(dir, 'murmur.db') },
      dir,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const adminUrl = inject('pgAdminUrl');
  if (!adminUrl) throw new Error('PostgreSQL is not available in this run');
  const name = `t_${Math.random().toString(36).slice(2, 12)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    location: { kind: 'postgres', url: url.toString() },
    dir,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
