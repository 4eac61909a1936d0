import { ALARM_IDS, findAlarmDefinition } from '@murmuration/core/fault';
import { describe, expect, it } from 'vitest';

describe('the named alarm ids', () => {
  it('are each an id of the catalogue, a log exactly when the name says so', () => {
    for (const [name, id] of Object.entries(ALARM_IDS)) {
      const definition = findAlarmDefinition(id);
      expect(definition, `${name} = ${id}`).toBeDefined();
      expect(definition!.kind, `${name} = ${id}`).toBe(name.endsWith('_LOG') ? 'log' : 'alarm');
    }
  });

  it('name each id once', () => {
    const ids = Object.values(ALARM_IDS);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
