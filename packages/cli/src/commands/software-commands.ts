import { SoftwareApi } from '@murmuration/client';
import { AppError } from '@murmuration/core/common';
import type { DeployHostObject, ReleaseObject } from '@murmuration/core/contract/software';
import { RELEASE_STATES } from '@murmuration/core/software';
import { buildBundle, type ArchiveFile } from '@murmuration/release';
import { Command, Option } from 'commander';
import { lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { connect } from '../connection.js';
import { defaultDataDir } from '../data-dir.js';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, formatObject, type Cell } from '../output/printer.js';
import { UsageError } from '../usage-error.js';

const api = (command: Command): SoftwareApi => new SoftwareApi(connect(command).session);

/** Where `murmur up` keeps the release signing key by default. */
function defaultKeyFile(): string {
  return path.join(defaultDataDir(), 'release-signing-key.pem');
}

/** Every regular file under a directory, with paths relative to it; links and devices are refused. */
function releaseFiles(dir: string, relative = ''): ArchiveFile[] {
  const files: ArchiveFile[] = [];
  for (const name of readdirSync(path.join(dir, relative)).sort()) {
    const rel = relative ? `${relative}/${name}` : name;
    const stat = lstatSync(path.join(dir, rel));
    if (stat.isDirectory()) files.push(...releaseFiles(dir, rel));
    else if (stat.isFile()) files.push({ path: rel, data: readFileSync(path.join(dir, rel)) });
    else throw new UsageError(`${path.join(dir, rel)} is not a regular file or directory; a release holds regular files only`);
  }
  return files;
}

function releaseFields(r: ReleaseObject): Record<string, Cell> {
  return {
    release_id: r.release_id,
    state: r.state,
    sw_version: r.sw_version,
    status: r.status,
    unremovable: r.unremovable,
    summary: r.summary,
    description: r.description,
    install_instructions: r.install_instructions,
    warnings: r.warnings,
    reboot_required: r.reboot_required,
    requires: r.requires.join(', '),
    packages: r.packages.join(', '),
  };
}

/** `murmur software …`: USM's `software` commands, and the helper that makes a signed release. */
export function softwareCommands(): Command {
  const software = new Command('software').description('Software releases (StarlingX `software` commands)');

  software
    .command('build-release')
    .description('Make a signed release bundle from a directory holding metadata.json, payload/ and optional hooks/')
    .argument('<dir>', 'the release directory')
    .option('--key <file>', 'the platform signing key (the controller keeps it in its data directory)', defaultKeyFile())
    .option('-o, --output <file>', 'where to write the bundle (default: <release id>.tar.gz here)')
    .action((dir: string, options: { key: string; output?: string }) => {
      let key: string;
      try {
        key = readFileSync(options.key, 'utf8');
      } catch (error) {
        throw new UsageError(`cannot read the signing key ${options.key}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; give --key <data dir>/release-signing-key.pem`);
      }
      const { bundle, metadata } = buildBundle(releaseFiles(path.resolve(dir)), key);
      const output = options.output ?? `${metadata.id}.tar.gz`;
      writeFileSync(output, bundle);
      console.log(`${metadata.id} (${metadata.version}) written to ${output}, ${bundle.length} bytes`);
    });

  withOutputOptions(
    software
      .command('upload')
      .description('Upload release bundles; each is verified (signature, checksums, prerequisites) before it is kept')
      .argument('<file...>', 'release bundles (.tar.gz)'),
  ).action(async (files: string[], _options, command: Command) => {
    const client = api(command);
    const output = outputOptions(command);
    const rows: Array<Record<string, Cell>> = [];
    for (const file of files) {
      const result = await client.upload(readFileSync(file), path.basename(file));
      // The server's words go with the table; with data formats they go to stderr, leaving stdout parseable.
      if (result.info) (output.format === 'table' ? process.stdout : process.stderr).write(result.info.endsWith('\n') ? result.info : `${result.info}\n`);
      for (const entry of result.upload_info ?? []) {
        for (const [name, info] of Object.entries(entry)) rows.push({ file: name, release: info.id });
      }
    }
    emit(formatList(rows, [['Uploaded File', 'file'], ['Release', 'release']], output));
  });

  withOutputOptions(software.command('list').description('List releases').addOption(new Option('--state <state>', 'only releases in this state').choices(RELEASE_STATES))).action(
    async (options: { state?: string }, command: Command) => {
      const rows = (await api(command).list(options.state)).map((r) => ({
        release: r.release_id,
        rr: r.reboot_required,
        state: r.state,
      }));
      emit(formatList(rows, [['Release', 'release'], ['RR', 'rr'], ['State', 'state']], outputOptions(command)));
    },
  );

  withOutputOptions(software.command('show').description('Show a release').argument('<release>', 'release id')).action(async (id: string, _options, command: Command) => {
    emit(formatObject(releaseFields(await api(command).show(id)), { ...outputOptions(command), sort: false }));
  });

  software
    .command('delete')
    .description('Delete available or unavailable releases')
    .argument('<release...>', 'release ids')
    .action(async (ids: string[], _options, command: Command) => {
      const client = api(command);
      for (const id of ids) process.stdout.write((await client.remove(id)).info);
    });

  const hostColumns: Array<[string, string]> = [
    ['Host', 'hostname'],
    ['From Release', 'software_release'],
    ['To Release', 'target_release'],
    ['RR', 'reboot_required'],
    ['State', 'host_state'],
    ['Reason', 'reason'],
  ];
  const hostRow = (h: DeployHostObject): Record<string, Cell> => ({ ...h });

  withOutputOptions(software.command('deploy-host-list').description("List hosts' running and target releases and their deployment state")).action(async (_options, command: Command) => {
    emit(formatList((await api(command).deployHosts()).map(hostRow), hostColumns, outputOptions(command)));
  });

  withOutputOptions(software.command('deploy-host-show').description("Show a host's deployment state, with what a failing hook wrote").argument('<host>', 'hostname')).action(
    async (host: string, _options, command: Command) => {
      const found = (await api(command).deployHosts()).find((h) => h.hostname === host);
      if (!found) throw new AppError('NOT_FOUND', `host not found: ${host}`, { host });
      console.log(formatObject(hostRow(found), { ...outputOptions(command), sort: false }));
    },
  );

  withOutputOptions(
    software
      .command('deploy-host')
      .description("Deploy a release on a host: its agent installs it into the host's other slot and switches to it")
      .argument('<host>', 'hostname')
      .argument('<release>', 'release id'),
  ).action(async (host: string, release: string, _options, command: Command) => {
    emit(formatList([hostRow(await api(command).deployHost(host, release))], hostColumns, outputOptions(command)));
  });

  withOutputOptions(software.command('rollback-host').description('Send a host back to the release it ran before its last deployment, running its hooks again').argument('<host>', 'hostname')).action(
    async (host: string, _options, command: Command) => {
      emit(formatList([hostRow(await api(command).rollbackHost(host))], hostColumns, outputOptions(command)));
    },
  );

  return software;
}
