import { internalContext } from '@murmuration/core/common';
import type { StrategyRecord } from '@murmuration/core/orchestration';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { createStrategyRunner, type StrategyRunner } from '../src/engine/index.js';
import { createLoopRuntime, type LoopRuntime } from '../src/runtime/loop-runtime.js';
import { fmClient } from './support/fm-helpers.js';
import { createManualClock, type ManualClock } from './support/manual-clock.js';
import { TOUCH_TIMEOUT_SECONDS, toyKind, toyWorld, type ToyOptions, type ToyWorld } from './support/toy-strategy-kind.js';
import { useTestController } from './support/use-test-controller.js';

/**
 * The strategy engine running a kind that exists only in the tests, over a real controller's
 * store, audit log and fault service: what the runner does for every kind, sw-deploy's aside.
 */
describe.each(testDialects())('the strategy engine with a kind of its own on %s', (dialect) => {
  let admin: string;
  let world: ToyWorld;
  let clock: ManualClock;
  let runner: StrategyRunner<ToyOptions>;
  let loops: LoopRuntime;
  const ctx = () => internalContext('req-toy-test', '/toy');
  const stored = async () => (await t.controller.store.repos.strategies.find('toy-rollout')) as StrategyRecord<ToyOptions> | null;
  const until = async (what: string, check: (s: StrategyRecord<ToyOptions> | null) => boolean) => {
    for (let i = 0; i < 1000; i++) {
      const s = await stored();
      if (check(s)) return s!;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await stored())}`);
  };
  const results = (s: StrategyRecord) => s.apply.stages.map((st) => st.result);
  const underWay = (stageId: number) => (s: StrategyRecord | null) => s?.apply.stages[stageId]?.steps.some((st) => st.result === 'inprogress') ?? false;
  const alarmIds = async () => (await fm.alarms('q.field=entity_instance_id&q.op=eq&q.value=orchestration=fw-update')).map((a) => a['alarm_id']);
  /** A runner of the toy kind with its loop started, as the controller runs its own. */
  const startRunner = async (watchdogMs?: number) => {
    runner = createStrategyRunner(toyKind(world), {
      store: t.controller.store,
      audit: t.controller.services.audit,
      fault: t.controller.services.fault,
      clock,
      logger: t.controller.logger,
      pollMs: 5,
      ...(watchdogMs ? { watchdogMs } : {}),
    });
    loops = createLoopRuntime([runner.loop], t.controller.logger);
    await loops.start();
  };

  const t = useTestController(dialect);
  const fm = fmClient(t, () => admin);
  beforeAll(async () => {
    admin = await t.adminToken();
  });
  beforeEach(async () => {
    world = toyWorld();
    clock = createManualClock();
    await startRunner();
  });
  afterEach(async () => {
    world.held = false;
    await loops.stop();
    if (await stored()) await runner.remove(ctx(), true);
  });

  it('builds with the kind, applies every step in order, and raises its in-progress alarm until done', async () => {
    const built = await runner.create(ctx(), { targets: ['a', 'b'] });
    expect(built).toMatchObject({ name: 'toy-rollout', state: 'ready-to-apply', failedHosts: [], build: { result: 'success' } });
    expect(built.apply.stages.map((s) => `${s.name}:${s.steps.map((st) => `${st.name}(${st.entityNames.join(',')})`).join(' ')}`)).toEqual(['toy-start:check()', 'toy-target:touch(a)', 'toy-target:touch(b)']);
    expect(built.apply.timeoutSeconds).toBe(10 + 2 * TOUCH_TIMEOUT_SECONDS);
    await expect(runner.create(ctx(), { targets: ['c'] })).rejects.toMatchObject({ code: 'CONFLICT', message: 'a toy strategy already exists; delete it first' });

    world.held = true;
    expect((await runner.act(ctx(), 'apply-all', null)).state).toBe('applying');
    // The step under way is persisted as such before it is applied.
    const during = await until('touch a under way', underWay(1));
    expect(during.apply.stages[1]!.steps[0]).toMatchObject({ result: 'inprogress', startedAt: clock.now() });
    expect(world.visits).toEqual(['check', 'touch:a']);
    expect(await fm.alarms('q.field=alarm_id&q.op=eq&q.value=900.301')).toEqual([expect.objectContaining({ reason_text: 'Toy rollout over a, b in progress', severity: 'major' })]);

    world.held = false;
    const done = await until('applied', (s) => s?.state === 'applied');
    expect(done.apply).toMatchObject({ result: 'success', reason: '' });
    expect(done.apply.stages.flatMap((s) => s.steps.map((st) => st.result))).toEqual(['success', 'success', 'success']);
    expect(world.visits).toEqual(['check', 'touch:a', 'touch:b']);
    expect(await alarmIds()).toEqual([]);
    const { entries } = await t.controller.services.audit.list({ limit: 100 });
    expect(entries.filter((e) => e.target === 'strategy:toy-rollout').map((e) => e.detail).reverse()).toEqual(['created for 2 targets: 3 stages', 'apply-all']);
  });

  it('stops apply-failed with its failed alarm when a step fails past the budget, and marks the rest aborted', async () => {
    world.failing.add('b');
    await runner.create(ctx(), { targets: ['a', 'b', 'c'] });
    await runner.act(ctx(), 'apply-all', null);
    const failed = await until('apply-failed', (s) => s?.state === 'apply-failed');
    expect(failed.apply).toMatchObject({ result: 'failed', reason: 'touch failed: b would not move' });
    expect(results(failed)).toEqual(['success', 'success', 'failed', 'aborted']);
    expect(world.visits).toEqual(['check', 'touch:a', 'touch:b']);
    expect(await fm.alarms('q.field=alarm_id&q.op=eq&q.value=900.303')).toEqual([
      expect.objectContaining({ entity_instance_id: 'orchestration=fw-update', severity: 'critical', reason_text: 'Toy rollout failed: touch failed: b would not move' }),
    ]);
    await expect(runner.act(ctx(), 'apply-all', null)).rejects.toMatchObject({ code: 'CONFLICT' });
    await runner.remove(ctx(), false);
    expect(await alarmIds()).toEqual([]);
  });

  it('carries on past failures within the budget, a percentage of the entities, and ends degraded with the kind’s reason', async () => {
    world.failing.add('b');
    await runner.create(ctx(), { targets: ['a', 'b', 'c', 'd'], 'max-failures': '50%' });
    await runner.act(ctx(), 'apply-all', null);
    const done = await until('applied', (s) => s?.state === 'applied' || s?.state === 'apply-failed');
    expect(done).toMatchObject({ state: 'applied', failedHosts: ['b'], apply: { result: 'degraded', reason: 'left untouched: b' } });
    expect(results(done)).toEqual(['success', 'success', 'degraded', 'success', 'success']);
    expect(await alarmIds()).toEqual([]);
  });

  it('lets the step under way finish when aborted, then marks the rest aborted', async () => {
    world.held = true;
    await runner.create(ctx(), { targets: ['a', 'b'] });
    await runner.act(ctx(), 'apply-all', null);
    await until('touch a under way', underWay(1));
    expect((await runner.act(ctx(), 'abort', null)).state).toBe('aborting');
    expect((await alarmIds()).sort()).toEqual(['900.301', '900.302']);
    world.held = false;
    const aborted = await until('aborted', (s) => s?.state === 'aborted');
    expect(results(aborted)).toEqual(['success', 'success', 'aborted']);
    expect(aborted.abort.result).toBe('success');
    expect(aborted.apply).toMatchObject({ result: 'aborted', reason: 'aborted by the operator' });
    expect(world.visits).toEqual(['check', 'touch:a']);
    expect(await alarmIds()).toEqual([]);
  });

  it('stops before the stage after the one asked for, ready to apply the rest', async () => {
    await runner.create(ctx(), { targets: ['a', 'b'] });
    await expect(runner.act(ctx(), 'apply-stage', 7)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'stage-id must name a stage of the strategy (0 to 2)' });
    await runner.act(ctx(), 'apply-stage', 1);
    const paused = await until('ready-to-apply again', (s) => s?.state === 'ready-to-apply' && s.apply.stages[1]!.result === 'success');
    expect(results(paused)).toEqual(['success', 'success', 'initial']);
    expect(paused.apply.stopAtStage).toBeNull();
    expect(await alarmIds()).toEqual([]);
    await runner.act(ctx(), 'apply-all', null);
    await until('applied', (s) => s?.state === 'applied');
    expect(world.visits).toEqual(['check', 'touch:a', 'touch:b']);
  });

  it('resumes at the step under way when started again, without applying finished steps twice', async () => {
    world.held = true;
    await runner.create(ctx(), { targets: ['a', 'b'] });
    await runner.act(ctx(), 'apply-all', null);
    const before = await until('touch a under way', underWay(1));
    const startedAt = before.apply.stages[1]!.steps[0]!.startedAt;
    // The controller stops: the step under way gives up and is not recorded as ended.
    await loops.stop();
    const left = (await stored())!;
    expect(left.state).toBe('applying');
    expect(left.apply.stages[1]!.steps[0]).toMatchObject({ result: 'inprogress', endedAt: null });

    world.held = false;
    clock.advance(60_000);
    await startRunner();
    const done = await until('applied', (s) => s?.state === 'applied');
    expect(world.visits).toEqual(['check', 'touch:a', 'touch:a', 'touch:b']);
    // The step kept the time it first began; it ended after the restart.
    expect(done.apply.stages[1]!.steps[0]).toMatchObject({ result: 'success', startedAt, endedAt: startedAt! + 60_000 });
  });

  it('picks up, on its watchdog, a strategy left applying that nothing runs', async () => {
    await loops.stop();
    await startRunner(20);
    const built = await runner.create(ctx(), { targets: ['a'] });
    // As a runner that fell over would leave it: applying, with no one on it.
    await t.controller.store.repos.strategies.save({ ...built, state: 'applying', apply: { ...built.apply, result: 'inprogress', startedAt: clock.now() } }, clock.now());
    await until('applied', (s) => s?.state === 'applied');
    expect(world.visits).toEqual(['check', 'touch:a']);
  });

  it('ends a step that outlives its time limit timed-out, and the strategy apply-timeout', async () => {
    world.held = true;
    await runner.create(ctx(), { targets: ['a'] });
    await runner.act(ctx(), 'apply-all', null);
    await until('touch a under way', underWay(1));
    clock.advance((TOUCH_TIMEOUT_SECONDS + 1) * 1000);
    const timedOut = await until('apply-timeout', (s) => s?.state === 'apply-timeout');
    expect(timedOut.apply).toMatchObject({ result: 'timed-out', reason: 'touch failed: timed out waiting for the world to let go' });
    expect(await alarmIds()).toEqual(['900.303']);
  });

  it('soaks the canaries for the soak time with clean health before the rest, and stops when health is not clean', async () => {
    const built = await runner.create(ctx(), { targets: ['a', 'b', 'c'], canary: 2, soak: 60 });
    expect(built.apply.stages.map((s) => `${s.name}:${s.steps.map((st) => `${st.name}(${st.entityNames.join(',')})`).join(' ')}`)).toEqual([
      'toy-start:check()', 'toy-canaries:touch(a,b) soak()', 'toy-target:touch(c)',
    ]);
    await runner.act(ctx(), 'apply-all', null);
    await until('the soak under way', (s) => s?.apply.stages[1]!.steps[1]!.result === 'inprogress');
    expect(world.visits).toEqual(['check', 'touch:a', 'touch:b']);
    clock.advance(30_000);
    await new Promise((r) => setTimeout(r, 50));
    expect((await stored())!.apply.stages[1]!.steps[1]!.result).toBe('inprogress');
    expect(world.visits).not.toContain('touch:c');
    clock.advance(30_000);
    await until('applied', (s) => s?.state === 'applied');
    expect(world.visits).toEqual(['check', 'touch:a', 'touch:b', 'touch:c']);

    await runner.remove(ctx(), false);
    world.unhealthy = ['100.101 (major)'];
    await runner.create(ctx(), { targets: ['a', 'b'], canary: 1, soak: 60 });
    await runner.act(ctx(), 'apply-all', null);
    const failed = await until('apply-failed', (s) => s?.state === 'apply-failed');
    expect(failed.apply.reason).toBe('soak failed: health not clean while the canaries soaked: 100.101 (major)');
    expect(results(failed)).toEqual(['success', 'failed', 'aborted']);
  });

  it('ends a soak at once when an abort is asked for: the strategy ends aborted, the rest not run', async () => {
    await runner.create(ctx(), { targets: ['a', 'b'], canary: 1, soak: 3600 });
    await runner.act(ctx(), 'apply-all', null);
    await until('the soak under way', (s) => s?.apply.stages[1]!.steps[1]!.result === 'inprogress');
    await runner.act(ctx(), 'abort', null);
    const aborted = await until('aborted', (s) => s?.state === 'aborted');
    expect(results(aborted)).toEqual(['success', 'success', 'aborted']);
    expect(world.visits).toEqual(['check', 'touch:a']);
  });

  it('refuses what the kind cannot build, and acts on no strategy with a 404', async () => {
    await expect(runner.create(ctx(), { targets: [] })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'targets must name what to roll out to' });
    await expect(runner.create(ctx(), { targets: ['a'], canary: -1 })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'canary must be a number of hosts from 0 to 1000' });
    await expect(runner.act(ctx(), 'apply-all', null)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'no toy strategy exists' });
    await expect(runner.remove(ctx(), false)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await runner.get()).toBeNull();
  });
});
