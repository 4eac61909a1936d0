import { ALARM_IDS, findAlarmDefinition } from '@murmuration/core/fault';
import Type from 'typebox';
import { ConfigError } from '../../runtime/config-error.js';
import { configSection, type SectionConfig } from '../../runtime/config-compiler.js';

/** One inhibition rule: while a source alarm is active, the target alarms below its entity are hidden. */
export interface InhibitRuleConfig {
  readonly sourceIds: readonly string[];
  /** null: every alarm id. */
  readonly targetIds: readonly string[] | null;
  readonly sameEntity: boolean;
}

/** Alarm ids are checked against the catalogue when read, so that the message can say which is unknown. */
const InhibitRule = Type.Object(
  {
    source: Type.Optional(Type.Unknown()),
    target: Type.Optional(Type.Unknown()),
    sameEntity: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

function alarmIdList(where: string, value: unknown): string[] {
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  if (list.length === 0) throw new ConfigError(`${where} must name at least one alarm id`);
  return list.map((id) => {
    if (typeof id !== 'string' || !findAlarmDefinition(id)) throw new ConfigError(`${where}: ${JSON.stringify(id)} is not an alarm id of the catalogue (write ids as strings, "200.004")`);
    return id;
  });
}

/** The `fault` section: event-log retention, inhibition, and delivery to receivers. */
export const FAULT_CONFIG = configSection(
  Type.Object(
    {
      eventLogRetention: Type.Integer({ minimum: 100, default: 100_000 }),
      trimIntervalSeconds: Type.Integer({ minimum: 1, default: 60 }),
      /** A failed host hides the alarms of its ports, interfaces, processes and sensors. */
      inhibitRules: Type.Array(InhibitRule, { expects: 'a list of rules', default: [{ source: ALARM_IDS.HOST_FAILED }] }),
      deliveryTimeoutMs: Type.Integer({ minimum: 100, default: 5000 }),
      deliveryMaxBackoffSeconds: Type.Integer({ minimum: 1, default: 60 }),
      deliveryBatch: Type.Integer({ minimum: 1, default: 100 }),
      alertmanagerResendSeconds: Type.Integer({ minimum: 5, default: 60 }),
    },
    { additionalProperties: false, default: {} },
  ),
  (settings) => ({
    ...settings,
    inhibitRules: settings.inhibitRules.map(
      (rule, i): InhibitRuleConfig => ({
        sourceIds: alarmIdList(`fault.inhibitRules[${i}].source`, rule.source),
        targetIds: rule.target === undefined || rule.target === '*' ? null : alarmIdList(`fault.inhibitRules[${i}].target`, rule.target),
        sameEntity: rule.sameEntity === true,
      }),
    ),
  }),
);

export type FaultConfig = SectionConfig<typeof FAULT_CONFIG>;
