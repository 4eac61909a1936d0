import { buildProgram, LAUNCHED_COMMANDS, OUTPUT_FORMATS } from '@murmuration/cli';
import type { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';

/**
 * Commands that print no data, only a sentence saying what they did (or nothing): they take
 * no -f. Every other command prints something a script may want as json, yaml or value.
 */
const SENTENCE_ONLY = new Set([
  'system host-delete',
  'system host-label-remove',
  'system addrpool-delete',
  'system host-bootstrap-token delete',
  'identity user set',
  'identity user delete',
  'identity user password set',
  'identity project set',
  'identity project delete',
  'identity role delete',
  'identity role add',
  'identity role remove',
  'fm alarm-delete',
  'fm silence-expire',
  'fm receiver-delete',
  'software build-release',
  'software delete',
  'sw-manager sw-deploy-strategy delete',
  'dcmanager subcloud delete',
  'dcmanager subcloud errors',
  'dcmanager subcloud-group delete',
  'dcmanager join-token delete',
  'dcmanager membership leave',
  'dcmanager strategy-config delete',
  'service install',
  'service install-agent',
]);

/** Every command that runs something (a leaf of the tree), by its words, without the launched ones. */
function leaves(command: Command, words: string[] = []): Array<{ words: string; command: Command }> {
  const here = command.parent ? [...words, command.name()] : [];
  if (command.commands.length === 0) return [{ words: here.join(' '), command }];
  return command.commands
    .filter((c) => !(command.parent === null && LAUNCHED_COMMANDS.includes(c.name())))
    .flatMap((c) => leaves(c, here));
}

const everyCommand = (command: Command): Command[] => [command, ...command.commands.flatMap(everyCommand)];
const optionsOf = (command: Command): readonly Option[] => command.options;

describe('the output contract of every murmur command', () => {
  const program = buildProgram();
  const all = leaves(program);

  it('walks the whole tree', () => {
    expect(all.length).toBeGreaterThan(60);
    for (const name of SENTENCE_ONLY) expect(all.map((l) => l.words)).toContain(name);
  });

  it('gives -f table|json|yaml|value (default table) to every command that prints data', () => {
    const missing: string[] = [];
    for (const { words, command } of all) {
      if (SENTENCE_ONLY.has(words)) continue;
      const format = optionsOf(command).find((o) => o.long === '--format');
      if (!format || format.short !== '-f') {
        missing.push(words);
        continue;
      }
      expect({ words, choices: format.argChoices, default: format.defaultValue }).toEqual({ words, choices: [...OUTPUT_FORMATS], default: 'table' });
      const column = optionsOf(command).find((o) => o.long === '--column');
      expect({ words, column: column?.short }).toEqual({ words, column: '-c' });
    }
    expect(missing).toEqual([]);
  });

  it('uses -f for the format only, -c for a column only and -l for a limit only, and --limit is always -l', () => {
    const wrong: string[] = [];
    for (const command of everyCommand(program)) {
      for (const option of optionsOf(command)) {
        const where = `${command.name()} ${option.flags}`;
        if (option.short === '-f' && option.long !== '--format') wrong.push(where);
        if (option.short === '-c' && option.long !== '--column') wrong.push(where);
        if (option.short === '-l' && option.long !== '--limit') wrong.push(where);
        if (option.long === '--limit' && option.short !== '-l') wrong.push(where);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('forces host actions with --force, as the StarlingX clients do', () => {
    const system = program.commands.find((c) => c.name() === 'system')!;
    for (const name of ['host-lock', 'host-unlock', 'host-swact']) {
      const force = system.commands.find((c) => c.name() === name)!.options.find((o) => o.long === '--force');
      expect({ name, flags: force?.flags }).toEqual({ name, flags: '--force' });
    }
  });
});
