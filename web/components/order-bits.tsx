// Small pieces several pages share.
import type { View } from '../view.ts';

/** Overdue said by an icon and a word, never by colour alone. */
export function Overdue({ view }: { view: View }): JSX.Element {
  const safeWords = view.words;
  return (
    <span class="overdue">
      <span aria-hidden="true">⏰ </span>
      {safeWords.overdue}
    </span>
  );
}
