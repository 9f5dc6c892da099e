/**
 * The child process of ./killWhileSaving.test.ts: `node saver.js MODEL A B` writes the model text in file
 * A to MODEL with writeFileAtomic (what saveModel does after serializing), prints "saved" once that first
 * save is complete, then writes B, A, B, … until it is killed. It imports the atomic write alone, not the
 * whole model stack, so that 200 children start quickly.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../src/cli/atomicWrite.js';

const [path, a, b] = process.argv.slice(2);
// `node --test dist/test` runs every file under test/ once without arguments: then there is nothing to do.
if (path !== undefined && a !== undefined && b !== undefined) {
  const texts = [readFileSync(a, 'utf8'), readFileSync(b, 'utf8')];
  writeFileAtomic(path, texts[0]!);
  process.stdout.write('saved\n'); // stdout is a pipe: written synchronously on Linux, before the loop below
  for (let i = 1; ; i++) writeFileAtomic(path, texts[i % 2]!);
}
