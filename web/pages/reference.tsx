// The catalogue: the products, with a form to add one more.
import { Csrf, Field, Notice, Select, type FieldErrors, type Values } from '../components/fields.tsx';
import { Layout } from '../components/layout.tsx';
import type { ProductView } from '../services.ts';
import type { View } from '../view.ts';

export interface FormProps {
  values?: Values;
  errors?: FieldErrors;
  error?: string;
  ok?: string;
}

export function CataloguePage({ view, products, form }: { view: View; products: ProductView[]; form: FormProps }): JSX.Element {
  const { words: safeWords, fmt } = view;
  const safeC = safeWords.catalogue;
  return (
    <Layout view={view} title={safeC.title}>
      <h1>{safeC.title}</h1>
      <Notice error={form.error} ok={form.ok} />
      <section class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{safeC.sku}</th>
              <th scope="col">{safeC.name}</th>
              <th scope="col">{safeC.unit}</th>
              <th scope="col" class="num">{safeC.price}</th>
              <th scope="col" class="num">{safeC.vat}</th>
              {view.may('readCosts') ? <th scope="col" class="num">{safeC.cost}</th> : ''}
              <th scope="col" class="num">{safeC.days}</th>
            </tr>
          </thead>
          <tbody>
            {products.map((p) => (
              <tr>
                <td safe>{p.sku}</td>
                <td safe>{p.name}</td>
                <td safe>{p.unit}</td>
                <td class="num" safe>{fmt.money(p.price, p.currency)}</td>
                <td class="num" safe>{p.vatRate === null ? safeC.noVat : String(p.vatRate)}</td>
                {view.may('readCosts') ? <td class="num" safe>{fmt.money(p.costPrice ?? 0, p.currency)}</td> : ''}
                <td class="num">{p.productionDays}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {view.may('manageReference') ? (
        <section aria-labelledby="add-h">
          <h2 id="add-h">{safeC.add}</h2>
          <form method="post" action="/catalogue">
            <Csrf view={view} />
            <Field name="sku" label={safeC.sku} required values={form.values} errors={form.errors} />
            <Field name="name" label={safeC.name} required values={form.values} errors={form.errors} />
            <Field name="unit" label={safeC.unit} values={form.values} errors={form.errors} />
            <Field name="price" label={safeC.price} inputmode="decimal" required values={form.values} errors={form.errors} />
            <Select name="vatRate" label={safeC.vat} options={[['22', '22'], ['10', '10'], ['0', '0'], ['none', safeC.noVat]]} values={form.values} errors={form.errors} />
            <Field name="costPrice" label={safeC.cost} inputmode="decimal" required values={form.values} errors={form.errors} />
            <Field name="productionDays" label={safeC.days} inputmode="numeric" required values={form.values} errors={form.errors} />
            <button type="submit">{safeC.add}</button>
          </form>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}
