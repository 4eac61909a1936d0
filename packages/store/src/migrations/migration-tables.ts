/** The migrator's own table: the steps applied, by version. */
export interface MigrationTables {
  schema_migrations: SchemaMigrationTable;
}

export interface SchemaMigrationTable {
  version: number;
  name: string;
  applied_at: number;
}
