import { readdir, readFile, readlink, realpath } from 'node:fs/promises';
import path from 'node:path';

/** A file or link discovery needs and cannot do without: its absence names the path. */
export class DiscoveryError extends Error {
  override readonly name = 'DiscoveryError';
}

/** Reads a text file, trimmed; throws a DiscoveryError naming the path when it cannot. */
export async function readText(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    throw new DiscoveryError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/**
 * Reads an optional text file: null when it is missing or unreadable (many drivers leave files out or refuse reads).
 */
export async function readOptional(file: string): Promise<string | null> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return text === '' ? null : text;
  } catch {
    return null;
  }
}

/** An integer file: null when missing, unreadable or not an integer. */
export async function readInt(file: string): Promise<number | null> {
  const text = await readOptional(file);
  if (text === null || !/^-?\d+$/.test(text)) return null;
  return Number(text);
}

/** An integer file that must be there. */
export async function readRequiredInt(file: string): Promise<number> {
  const text = await readText(file);
  if (!/^-?\d+$/.test(text)) throw new DiscoveryError(`${file} does not hold an integer: ${JSON.stringify(text.slice(0, 40))}`);
  return Number(text);
}

export async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

export async function linkTarget(link: string): Promise<string | null> {
  try {
    return await readlink(link);
  } catch {
    return null;
  }
}

export async function resolved(file: string): Promise<string | null> {
  try {
    return await realpath(file);
  } catch {
    return null;
  }
}

/** Parses a kernel CPU list (`0-3,8,10-11`). */
export function parseCpuList(text: string, where: string): number[] {
  if (text.trim() === '') return [];
  const out: number[] = [];
  for (const part of text.trim().split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new DiscoveryError(`${where} is not a CPU list: ${JSON.stringify(text.slice(0, 60))}`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let cpu = from; cpu <= to; cpu++) out.push(cpu);
  }
  return out;
}

export const join = path.join;
