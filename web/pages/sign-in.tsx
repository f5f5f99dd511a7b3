import { Csrf, Field, Notice, type FieldErrors, type Values } from '../components/fields.tsx';
import { Layout } from '../components/layout.tsx';
import type { View } from '../view.ts';

export function SignInPage({ view, values, errors, error, ok, next }: { view: View; values?: Values; errors?: FieldErrors; error?: string; ok?: string; next?: string }): JSX.Element {
  const { words: safeWords } = view;
  return (
    <Layout view={view} title={safeWords.signIn.title}>
      <section class="card" style="max-width: 28rem">
        <h1>{safeWords.signIn.title}</h1>
        <Notice error={error} ok={ok} />
        <form method="post" action="/sign-in" hx-boost="false">
          <Csrf view={view} />
          <input type="hidden" name="next" value={next} />
          <Field name="email" label={safeWords.signIn.email} type="email" autocomplete="username" required values={values} errors={errors} />
          <Field name="password" label={safeWords.signIn.password} type="password" autocomplete="current-password" required errors={errors} />
          <button type="submit">{safeWords.signIn.submit}</button>
        </form>
      </section>
    </Layout>
  );
}

export function InvitePage({ view, token, errors, error }: { view: View; token: string; errors?: FieldErrors; error?: string }): JSX.Element {
  const { words: safeWords } = view;
  return (
    <Layout view={view} title={safeWords.invite.title}>
      <section class="card" style="max-width: 28rem">
        <h1>{safeWords.invite.title}</h1>
        <Notice error={error} />
        {error && !errors ? (
          ''
        ) : (
          <form method="post" action={`/invite/${token}`} hx-boost="false">
            <Csrf view={view} />
            <Field name="password" label={safeWords.invite.password} type="password" autocomplete="new-password" required errors={errors} />
            <Field name="repeat" label={safeWords.invite.repeat} type="password" autocomplete="new-password" required errors={errors} />
            <button type="submit">{safeWords.invite.submit}</button>
          </form>
        )}
      </section>
    </Layout>
  );
}
