import { Csrf, Field, Notice, type FieldErrors, type Values } from '../components/fields.tsx';
import { Layout } from '../components/layout.tsx';
import type { View } from '../view.ts';

export function SignInPage({ view, values, errors, error, ok, next }: { view: View; values?: Values; errors?: FieldErrors; error?: string; ok?: string; next?: string }): JSX.Element {
  const { words } = view;
  return (
    <Layout view={view} title={words.signIn.title}>
      <section class="card" style="max-width: 28rem">
        <h1>{words.signIn.title}</h1>
        <Notice error={error} ok={ok} />
        <form method="post" action="/sign-in" hx-boost="false">
          <Csrf view={view} />
          <input type="hidden" name="next" value={next} />
          <Field name="email" label={words.signIn.email} type="email" autocomplete="username" required values={values} errors={errors} />
          <Field name="password" label={words.signIn.password} type="password" autocomplete="current-password" required errors={errors} />
          <button type="submit">{words.signIn.submit}</button>
        </form>
      </section>
    </Layout>
  );
}

export function InvitePage({ view, token, errors, error }: { view: View; token: string; errors?: FieldErrors; error?: string }): JSX.Element {
  const { words } = view;
  return (
    <Layout view={view} title={words.invite.title}>
      <section class="card" style="max-width: 28rem">
        <h1>{words.invite.title}</h1>
        <Notice error={error} />
        {error && !errors ? (
          ''
        ) : (
          <form method="post" action={`/invite/${token}`} hx-boost="false">
            <Csrf view={view} />
            <Field name="password" label={words.invite.password} type="password" autocomplete="new-password" required errors={errors} />
            <Field name="repeat" label={words.invite.repeat} type="password" autocomplete="new-password" required errors={errors} />
            <button type="submit">{words.invite.submit}</button>
          </form>
        )}
      </section>
    </Layout>
  );
}
