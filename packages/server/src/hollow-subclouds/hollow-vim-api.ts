import { invalid } from '@murmuration/core/common';
import { StrategyActionBody, StrategyCreateBody, StrategyDeleteBody } from '@murmuration/core/contract/orchestration';
import { strategyView } from '../api/nfv/strategy-view.js';
import { sendEmpty, sendJson } from './hollow-answers.js';
import type { HollowRoute } from './hollow-route.js';
import { bodyReader } from './hollow-input.js';
import {
  abortHollowStrategy, applyHollowStrategy, createHollowStrategy, deleteHollowStrategy, hollowStrategyAt,
} from './hollow-strategy.js';

/**
 * The VIM's sw-deploy strategy on a hollow subcloud, under `/nfv/api/orchestration/sw-upgrade/strategy`:
 * the real controller's routes, bodies, answers and refusals (its view of a strategy).
 */

const readCreate = bodyReader(StrategyCreateBody);
const readAction = bodyReader(StrategyActionBody);
const readDelete = bodyReader(StrategyDeleteBody);

export const showStrategy: HollowRoute = async (fleet, subcloud, req, res) => {
  req.resume();
  const s = subcloud.strategy;
  const strategy = s === null ? null : strategyView(hollowStrategyAt(s, fleet.now()));
  sendJson(req, res, 200, JSON.stringify({ strategy }));
};

export const createStrategy: HollowRoute = async (fleet, subcloud, req, res) => {
  const body = await readCreate(req);
  const now = fleet.now();
  const created = createHollowStrategy(subcloud, body, { seed: fleet.seed, now, buildMs: fleet.buildMs });
  fleet.stats.strategyCreated(subcloud.index);
  sendJson(req, res, 200, JSON.stringify({ strategy: strategyView(hollowStrategyAt(created, now)) }));
};

export const actOnStrategy: HollowRoute = async (fleet, subcloud, req, res) => {
  const body = await readAction(req);
  const now = fleet.now();
  if (body.action === 'apply-stage') {
    throw invalid('apply-stage is not served by a hollow subcloud: apply the whole strategy (apply-all)', { field: 'action' });
  }
  // abort-stage aborts the whole strategy, as on the real controller.
  const isApply = body.action === 'apply-all';
  const strategy = isApply ? applyHollowStrategy(subcloud, now, fleet.deployMs) : abortHollowStrategy(subcloud, now);
  if (isApply) fleet.stats.strategyApplied(subcloud.index);
  sendJson(req, res, 202, JSON.stringify({ strategy: strategyView(strategy) }));
};

export const removeStrategy: HollowRoute = async (fleet, subcloud, req, res) => {
  const body = await readDelete(req);
  deleteHollowStrategy(subcloud, fleet.now(), body?.force === true);
  sendEmpty(req, res, 204);
};
