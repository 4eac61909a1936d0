import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HollowFleet } from './hollow-fleet.js';
import type { HollowSubcloud } from './hollow-subcloud.js';

/** One route of a hollow subcloud's API: the request to that subcloud, answered (or thrown as an AppError). */
export type HollowRoute = (
  fleet: HollowFleet,
  subcloud: HollowSubcloud,
  req: IncomingMessage,
  res: ServerResponse,
) => Promise<void>;
