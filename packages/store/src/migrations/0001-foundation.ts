import { AUDIT_GENESIS_HASH } from '@murmuration/core/audit';
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialects/dialect-name.js';
import { autoId } from './auto-id.js';
import type { Migration } from './migration.js';

/** Identity, system, audit: everything the foundation needs. */
export const foundation: Migration = {
  version: 1,
  name: 'foundation',
  creates: [
    'systems',
    'projects',
    'users',
    'password_history',
    'roles',
    'role_assignments',
    'tokens',
    'audit_log',
    'audit_head',
  ],
  async up(db: Kysely<unknown>, dialect: DialectName) {
    const time = 'bigint' as const;

    await autoId(db.schema.createTable('systems'), dialect)
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('system_type', 'text', (c) => c.notNull())
      .addColumn('system_mode', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('contact', 'text')
      .addColumn('location', 'text')
      .addColumn('latitude', 'text')
      .addColumn('longitude', 'text')
      .addColumn('software_version', 'text', (c) => c.notNull())
      .addColumn('timezone', 'text', (c) => c.notNull())
      .addColumn('region_name', 'text', (c) => c.notNull())
      .addColumn('distributed_cloud_role', 'text')
      .addColumn('service_project_name', 'text', (c) => c.notNull())
      .addColumn('security_feature', 'text', (c) => c.notNull())
      .addColumn('capabilities', 'text', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .execute();

    await db.schema
      .createTable('projects')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('default_project_id', 'text', (c) => c.references('projects.id').onDelete('set null'))
      .addColumn('description', 'text')
      .addColumn('email', 'text')
      .addColumn('password_hash', 'text')
      .addColumn('password_changed_at', time)
      .addColumn('failed_logins', 'integer', (c) => c.notNull())
      .addColumn('locked_until', time)
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();

    await autoId(db.schema.createTable('password_history'), dialect)
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('password_history_user').on('password_history').columns(['user_id', 'id']).execute();

    await db.schema
      .createTable('roles')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('description', 'text')
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('role_assignments')
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('role_assignments_pk', ['user_id', 'project_id', 'role_id'])
      .execute();
    await db.schema.createIndex('role_assignments_project').on('role_assignments').column('project_id').execute();
    await db.schema.createIndex('role_assignments_role').on('role_assignments').column('role_id').execute();

    await db.schema
      .createTable('tokens')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('project_id', 'text', (c) => c.references('projects.id').onDelete('cascade'))
      .addColumn('methods', 'text', (c) => c.notNull())
      .addColumn('audit_id', 'text', (c) => c.notNull())
      .addColumn('issued_at', time, (c) => c.notNull())
      .addColumn('expires_at', time, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('tokens_user').on('tokens').column('user_id').execute();
    await db.schema.createIndex('tokens_expiry').on('tokens').column('expires_at').execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('at', time, (c) => c.notNull())
      .addColumn('request_id', 'text', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('user_name', 'text')
      .addColumn('project_id', 'text')
      .addColumn('project_name', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('target', 'text')
      .addColumn('outcome', 'integer', (c) => c.notNull())
      .addColumn('detail', 'text')
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
    await db.schema.createIndex('audit_log_user').on('audit_log').columns(['user_name', 'seq']).execute();

    await db.schema
      .createTable('audit_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await sql`insert into audit_head (id, seq, hash) values (1, 0, ${AUDIT_GENESIS_HASH})`.execute(db);
  },
};
