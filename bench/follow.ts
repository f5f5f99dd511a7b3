// Progress of a running phase on the terminal: a `\r` line, or plain lines every few seconds in a log.
import type { Progress } from './pool.ts';

export const say = (line: string) => console.log(line);

export function follow(label: string, total: number, progress: Progress): () => void {
  const tty = process.stdout.isTTY;
  const render = () => {
    const seconds = (performance.now() - progress.startedAt) / 1000;
    const rate = seconds > 0 ? progress.completed / seconds : 0;
    const failed = progress.failed ? `, ${progress.failed} failed` : '';
    return `  ${label}: ${progress.completed}/${total} orders${failed} · ${rate.toFixed(1)} orders/s · ${seconds.toFixed(0)} s`;
  };
  const timer = setInterval(() => (tty ? process.stdout.write(`\r${render()}   `) : say(render())), tty ? 250 : 5000);
  return () => {
    clearInterval(timer);
    if (tty) process.stdout.write(`\r${render()}   \n`);
    else say(render());
  };
}
