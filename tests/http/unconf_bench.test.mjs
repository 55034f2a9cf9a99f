// unconf_bench.test.mjs - `glocal bench-schedule`, the unconference optimiser's
// benchmark (bench/run prints its figures), at a small size: the shape of what
// it prints (a line per seed, the slowest build and the smallest lost-vote cut
// agreeing with them), the same grids for the same seeds, and bad options
// refused with exit code 2. No database, and no timing is asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN } from './lib.mjs';

const SMALL = ['--sessions', '20', '--rooms', '3', '--slots', '5', '--voters', '60'];

function glocal(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// The seeds' rows and the summary of an output.
function parse(out) {
  const rows = [];
  for (const m of out.matchAll(/^ +(\d+) +([\d.]+) +([\d.]+) +([\d.]+) +([\d.]+) % +(\d+) +(\d+) +(\d+)$/gm)) {
    const [seed, secs, quality, random, cut, unplaced, over, iterations] = m.slice(1).map(Number);
    rows.push({ seed, secs, quality, random, cut, unplaced, over, iterations });
  }
  const slowest = Number(out.match(/^ +slowest build +([\d.]+) s$/m)?.[1]);
  const smallest = Number(out.match(/^ +smallest lost-vote cut +([\d.]+) %$/m)?.[1]);
  return { rows, slowest, smallest };
}

test('bench-schedule prints a row per seed and the slowest build and smallest cut of them', () => {
  const r = glocal(['bench-schedule', ...SMALL, '--seeds', '2']);
  assert.equal(r.code, 0, r.err);
  const head = r.out.match(/^glocal bench-schedule: 20 sessions, 3 rooms x 5 slots \((\d+)(?: to (\d+))? cells open\), 60 voters with 6 votes each along 5 themes; 2 seeds$/m);
  assert.ok(head, r.out);
  const cells = Number(head[2] ?? head[1]);   // the most open in any seed's case
  assert.ok(Number(head[1]) > 0 && cells <= 15, `${head[0]}: of 15 cells`);
  const { rows, slowest, smallest } = parse(r.out);
  assert.deepEqual(rows.map((x) => x.seed), [1, 2], r.out);
  for (const x of rows) {
    assert.ok(x.quality >= 0 && x.quality <= 1 && x.random >= 0 && x.random <= 1, r.out);
    assert.ok(x.quality >= x.random, `the grid is no worse than random: ${r.out}`);
    assert.ok(x.cut <= 100, r.out);
    assert.ok(x.unplaced >= 20 - cells, `${cells} cells cannot hold 20 sessions: ${x.unplaced} unplaced`);
    assert.ok(x.iterations > 0, r.out);
  }
  assert.equal(slowest, Math.max(...rows.map((x) => x.secs)), r.out);
  assert.equal(smallest, Math.min(...rows.map((x) => x.cut)), r.out);
});

test('bench-schedule gives the same grids for the same seeds, other grids for others', () => {
  const figures = (args) => parse(glocal(['bench-schedule', ...SMALL, ...args]).out).rows
    .map(({ secs, ...rest }) => rest);   // everything but the time
  const once = figures(['--seeds', '3']);
  assert.equal(once.length, 3);
  assert.deepEqual(figures(['--seeds', '3']), once);
  assert.deepEqual(figures(['--seeds', '1']), once.slice(0, 1), 'seed 1 is seed 1 whatever the number of seeds');
  assert.notDeepEqual(once[0], once[1], 'another seed, another case');
});

test('bench-schedule refuses bad options with a sentence and exit code 2', () => {
  for (const [args, words] of [
    [['--sessions', '0'], /--sessions takes a number from 1 to 1000/],
    [['--slots', '65'], /--slots takes a number from 1 to 64/],
    [['--rooms', 'six'], /--rooms takes a number/],
    [['--voters', '-1'], /--voters takes a number from 0/],
    [['--seeds', '0'], /--seeds takes a number from 1/],
    [['--frobnicate'], /unknown option/],
    [['extra'], /unexpected argument 'extra'/],
  ]) {
    const r = glocal(['bench-schedule', ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, words);
    assert.match(r.err, /usage: glocal bench-schedule/);
    assert.equal(r.out, '');
  }
});
