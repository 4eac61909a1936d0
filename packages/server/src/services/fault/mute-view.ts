import { silenceState, type AlarmRecord, type SilenceTest } from '@murmuration/core/fault';

/**
 * An inhibition rule beyond the catalogue's own: while an alarm with a source id is active, it
 * hides the target alarms on the entities below its entity (and, with `sameEntity`, on its own
 * entity too).
 */
export interface InhibitRule {
  readonly sourceIds: readonly string[];
  /** null: every alarm id. */
  readonly targetIds: readonly string[] | null;
  readonly sameEntity: boolean;
}

/** Why an alarm is hidden from the default listings and from receivers. */
export interface Muting {
  /** Its alarm id is masked (fm event suppression). */
  readonly suppressed: boolean;
  readonly silencedBy: readonly string[];
  readonly inhibitedBy: readonly string[];
}

export interface MuteView {
  muting(alarm: AlarmRecord): Muting;
  isMuted(alarm: AlarmRecord): boolean;
  /** The masked alarm ids. */
  readonly suppressedIds: ReadonlySet<string>;
  /** True when nothing but suppression can mute an alarm now (no active silence, no inhibitor). */
  readonly onlySuppression: boolean;
}

const BOUNDARY = /\.(?=[A-Za-z_][A-Za-z0-9_-]*=)/g;

/** `host=h.port=p.x=y` → [`host=h`, `host=h.port=p`]: the entities strictly above it. */
export function ancestorsOf(entity: string): string[] {
  const out: string[] = [];
  for (const match of entity.matchAll(BOUNDARY)) out.push(entity.slice(0, match.index));
  return out;
}

/** Ids whose active alarms can inhibit others under these rules (besides catalogue inhibitors). */
export function ruleSourceIds(rules: readonly InhibitRule[]): string[] {
  return [...new Set(rules.flatMap((r) => r.sourceIds))];
}

/**
 * Answers, for one moment, which alarms are muted: by suppression of their id, by an active
 * silence, or by an inhibiting alarm above them.
 */
export function buildMuteView(input: {
  readonly suppressedIds: ReadonlySet<string>;
  readonly silences: readonly SilenceTest[];
  readonly inhibitors: readonly AlarmRecord[];
  readonly rules: readonly InhibitRule[];
  readonly now: number;
}): MuteView {
  const { suppressedIds, rules, now } = input;
  const silences = input.silences.filter((s) => silenceState(s.silence, now) === 'active');
  const byEntity = new Map<string, AlarmRecord[]>();
  for (const alarm of input.inhibitors) {
    const list = byEntity.get(alarm.entityInstanceId);
    if (list) list.push(alarm);
    else byEntity.set(alarm.entityInstanceId, [alarm]);
  }

  const ruleInhibits = (source: AlarmRecord, target: AlarmRecord, same: boolean): boolean =>
    rules.some(
      (r) =>
        (!same || r.sameEntity) &&
        r.sourceIds.includes(source.alarmId) &&
        (r.targetIds === null || r.targetIds.includes(target.alarmId)),
    );

  /**
   * An alarm whose catalogue entry (or raiser) says it inhibits hides the maskable alarms
   * (`suppression` true) on its own entity and below, as fm's hierarchical suppression does,
   * but for as long as it is active rather than only those present when it was raised.
   * Configured rules hide their targets below the source's entity (and on it, with sameEntity).
   */
  function inhibitedBy(alarm: AlarmRecord): string[] {
    if (byEntity.size === 0) return [];
    const out: string[] = [];
    for (const entity of ancestorsOf(alarm.entityInstanceId)) {
      for (const source of byEntity.get(entity) ?? []) {
        if ((source.inhibitsBelow && alarm.suppression) || ruleInhibits(source, alarm, false)) out.push(source.uuid);
      }
    }
    for (const source of byEntity.get(alarm.entityInstanceId) ?? []) {
      if (source.uuid === alarm.uuid || source.alarmId === alarm.alarmId) continue;
      if ((source.inhibitsBelow && alarm.suppression) || ruleInhibits(source, alarm, true)) out.push(source.uuid);
    }
    return out;
  }

  function muting(alarm: AlarmRecord): Muting {
    return {
      suppressed: suppressedIds.has(alarm.alarmId),
      silencedBy: silences.filter((s) => s.mutes(alarm)).map((s) => s.silence.uuid),
      inhibitedBy: inhibitedBy(alarm),
    };
  }

  return {
    muting,
    suppressedIds,
    onlySuppression: silences.length === 0 && byEntity.size === 0,
    isMuted(alarm) {
      if (suppressedIds.has(alarm.alarmId)) return true;
      if (silences.some((s) => s.mutes(alarm))) return true;
      return inhibitedBy(alarm).length > 0;
    },
  };
}
