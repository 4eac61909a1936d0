import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { UsageError } from './usage-error.js';

/** Reads a secret from the terminal without echoing it. Refuses when there is no terminal. */
export async function promptSecret(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new UsageError(`${question.replace(/:\s*$/, '')} must be given as an option when there is no terminal`);
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  process.stderr.write(question);
  muted = true;
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  return answer;
}

/** Asks twice and insists the answers agree. */
export async function promptNewPassword(): Promise<string> {
  const first = await promptSecret('New password: ');
  const second = await promptSecret('Repeat new password: ');
  if (first !== second) throw new UsageError('the passwords do not match');
  return first;
}
