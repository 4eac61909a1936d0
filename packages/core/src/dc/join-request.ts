import { invalid } from '../errors/app-error.js';
import { isSubcloudName } from './subcloud-names.js';

/** The system controller a join names, as the subcloud records it: its region, and its URL without trailing slashes. */
export interface JoiningSystemController {
  readonly region: string;
  readonly url: string;
}

/**
 * What a subcloud checks of a join request beyond its schema (the name it is given, the system
 * controller's URL and region), refusing with the field named; the same rules on a real subcloud
 * and a hollow one.
 */
export function joiningSystemController(request: {
  readonly name: string;
  readonly system_controller: { readonly region: string; readonly url: string };
}): JoiningSystemController {
  if (!isSubcloudName(request.name)) {
    throw invalid('name must be lower-case letters, digits and inner hyphens, at most 63, not all digits', { field: 'name' });
  }
  const region = request.system_controller.region;
  const url = request.system_controller.url.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(url)) throw invalid('system_controller.url must be an http(s) URL', { field: 'system_controller.url' });
  if (region === '') throw invalid('system_controller.region must not be empty', { field: 'system_controller.region' });
  return { region, url };
}
