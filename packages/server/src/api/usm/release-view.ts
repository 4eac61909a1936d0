import type { ReleaseObject } from '@murmuration/core/contract/software';
import type { ReleaseRecord } from '../../services/software/index.js';

/** What an upload body may be: the bundle itself. */
export const BUNDLE_CONTENT_TYPES = ['application/gzip', 'application/x-gzip', 'application/octet-stream'];

/** A release as USM lists and shows it (`software list|show`). */
export function releaseView(r: Pick<ReleaseRecord, 'metadata' | 'state'>): ReleaseObject {
  return {
    release_id: r.metadata.id,
    state: r.state,
    sw_version: r.metadata.version,
    component: null,
    status: 'REL',
    unremovable: false,
    summary: r.metadata.summary,
    description: r.metadata.description,
    install_instructions: '',
    warnings: '',
    reboot_required: r.metadata.rebootRequired,
    prepatched_iso: false,
    requires: [...r.metadata.requires],
    packages: [],
  };
}
