import { AppError } from '@murmuration/core/common';
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';

interface DriverErrorShape {
  code?: unknown;
  message?: unknown;
  constraint?: unknown;
}

/** True for failures worth retrying the whole transaction (PostgreSQL serialization, deadlock). */
export function isRetryable(error: unknown): boolean {
  return error instanceof AppError && error.code === 'UNAVAILABLE' && error.details?.['retryable'] === true;
}

/**
 * Translates a driver error into an AppError so that services never see dialect-specific
 * failures: unique and foreign-key violations become CONFLICT, lock and connection trouble
 * UNAVAILABLE. Anything else passes through unchanged (a bug, reported as INTERNAL).
 */
export function translateDriverError(error: unknown): unknown {
  if (error instanceof AppError || typeof error !== 'object' || error === null) return error;
  const { code, message, constraint } = error as DriverErrorShape;
  const text = typeof message === 'string' ? message : '';
  const where = typeof constraint === 'string' ? { constraint } : undefined;
  switch (code) {
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
    case '23505':
      return new AppError('CONFLICT', 'an entry with the same unique value already exists', where, { cause: error });
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
    case '23503':
      return new AppError('CONFLICT', 'the entry refers to, or is referred to by, another entry', where, { cause: error });
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new AppError('UNAVAILABLE', 'the database is busy; retry the request', undefined, { cause: error });
    case '40001':
    case '40P01':
      return new AppError('UNAVAILABLE', 'concurrent update; retry the request', { retryable: true }, { cause: error });
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case '57P01':
    case '57P03':
    case '08006':
    case '08001':
      return new AppError('UNAVAILABLE', `the database cannot be reached: ${text}`, undefined, { cause: error });
    default:
      return error;
  }
}

class TranslatingConnection implements DatabaseConnection {
  constructor(private readonly inner: DatabaseConnection) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.inner.executeQuery<R>(compiledQuery);
    } catch (error) {
      throw translateDriverError(error);
    }
  }

  streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(compiledQuery, chunkSize);
  }
}

class TranslatingDriver implements Driver {
  private readonly wrapped = new WeakMap<DatabaseConnection, TranslatingConnection>();
  private readonly unwrapped = new WeakMap<TranslatingConnection, DatabaseConnection>();

  constructor(private readonly inner: Driver) {}

  async init(): Promise<void> {
    try {
      await this.inner.init();
    } catch (error) {
      throw translateDriverError(error);
    }
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    let inner: DatabaseConnection;
    try {
      inner = await this.inner.acquireConnection();
    } catch (error) {
      throw translateDriverError(error);
    }
    let outer = this.wrapped.get(inner);
    if (!outer) {
      outer = new TranslatingConnection(inner);
      this.wrapped.set(inner, outer);
      this.unwrapped.set(outer, inner);
    }
    return outer;
  }

  private innerOf(connection: DatabaseConnection): DatabaseConnection {
    return this.unwrapped.get(connection as TranslatingConnection) ?? connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    try {
      await this.inner.beginTransaction(this.innerOf(connection), settings);
    } catch (error) {
      throw translateDriverError(error);
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.commitTransaction(this.innerOf(connection));
    } catch (error) {
      throw translateDriverError(error);
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.rollbackTransaction(this.innerOf(connection));
    } catch (error) {
      throw translateDriverError(error);
    }
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(this.innerOf(connection));
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** Wraps a Kysely dialect so that every query's driver errors are translated. */
export function withTranslatedErrors(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new TranslatingDriver(dialect.createDriver()),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  };
}
