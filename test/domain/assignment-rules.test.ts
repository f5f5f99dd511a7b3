import { describe, expect, it } from 'vitest';
import { mayAssignTask, maySetManager } from '../../domain/assignment-rules.ts';
import type { Principal } from '../../domain/roles.ts';

const admin: Principal = { kind: 'admin', id: null, name: 'admin' };
const staff = (department: 'sales' | 'production' | 'management', isHead = false): Principal => ({ kind: 'employee', id: 'e', name: 'E', department, isHead });

describe('who hands work to whom', () => {
  it.each([
    ['admin assigns', admin, 'production', true, true],
    ['management assigns any department’s task', staff('management'), 'production', true, true],
    ['a head assigns in their department', staff('production', true), 'production', true, true],
    ['a head of another department may not', staff('sales', true), 'production', true, false],
    ['a member may not assign', staff('production'), 'production', true, false],
    ['a member takes from their queue', staff('production'), 'production', false, true],
    ['a member of another department may not take', staff('sales'), 'production', false, false],
  ] as const)('%s', (_what, principal, department, assigning, expected) => {
    expect(mayAssignTask(principal, { department }, assigning)).toBe(expected);
  });

  it.each([
    ['admin', admin, true],
    ['management', staff('management'), true],
    ['a head of sales', staff('sales', true), true],
    ['a seller', staff('sales'), false],
    ['a head of production', staff('production', true), false],
  ] as const)('%s changes a manager: %s', (_what, principal, expected) => {
    expect(maySetManager(principal)).toBe(expected);
  });
});
