import { Layout } from '../components/layout.tsx';
import type { View } from '../view.ts';

/** A refusal or failure as a page: what happened in words, and the way back. */
export function ErrorPage({ view, message }: { view: View; message: string }): JSX.Element {
  const safeWords = view.words;
  return (
    <Layout view={view} title={safeWords.errors.title}>
      <h1>{safeWords.errors.title}</h1>
      <p role="alert" safe>
        {message}
      </p>
      <p>
        <a href="/">{safeWords.errors.back}</a>
      </p>
    </Layout>
  );
}
