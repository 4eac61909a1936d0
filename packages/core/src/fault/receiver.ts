import { AppError } from '../errors/app-error.js';

/** Where alarm changes are delivered: a JSON webhook, or a Prometheus Alertmanager. */
export const RECEIVER_KINDS = ['webhook', 'alertmanager'] as const;
export type ReceiverKind = (typeof RECEIVER_KINDS)[number];

/** A configured receiver and how far delivery to it has come. */
export interface ReceiverRecord {
  readonly uuid: string;
  readonly name: string;
  readonly kind: ReceiverKind;
  readonly url: string;
  /**
   * On a system controller, pushed to every managed subcloud with the other fault settings. On
   * a subcloud, one the system controller pushed: the next push replaces it; the others are the
   * subcloud's own and no push touches them.
   */
  readonly fleetWide: boolean;
  readonly createdAt: number;
  /** Event-log sequence number of the last change delivered (or skipped as muted). */
  readonly deliveredSeq: number;
  readonly lastSuccessAt: number | null;
  readonly lastAttemptAt: number | null;
  readonly lastError: string | null;
  /** Consecutive failed attempts since the last success. */
  readonly failures: number;
  /** Changes trimmed from the event log before they could be delivered. */
  readonly dropped: number;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

export function checkReceiverName(name: string): string {
  if (!NAME.test(name)) {
    throw new AppError('INVALID_INPUT', 'name must be 1 to 63 letters, digits, dots, dashes or underscores, starting with a letter or digit', { field: 'name' });
  }
  return name;
}

/** Only absolute http(s) URLs without credentials in them are accepted. */
export function checkReceiverUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('INVALID_INPUT', `url "${text}" is not an absolute URL`, { field: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('INVALID_INPUT', `url must use http or https, not ${url.protocol.replace(':', '')}`, { field: 'url' });
  }
  if (url.username !== '' || url.password !== '') {
    throw new AppError('INVALID_INPUT', 'url must not carry a user name or password', { field: 'url' });
  }
  return url.toString();
}
