import type { StrategyRecord } from '@murmuration/core/orchestration';
import type { Executor } from '../repos/executor.js';

/** Strategies, one per kind, kept whole: every change of a step rewrites the strategy in one statement. */
export interface StrategyRepo {
  find(name: string): Promise<StrategyRecord | null>;
  /** Adds the strategy; false when one of its kind exists already. */
  insert(strategy: StrategyRecord, at: number): Promise<boolean>;
  save(strategy: StrategyRecord, at: number): Promise<void>;
  remove(name: string): Promise<boolean>;
}

export function strategyRepo(db: Executor): StrategyRepo {
  return {
    async find(name) {
      const row = await db.selectFrom('strategies').select('document').where('name', '=', name).executeTakeFirst();
      if (!row) return null;
      // Strategies written before canaries and failure budgets existed read with their defaults.
      const stored = JSON.parse(row.document) as Omit<StrategyRecord, 'failedHosts' | 'options'> & { failedHosts?: string[]; options: Partial<StrategyRecord['options']> & { release: string } };
      const defaults = { canary: 0, soakSeconds: 0, maxFailures: { count: 0 } };
      return { ...stored, failedHosts: stored.failedHosts ?? [], options: { ...defaults, ...stored.options } as StrategyRecord['options'] };
    },
    async insert(strategy, at) {
      if (await db.selectFrom('strategies').select('name').where('name', '=', strategy.name).executeTakeFirst()) return false;
      await db.insertInto('strategies').values({ name: strategy.name, uuid: strategy.uuid, document: JSON.stringify(strategy), updated_at: at }).execute();
      return true;
    },
    async save(strategy, at) {
      await db.updateTable('strategies').set({ document: JSON.stringify(strategy), updated_at: at }).where('uuid', '=', strategy.uuid).execute();
    },
    async remove(name) {
      return Number((await db.deleteFrom('strategies').where('name', '=', name).executeTakeFirst()).numDeletedRows) > 0;
    },
  };
}
