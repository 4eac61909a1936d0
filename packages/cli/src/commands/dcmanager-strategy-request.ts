import type { DcSwDeployStrategyRequest } from '@murmuration/client';
import { UsageError } from '../usage-error.js';

/**
 * What `dcmanager sw-deploy-strategy create` makes of its options (`DCC/commands/v1/sw_update_manager.py`,
 * `sw_deploy_manager.py`): its checks with its messages, and the body it sends.
 */
export interface SwDeployCreateOptions {
  releaseId?: string;
  subcloudApplyType?: 'parallel' | 'serial';
  maxParallelSubclouds?: number;
  stopOnFailure?: boolean;
  group?: string;
  snapshot?: boolean;
  rollback?: boolean;
  delete?: boolean;
  withDelete?: boolean;
  cleanup?: boolean;
  deleteOnly?: boolean;
  withPrestage?: boolean;
  sysadminPassword?: string;
  kubeUpgrade?: string;
  canary?: number;
  soak?: number | string;
  maxFailures?: string;
}

/** The release and the cloud: `--release-id R [cloud]` as today's client, or `R [cloud]` as its earlier versions. */
export function releaseAndCloud(
  positionals: readonly string[],
  releaseId: string | undefined,
): { releaseId: string | undefined; cloudName: string | undefined } {
  if (releaseId !== undefined) {
    if (positionals.length > 1) throw new UsageError('give the release once: --release-id, or as the first argument');
    return { releaseId, cloudName: positionals[0] };
  }
  return { releaseId: positionals[0], cloudName: positionals[1] };
}

/** The deprecation notices dcmanager prints for `--with-delete` and `--delete-only` (to standard error here). */
export function deprecationNotices(o: SwDeployCreateOptions): string[] {
  const notice = (flag: string, instead: string) =>
    `### DEPRECATION NOTICE: ${flag} ###\n    This option is deprecated and will be removed in a future release. `
    + `Please use ${instead} instead.`;
  return [
    ...(o.withDelete ? [notice('--with-delete', '--delete')] : []),
    ...(o.deleteOnly ? [notice('--delete-only', '--cleanup')] : []),
  ];
}

/** A group is given alone: no cloud, no apply type, no max parallel (the group has its own). */
export function checkGroup(
  o: Pick<SwDeployCreateOptions, 'group' | 'subcloudApplyType' | 'maxParallelSubclouds'>,
  cloudName: string | undefined,
): void {
  if (!o.group) return;
  if (cloudName) throw new UsageError('The cloud_name and group options are mutually exclusive.');
  if (o.subcloudApplyType) throw new UsageError('The --subcloud-apply-type is not supported when --group option is applied.');
  if (o.maxParallelSubclouds) throw new UsageError('The --max-parallel-subclouds options is not supported when --group option is applied.');
}

function checkFlags(o: SwDeployCreateOptions, releaseId: string | undefined, del: boolean, cleanup: boolean): void {
  const rollback = o.rollback === true;
  if (o.sysadminPassword && !o.withPrestage) throw new UsageError('--sysadmin-password can only be used with --with-prestage');
  if (!releaseId && !(rollback || cleanup)) throw new UsageError('The --release-id is required to create a deploy strategy.');
  if (o.snapshot && (rollback || cleanup)) {
    throw new UsageError('Option --snapshot cannot be used with any of the following options: --rollback or --cleanup.');
  }
  if (del && (rollback || cleanup)) {
    throw new UsageError('Option --delete cannot be used with any of the following options: --rollback or --cleanup.');
  }
  if (rollback && (releaseId || cleanup || o.withPrestage || o.kubeUpgrade)) {
    throw new UsageError('Option --rollback cannot be used with any of the following options: '
      + '--release-id, --cleanup, --with-prestage or --kube-upgrade.');
  }
  if (cleanup && (releaseId || o.withPrestage || o.kubeUpgrade)) {
    throw new UsageError('Option --cleanup cannot be used with any of the following options: '
      + '--release-id, --with-prestage or --kube-upgrade.');
  }
}

/**
 * The create body, keys in the order dcmanager's client adds them: its own only when given
 * (`max-parallel-subclouds` an int, `stop-on-failure` the string `"true"`), the sw-deploy flags
 * always; `sysadmin_password` (base64) with `--with-prestage` and `--sysadmin-password` only.
 */
export function swDeployRequest(
  o: SwDeployCreateOptions,
  releaseId: string | undefined,
  cloudName: string | undefined,
): DcSwDeployStrategyRequest {
  const del = o.delete === true || o.withDelete === true;
  const cleanup = o.cleanup === true || o.deleteOnly === true;
  checkGroup(o, cloudName);
  checkFlags(o, releaseId, del, cleanup);
  const sysadmin = o.sysadminPassword;
  return {
    type: 'sw-deploy',
    ...(o.subcloudApplyType ? { 'subcloud-apply-type': o.subcloudApplyType } : {}),
    ...(o.maxParallelSubclouds ? { 'max-parallel-subclouds': o.maxParallelSubclouds } : {}),
    ...(o.stopOnFailure ? { 'stop-on-failure': 'true' as const } : {}),
    ...(cloudName !== undefined ? { cloud_name: cloudName } : {}),
    ...(o.group !== undefined ? { subcloud_group: o.group } : {}),
    ...(releaseId ? { release_id: releaseId } : {}),
    ...(o.withPrestage && sysadmin !== undefined ? { sysadmin_password: Buffer.from(sysadmin, 'utf8').toString('base64') } : {}),
    snapshot: o.snapshot === true,
    rollback: o.rollback === true,
    delete: del,
    cleanup,
    with_prestage: o.withPrestage === true,
    kube_upgrade: o.kubeUpgrade ?? null,
    ...(o.canary !== undefined ? { canary: o.canary } : {}),
    ...(o.soak !== undefined ? { soak: o.soak } : {}),
    ...(o.maxFailures !== undefined ? { 'max-failures': o.maxFailures } : {}),
  };
}
