import type { StrategyObject, StrategyReply } from '@murmuration/core/contract/orchestration';
import type { ServiceType } from '@murmuration/core/identity';
import type { Session } from './session.js';

const SERVICE: ServiceType = 'nfv';
const PATH = '/api/orchestration/sw-upgrade/strategy';

/** The VIM's sw-deploy strategy (`sw-manager sw-deploy-strategy …`). */
export class OrchestrationApi {
  constructor(private readonly session: Session) {}

  async get(): Promise<StrategyObject | null> {
    return (await this.session.json<StrategyReply>(SERVICE, { method: 'GET', path: PATH })).strategy;
  }

  async create(options: Readonly<Record<string, unknown>>): Promise<StrategyObject> {
    return (await this.session.json<{ strategy: StrategyObject }>(SERVICE, { method: 'POST', path: PATH, body: options })).strategy;
  }

  async act(action: 'apply-all' | 'apply-stage' | 'abort' | 'abort-stage', stageId?: number): Promise<StrategyObject> {
    const body = { action, ...(stageId !== undefined ? { 'stage-id': stageId } : {}) };
    return (await this.session.json<{ strategy: StrategyObject }>(SERVICE, { method: 'POST', path: `${PATH}/actions`, body })).strategy;
  }

  async remove(force: boolean): Promise<void> {
    await this.session.request(SERVICE, { method: 'DELETE', path: PATH, body: { force } });
  }
}
