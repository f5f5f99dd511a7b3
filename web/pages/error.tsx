import { Layout } from '../components/layout.tsx';
import type { View } from '../view.ts';

/** A refusal or failure as a page: what happened in words, and the way back. */
export function ErrorPage({ view, message }: { view: View; message: string }): JSX.Element {
  return (
    <Layout view={view} title={view.words.errors.title}>
      <h1>{view.words.errors.title}</h1>
      <p role="alert" safe>
        {message}
      </p>
      <p>
        <a href="/">{view.words.errors.back}</a>
      </p>
    </Layout>
  );
}
