// The benchmark's command line: sizes, the open-loop rate, and clear refusals of bad values.
import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../bench/options.ts';

describe('bench options', () => {
  it('default to the full run, the open loop at half the lifecycle with half as many orders', () => {
    expect(parseOptions([])).toMatchObject({ orders: 200, clients: 20, open: 2000, arrivals: 100, rate: undefined, quick: false });
    expect(parseOptions(['--quick'])).toMatchObject({ orders: 30, open: 200, arrivals: 15, quick: true });
  });

  it('take a fixed arrival rate and count', () => {
    expect(parseOptions(['--rate', '0.75', '--arrivals', '40'])).toMatchObject({ rate: 0.75, arrivals: 40 });
  });

  it.each([
    [['--rate', '0'], /--rate must be a positive number/],
    [['--rate', 'fast'], /--rate must be a positive number/],
    [['--arrivals', '2.5'], /--arrivals must be a positive whole number/],
    [['--orders=-3'], /--orders must be a positive whole number/],
  ])('refuse %j with a message naming the flag', (args, message) => {
    expect(() => parseOptions(args)).toThrow(message);
  });
});
