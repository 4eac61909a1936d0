import type { Kysely } from 'kysely';
import type { DialectName } from '../dialects/dialect-name.js';
import type { Migration } from './migration.js';

/** Fault management: active alarms, the event log, suppression, silences and receivers. */
export const fault: Migration = {
  version: 2,
  name: 'fault',
  creates: ['alarms', 'event_log', 'event_suppression', 'silences', 'receivers'],
  async up(db: Kysely<unknown>, dialect: DialectName) {
    const time = 'bigint' as const;

    await db.schema
      .createTable('alarms')
      .addColumn('uuid', 'text', (c) => c.primaryKey())
      .addColumn('alarm_id', 'text', (c) => c.notNull())
      .addColumn('entity_type_id', 'text', (c) => c.notNull())
      .addColumn('entity_instance_id', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('reason_text', 'text', (c) => c.notNull())
      .addColumn('alarm_type', 'text', (c) => c.notNull())
      .addColumn('probable_cause', 'text', (c) => c.notNull())
      .addColumn('repair_action', 'text', (c) => c.notNull())
      .addColumn('service_affecting', 'integer', (c) => c.notNull())
      .addColumn('suppression', 'integer', (c) => c.notNull())
      .addColumn('inhibits_below', 'integer', (c) => c.notNull())
      .addColumn('raised_at', time, (c) => c.notNull())
      // Entity first: the same index finds an entity's alarms and keeps (alarm id, entity) unique.
      .addUniqueConstraint('alarms_key', ['entity_instance_id', 'alarm_id'])
      .execute();
    await db.schema.createIndex('alarms_inhibits').on('alarms').column('inhibits_below').execute();

    let events = db.schema.createTable('event_log');
    events =
      dialect === 'sqlite'
        ? events.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
        : events.addColumn('seq', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity());
    await events
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('event_log_id', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('entity_type_id', 'text', (c) => c.notNull())
      .addColumn('entity_instance_id', 'text', (c) => c.notNull())
      .addColumn('at', time, (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('reason_text', 'text', (c) => c.notNull())
      .addColumn('event_log_type', 'text', (c) => c.notNull())
      .addColumn('probable_cause', 'text', (c) => c.notNull())
      .addColumn('repair_action', 'text', (c) => c.notNull())
      .addColumn('service_affecting', 'integer', (c) => c.notNull())
      .addColumn('suppression', 'integer', (c) => c.notNull())
      .addColumn('alarm_uuid', 'text')
      .addColumn('previous_severity', 'text')
      .execute();
    // No secondary indexes beyond the uuid: fm filters match substrings, which an index cannot
    // serve, and every index would slow the append path that each raise and clear takes.

    let suppression = db.schema.createTable('event_suppression');
    suppression =
      dialect === 'sqlite'
        ? suppression.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        : suppression.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity());
    await suppression
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('alarm_id', 'text', (c) => c.notNull().unique())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('silences')
      .addColumn('uuid', 'text', (c) => c.primaryKey())
      .addColumn('matchers', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('comment', 'text', (c) => c.notNull())
      .addColumn('starts_at', time, (c) => c.notNull())
      .addColumn('ends_at', time, (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('silences_ends_at').on('silences').column('ends_at').execute();

    await db.schema
      .createTable('receivers')
      .addColumn('uuid', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('delivered_seq', 'bigint', (c) => c.notNull())
      .addColumn('last_success_at', time)
      .addColumn('last_attempt_at', time)
      .addColumn('last_error', 'text')
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('dropped', 'bigint', (c) => c.notNull())
      .execute();
  },
};
