import { REFUSAL_RULES } from '@murmuration/core/common';
import { describe, expect, it } from 'vitest';

describe('the refusal rules', () => {
  it('are snake_case, like the fields of the wire, and each named once', () => {
    for (const rule of REFUSAL_RULES) expect(rule).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(new Set(REFUSAL_RULES).size).toBe(REFUSAL_RULES.length);
  });
});
