/**
 * The files of the outputs folder that may record an earlier quarter's figures, for the
 * quarterly report's comparison with the previous quarter (stats/previous.ts decides which one
 * holds it): that quarter's run log and build's stats.json, in the folder itself and in each
 * build folder under history/, newest first. Files that cannot be read, or larger than a run log
 * ever is, are passed over.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Quarter } from '../dates.js';
import { quarterRunLogName, type RecordCandidate } from '../stats/previous.js';
import { HISTORY_FOLDER } from './outputs.js';

const MAX_RECORD_BYTES = 8 * 1024 * 1024;

function readSmall(path: string): string | null {
  try {
    const info = statSync(path);
    if (!info.isFile() || info.size > MAX_RECORD_BYTES) return null;
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

export function readQuarterRecords(outputsDir: string, quarter: Quarter): RecordCandidate[] {
  const names = [quarterRunLogName(quarter), 'stats.json'];
  let stamps: string[] = [];
  try {
    stamps = readdirSync(join(outputsDir, HISTORY_FOLDER), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()
      .reverse();
  } catch {
    // no history yet
  }
  const candidates: RecordCandidate[] = [];
  for (const folder of ['', ...stamps.map((s) => `${HISTORY_FOLDER}/${s}/`)]) {
    for (const name of names) {
      const text = readSmall(join(outputsDir, folder, name));
      if (text !== null) candidates.push({ path: `${folder}${name}`, text });
    }
  }
  return candidates;
}
