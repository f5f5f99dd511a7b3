// `npm run bench:replay`: the workflow side of an order alone. Replays the histories recorded on the newest
// patch (test/histories/*@<patch>.json) ROUNDS times (default 5) in this process with the worker's bundle
// settings, and prints the CPU a history took: no server, database or network, so a change to the workflow
// code or to the bundle settings shows in seconds, with little of the hour-to-hour noise of `npm run bench`.
//   npm run bench:replay [-- --rounds N] [-- --stack-traces]
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bundleOptions, workflowsPath } from '../worker.ts';
import { NEWEST_PATCH } from '../workflows/shared.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, 'stack-traces': { type: 'boolean', default: false } } });
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds takes a whole number of at least 1');

Runtime.install({ logger: new DefaultLogger('ERROR') });
const quiet = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, log() {} };
const bundle = await bundleWorkflowCode({ workflowsPath, logger: quiet, ...bundleOptions({ workflowStackTraces: values['stack-traces'] }) });
const dir = new URL('../test/histories/', import.meta.url);
const files = readdirSync(dir).filter((name) => name.endsWith(`@${NEWEST_PATCH}.json`));
if (files.length === 0) throw new Error(`no history recorded on the patch ${NEWEST_PATCH} in test/histories`);
const histories = files.map((name) => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as unknown);

async function* replays() {
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, history] of histories.entries()) yield { workflowId: `${files[index]}-${round}`, history };
  }
}

const before = process.cpuUsage();
const started = Date.now();
let count = 0;
for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, replayName: 'bench-replay' }, replays())) {
  if (result.error) throw result.error;
  count += 1;
}
const used = process.cpuUsage(before);
const cpuMs = (used.user + used.system) / 1000;
console.log(
  `${count} replays of ${files.length} histories (${values['stack-traces'] ? 'with' : 'without'} stack traces): ` +
    `${(cpuMs / count).toFixed(1)} ms of CPU a history, ${cpuMs.toFixed(0)} ms in all, ${Date.now() - started} ms wall`,
);
