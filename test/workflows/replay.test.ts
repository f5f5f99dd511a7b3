// Histories recorded from real runs of every path (each payment scheme, cancelling with and without money,
// overdue tasks, invoice reminders) replay against the current workflow code: a change that would break
// running orders fails here. `RECORD_HISTORIES=1 npx vitest run test/e2e` adds fixtures that are missing and
// keeps the existing ones, which stand for orders started by earlier code: bare names are the legacy type
// orderWorkflow, names prefixed with ORDER_WORKFLOW the current type (see the versioning rule in the README),
// and `…@<patch>.json` the same path recorded again after the newest `patched()` branch (workflows/shared.ts).
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { NEWEST_PATCH, ORDER_WORKFLOW } from '../../workflows/shared.ts';
import { patchesOf } from '../helpers/histories.ts';

const dir = new URL('../histories/', import.meta.url);
const files = readdirSync(dir).filter((name) => name.endsWith('.json'));

describe('replaying recorded histories', () => {
  it('has histories of every path', () => {
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual(
      expect.arrayContaining([
        'full-prepayment',
        'partial-prepayment',
        'postpayment',
        'overpayment',
        'cancel-new',
        'cancel-prepayment-refund',
        'task-overdue',
        'invoice-reminders',
        'full-prepayment-settled',
        'late-payment-after-won',
        'cancel-after-overpayment-refund',
        'paid-on-payment-page',
        'provider-failure-and-refund',
        'production-with-costs',
        'notified-full-prepayment',
        'notified-partial-prepayment',
        'notified-postpayment',
        'notified-cancel',
      ]),
    );
  });

  it('has histories of every path on the current order type, and of a settlement run', () => {
    const current = ['full-prepayment-settled', 'partial-prepayment', 'postpayment', 'overpayment', 'cancel-new', 'cancel-prepayment-refund',
      'cancel-after-overpayment-refund', 'late-payment-after-won', 'task-overdue', 'invoice-reminders', 'paid-on-payment-page',
      'provider-failure-and-refund', 'production-with-costs', 'notified-partial-prepayment', 'settlement-late-payment',
      // changes to an order (workflows/order/changes.ts)
      'customer-changed', 'amend-prepayment-refund', 'items-added-in-production', 'items-removed-in-production', 'delivery-changed',
      'long-unpaid-continued', 'payment-reversed',
      'task-warnings-escalation', 'manager-notices', 'manager-changed'];
    expect(files).toEqual(expect.arrayContaining(current.map((name) => `${ORDER_WORKFLOW}-${name}.json`)));
    // and of every path recorded on the newest patch, beside the ones recorded before it
    const onNewest = (name: string) => [`${ORDER_WORKFLOW}-${name}.json`, `${ORDER_WORKFLOW}-${name}@${NEWEST_PATCH}.json`].some((file) => files.includes(file) && patchesOf(new URL(file, dir)).includes(NEWEST_PATCH));
    expect(current.filter((name) => !onNewest(name)), `paths without a history recorded on the patch '${NEWEST_PATCH}'`).toEqual([]);
  });

  it.each(files)('%s replays without nondeterminism', async (file) => {
    const history = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
    await expect(
      Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history, `replay-${file}`),
    ).resolves.toBeUndefined();
  });
});
