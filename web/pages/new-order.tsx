import { LOCALES } from '../../domain/funnel.ts';
import { Csrf, Field, Notice, Select, type FieldErrors, type Values } from '../components/fields.tsx';
import { Layout } from '../components/layout.tsx';
import type { View } from '../view.ts';

export function NewOrderPage({ view, key, values, errors, error }: { view: View; key: string; values?: Values; errors?: FieldErrors; error?: string }): JSX.Element {
  const { words: safeWords } = view;
  return (
    <Layout view={view} title={safeWords.newOrder.title}>
      <h1>{safeWords.newOrder.title}</h1>
      <section>
        <Notice error={error} />
        <form method="post" action="/orders">
          <Csrf view={view} />
          <input type="hidden" name="key" value={key} />
          <Field name="name" label={safeWords.newOrder.name} required values={values} errors={errors} />
          <Field name="email" label={safeWords.newOrder.email} type="email" values={values} errors={errors} />
          <Field name="phone" label={safeWords.newOrder.phone} type="tel" values={values} errors={errors} />
          <Field name="company" label={safeWords.newOrder.company} values={values} errors={errors} />
          <Select name="locale" label={safeWords.newOrder.locale} options={LOCALES.map((l) => [l, l === 'ru' ? 'Русский' : 'English'])} values={values ?? { locale: view.locale }} errors={errors} />
          <Field name="comment" label={safeWords.newOrder.comment} type="textarea" values={values} errors={errors} />
          <button type="submit">{safeWords.newOrder.create}</button>
        </form>
      </section>
    </Layout>
  );
}
