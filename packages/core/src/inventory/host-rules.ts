import { AppError } from '../errors/app-error.js';
import type { RefusalRule } from '../errors/refusal-rule.js';
import type { HostAction, HostRecord, HostState } from './host.js';
import type { SystemMode } from './system.js';

/** A refused host action: 400 with the rule that refused it, as sysinv answers. */
function refused(rule: RefusalRule, message: string, host: HostRecord): AppError {
  return new AppError('INVALID_INPUT', message, { rule, hostname: host.hostname });
}

/** What the lifecycle rules need to know besides the host itself. */
export interface HostContext {
  readonly systemMode: SystemMode;
  /** Every other host of the system. */
  readonly others: readonly HostRecord[];
  /** The uuid of the controller that runs the platform now, or null before one is chosen. */
  readonly activeController: string | null;
}

/** What an allowed action does: the new state, and whether the host goes away. */
export type ActionPlan =
  | { readonly kind: 'state'; readonly state: HostState; readonly activeController: string | null }
  | { readonly kind: 'delete' };

const isUp = (host: HostRecord): boolean => host.availability === 'available' || host.availability === 'degraded' || host.availability === 'online';
const inService = (host: HostRecord): boolean => host.administrative === 'unlocked' && host.operational === 'enabled' && host.availability === 'available';

/**
 * Decides whether `action` may run on `host` now, with StarlingX's refusals, and what it does.
 * Throws an INVALID_INPUT error whose message says why and whose `rule` names the refusal.
 */
export function planHostAction(action: HostAction, host: HostRecord, context: HostContext): ActionPlan {
  const isActive = context.activeController === host.uuid;
  const otherUnlockedControllers = context.others.filter((h) => h.personality === 'controller' && h.administrative === 'unlocked');
  switch (action) {
    case 'lock':
    case 'force-lock': {
      if (host.administrative === 'locked') throw refused('already_locked', `${host.hostname} is already locked.`, host);
      // As sysinv: the only controller of a simplex system may be locked (it keeps running the
      // platform, its hosted work stops); with two controllers the active one must swact first.
      if (host.personality === 'controller' && context.systemMode !== 'simplex') {
        if (isActive) throw refused('active_controller', `Can not lock an active controller: ${host.hostname} runs the platform. Swact to the other controller first.`, host);
        if (otherUnlockedControllers.length === 0) throw refused('only_unlocked_controller', `Can not lock ${host.hostname}: it is the only unlocked controller.`, host);
      }
      return {
        kind: 'state',
        state: { administrative: 'locked', operational: 'disabled', availability: isUp(host) ? 'online' : host.availability, task: '', action: 'none' },
        activeController: context.activeController,
      };
    }
    case 'unlock':
    case 'force-unlock': {
      if (host.administrative === 'unlocked') throw refused('already_unlocked', `${host.hostname} is already unlocked.`, host);
      if (host.invState !== 'inventoried') {
        throw refused('inventory_incomplete', `Can not unlock ${host.hostname}: its inventory is not complete (its agent has not reported yet).`, host);
      }
      const up = isUp(host);
      return {
        kind: 'state',
        state: { administrative: 'unlocked', operational: up ? 'enabled' : 'disabled', availability: up ? 'available' : host.availability, task: '', action: 'none' },
        // The first controller to come into service runs the platform.
        activeController: context.activeController ?? (host.personality === 'controller' && up ? host.uuid : null),
      };
    }
    case 'reboot': {
      if (host.administrative !== 'locked') throw refused('reboot_unlocked', `Can not reboot ${host.hostname}: it is unlocked. Lock it first.`, host);
      // Rebooting the only controller would take the platform down with it.
      if (context.systemMode === 'simplex') throw refused('reboot_simplex', 'Rebooting a simplex system is not allowed.', host);
      return {
        kind: 'state',
        state: { administrative: 'locked', operational: 'disabled', availability: 'offline', task: 'Rebooting', action: 'reboot' },
        activeController: context.activeController,
      };
    }
    case 'swact':
    case 'force-swact': {
      if (context.systemMode === 'simplex') throw refused('swact_simplex', 'Swact action not allowed for a simplex system.', host);
      if (host.personality !== 'controller') throw refused('swact_not_controller', `Can not swact ${host.hostname}: it is not a controller.`, host);
      if (!isActive) throw refused('swact_not_active', `Can not swact ${host.hostname}: it is not the active controller.`, host);
      const standby = context.others.find((h) => h.personality === 'controller' && inService(h));
      if (!standby) {
        throw refused('swact_no_standby', `Can not swact ${host.hostname}: no other controller is unlocked, enabled and available to take over.`, host);
      }
      return { kind: 'state', state: pick(host), activeController: standby.uuid };
    }
    case 'delete': {
      if (host.administrative !== 'locked') throw refused('delete_unlocked', `Can not delete ${host.hostname}: it is unlocked. Lock it first.`, host);
      if (isActive) throw refused('delete_active_controller', `Can not delete ${host.hostname}: it is the active controller.`, host);
      return { kind: 'delete' };
    }
  }
}

function pick(host: HostRecord): HostState {
  return {
    administrative: host.administrative,
    operational: host.operational,
    availability: host.availability,
    task: host.task,
    action: host.action,
  };
}
