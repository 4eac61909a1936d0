import { afterAll, beforeAll } from 'vitest';
import type { TestDialect } from '../../../../test-support/databases.js';
import { startTestController, type TestController, type TestControllerOptions } from './test-controller.js';

/**
 * One test controller for the calling describe: started in its beforeAll, closed in its afterAll.
 * The object returned stands for that controller from the moment the describe is collected, so a
 * suite can hand it to helpers at once; reaching through it before the start or after the close
 * is an error that says so. Options given as a function are evaluated when the controller
 * starts, for suites that build a clock or a configuration first.
 */
export function useTestController(
  dialect: TestDialect,
  options: TestControllerOptions | (() => TestControllerOptions) = {},
): TestController {
  let started: TestController | undefined;
  const current = (): TestController => {
    if (started === undefined) {
      throw new Error('the test controller is not running: use it in a test or hook of the describe that called useTestController, after it');
    }
    return started;
  };
  beforeAll(async () => {
    started = await startTestController(dialect, typeof options === 'function' ? options() : options);
  });
  const close = async (): Promise<void> => {
    const running = current();
    started = undefined;
    await running.close();
  };
  afterAll(async () => {
    if (started !== undefined) await close();
  });
  return {
    get controller() {
      return current().controller;
    },
    get db() {
      return current().db;
    },
    get adminPassword() {
      return current().adminPassword;
    },
    logs: () => current().logs(),
    request: (o) => current().request(o),
    login: (user, password, project) => current().login(user, password, project),
    adminToken: () => current().adminToken(),
    restart: () => current().restart(),
    close,
  };
}
