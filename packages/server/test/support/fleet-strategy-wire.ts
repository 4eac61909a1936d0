/** The sw-deploy flags `dcmanager sw-deploy-strategy create` always sends (JSON booleans, `kube_upgrade` null). */
export const SW_DEPLOY_FLAGS = {
  snapshot: false, rollback: false, delete: false, cleanup: false, with_prestage: false, kube_upgrade: null,
} as const;

/** A step of `GET /sw-update-strategy/steps` as the tests read it. */
export interface StepView {
  id: number;
  cloud: string;
  stage: string;
  state: string;
  details: string;
  'started-at': string | null;
  'finished-at': string | null;
}
