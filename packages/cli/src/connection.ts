import { createClient, type Client, type Credentials } from '@murmuration/client';
import { Option, type Command } from 'commander';
import { cacheDir, tokenFile } from './token-file.js';
import { UsageError } from './usage-error.js';

/** The OpenStack-style connection options every command accepts, each with its OS_* variable. */
export function addConnectionOptions(program: Command): Command {
  return program
    .addOption(new Option('--os-auth-url <url>', 'identity endpoint, e.g. http://127.0.0.1:6385/identity/v3').env('OS_AUTH_URL'))
    .addOption(new Option('--os-username <name>', 'user name').env('OS_USERNAME'))
    .addOption(new Option('--os-password <password>', 'password').env('OS_PASSWORD'))
    .addOption(new Option('--os-project-name <name>', 'project to scope the token to').env('OS_PROJECT_NAME'))
    .addOption(new Option('--os-user-domain-name <name>', 'domain of the user').env('OS_USER_DOMAIN_NAME').default('Default'))
    .addOption(new Option('--os-project-domain-name <name>', 'domain of the project').env('OS_PROJECT_DOMAIN_NAME').default('Default'))
    .addOption(new Option('--os-region-name <name>', 'region of the endpoints to use').env('OS_REGION_NAME'))
    .addOption(new Option('--os-interface <interface>', 'endpoint interface').choices(['public', 'internal', 'admin']).env('OS_INTERFACE'))
    .addOption(new Option('--no-cache', 'do not reuse or keep a token between commands'))
    .addOption(new Option('--debug', 'print error codes and stack traces'));
}

interface ConnectionOptions {
  osAuthUrl?: string;
  osUsername?: string;
  osPassword?: string;
  osProjectName?: string;
  osUserDomainName: string;
  osProjectDomainName: string;
  osRegionName?: string;
  osInterface?: 'public' | 'internal' | 'admin';
  cache: boolean;
}

function credentials(options: ConnectionOptions): Credentials {
  const missing = [
    ['OS_AUTH_URL', options.osAuthUrl],
    ['OS_USERNAME', options.osUsername],
    ['OS_PASSWORD', options.osPassword],
    ['OS_PROJECT_NAME', options.osProjectName],
  ]
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length > 0) {
    throw new UsageError(
      `missing ${missing.join(', ')}. Load the credentials written by \`murmur up\`:  . <data dir>/openrc  (or pass --os-auth-url, --os-username, ...)`,
    );
  }
  if (!/^https?:\/\//.test(options.osAuthUrl!)) throw new UsageError(`OS_AUTH_URL must be an http(s) URL, got ${options.osAuthUrl}`);
  const fromEndpointType = process.env['OS_ENDPOINT_TYPE']?.replace(/URL$/, '') as Credentials['interface'] | undefined;
  return {
    authUrl: options.osAuthUrl!,
    username: options.osUsername!,
    password: options.osPassword!,
    projectName: options.osProjectName!,
    userDomainName: options.osUserDomainName,
    projectDomainName: options.osProjectDomainName,
    regionName: options.osRegionName ?? null,
    interface: options.osInterface ?? fromEndpointType ?? 'public',
  };
}

/** A client for the controller the command's options (or the OS_* environment) point at. */
export function connect(command: Command): Client {
  const options = command.optsWithGlobals<ConnectionOptions>();
  const creds = credentials(options);
  if (!options.cache || process.env['MURMUR_NO_CACHE'] === '1') return createClient(creds);
  const dir = cacheDir(process.env);
  return createClient(creds, {
    tokenStore: tokenFile(creds, dir),
    regionTokenStore: (region) => tokenFile(creds, dir, region),
  });
}
