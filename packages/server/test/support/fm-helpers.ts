import { expect } from 'vitest';
import type { InjectResult, TestController } from './test-controller.js';

/** A POST /fm/v1/alarms body with sensible defaults for a set. */
export function alarmBody(
  alarmId: string,
  entity: string,
  severity: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { alarm_id: alarmId, alarm_state: 'set', entity_instance_id: entity, severity, reason_text: `${alarmId} on ${entity} is ${severity}`, ...extra };
}

/** The uuid from fm's POST reply, a JSON string holding `{"uuid": "…"}`. */
export function uuidOfReply(res: InjectResult): string {
  expect(res.status).toBe(200);
  const inner = res.json<unknown>();
  expect(typeof inner).toBe('string');
  return (JSON.parse(inner as string) as { uuid: string }).uuid;
}

export interface FmClient {
  raise(alarmId: string, entity: string, severity: string, extra?: Record<string, unknown>): Promise<string>;
  clear(alarmId: string, entity: string): Promise<InjectResult>;
  post(body: unknown): Promise<InjectResult>;
  get(url: string): Promise<InjectResult>;
  alarms(query?: string): Promise<Array<Record<string, unknown>>>;
  events(query?: string): Promise<Array<Record<string, unknown>>>;
}

export function fmClient(t: TestController, token: () => string): FmClient {
  const post = (body: unknown) => t.request({ method: 'POST', url: '/fm/v1/alarms', token: token(), body });
  const get = (url: string) => t.request({ method: 'GET', url, token: token() });
  return {
    post,
    get,
    async raise(alarmId, entity, severity, extra = {}) {
      return uuidOfReply(await post(alarmBody(alarmId, entity, severity, extra)));
    },
    clear: (alarmId, entity) => post({ alarm_id: alarmId, alarm_state: 'clear', entity_instance_id: entity }),
    async alarms(query = '') {
      const res = await get(`/fm/v1/alarms${query ? `?${query}` : ''}`);
      expect(res.status, res.body).toBe(200);
      return res.json().alarms;
    },
    async events(query = '') {
      const res = await get(`/fm/v1/event_log${query ? `?${query}` : ''}`);
      expect(res.status, res.body).toBe(200);
      return res.json().event_log;
    },
  };
}
