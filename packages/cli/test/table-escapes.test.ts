import { describe, expect, it } from 'vitest';
import { alarmListColumns, escapeControls, formatList, formatObject, renderTable } from '@murmuration/cli';

/** Every character of the text is one a terminal shows as it is: no control, no bidirectional override. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const printable = (text: string) => !/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/.test(text);

describe('table cells cannot drive the terminal', () => {
  it('shows C0 controls, DEL and C1 controls as \\xNN, and bidirectional characters as \\uNNNN', () => {
    expect(escapeControls('a\u001b[2Jb')).toBe('a\\x1b[2Jb');
    expect(escapeControls('\u0000\u0007\r\t\u007f\u0085\u009b')).toBe('\\x00\\x07\\x0d\\x09\\x7f\\x85\\x9b');
    expect(escapeControls('\u202aa\u202bb\u202cc\u202dd\u202ee')).toBe('\\u202aa\\u202bb\\u202cc\\u202dd\\u202ee');
    expect(escapeControls('\u2066\u2067\u2068\u2069\u200e\u200f\u061c')).toBe('\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c');
    expect(escapeControls('plain text, accents é, CJK 漢字, emoji 🛰')).toBe('plain text, accents é, CJK 漢字, emoji 🛰');
  });

  it('escapes the names of `identity user list`, keeping the columns aligned', () => {
    const users = [
      { id: 'a1', name: 'alice' },
      { id: 'b2', name: 'evil\u001b[2J\u001b[H\u0007' },
      { id: 'c3', name: 'txt.\u202eexe' },
    ];
    const table = formatList(users, [['ID', 'id'], ['Name', 'name']], { format: 'table' });
    expect(printable(table)).toBe(true);
    const lines = table.split('\n');
    expect(lines).toContain('| b2 | evil\\x1b[2J\\x1b[H\\x07 |');
    expect(lines).toContain(`| c3 | ${'txt.\\u202eexe'.padEnd('evil\\x1b[2J\\x1b[H\\x07'.length)} |`);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });

  it('escapes alarm texts in `fm alarm-list` and `alarm-show` tables, and keeps line breaks as lines of the cell', () => {
    const alarms = [
      { alarm_id: '100.101', reason_text: 'CPU \u009b31m hot\u001b]0;owned\u0007', entity_instance_id: 'host=controller-0', severity: 'major', timestamp: '2026-05-01T10:00:00.000000' },
      { alarm_id: '100.104', reason_text: 'disk full\nsee /var/log', entity_instance_id: 'host=controller-0\u2066', severity: 'critical', timestamp: '2026-05-01T10:00:01.000000' },
    ];
    const columns = alarmListColumns({});
    const list = formatList(alarms, columns, { format: 'table' });
    expect(printable(list)).toBe(true);
    expect(list).toContain('CPU \\x9b31m hot\\x1b]0;owned\\x07');
    expect(list).toContain('host=controller-0\\u2066');
    expect(list.split('\n').filter((l) => l.includes('disk full') || l.includes('see /var/log'))).toHaveLength(2);
    const show = formatObject({ reason_text: alarms[0]!.reason_text }, { format: 'table' });
    expect(printable(show)).toBe(true);
    expect(show).toContain('\\x1b]0;owned\\x07');
  });

  it('escapes headers too, and leaves JSON output to JSON escaping', () => {
    expect(renderTable(['K\u001b', 'V'], [])).toContain('| K\\x1b | V |');
    const json = formatList([{ name: 'x\u001by' }], [['Name', 'name']], { format: 'json' });
    expect(printable(json)).toBe(true);
    expect(JSON.parse(json)).toEqual([{ Name: 'x\u001by' }]);
  });
});
