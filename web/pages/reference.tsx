// The catalogue and the employees: lists with a form to add one more.
import type { EmployeeRow } from '../../db/queries/employees.ts';
import type { ProductRow } from '../../db/queries/products.ts';
import { DEPARTMENTS, type Department } from '../../domain/funnel.ts';
import { Csrf, Field, Notice, Select, type FieldErrors, type Values } from '../components/fields.tsx';
import { Layout } from '../components/layout.tsx';
import type { View } from '../view.ts';

interface FormProps {
  values?: Values;
  errors?: FieldErrors;
  error?: string;
  ok?: string;
}

export function CataloguePage({ view, products, form }: { view: View; products: ProductRow[]; form: FormProps }): JSX.Element {
  const { words, fmt } = view;
  const c = words.catalogue;
  return (
    <Layout view={view} title={c.title}>
      <h1>{c.title}</h1>
      <Notice error={form.error} ok={form.ok} />
      <section class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{c.sku}</th>
              <th scope="col">{c.name}</th>
              <th scope="col">{c.unit}</th>
              <th scope="col" class="num">{c.price}</th>
              <th scope="col" class="num">{c.vat}</th>
              {view.may('seeMargin') ? <th scope="col" class="num">{c.cost}</th> : ''}
              <th scope="col" class="num">{c.days}</th>
            </tr>
          </thead>
          <tbody>
            {products.map((p) => (
              <tr>
                <td safe>{p.sku}</td>
                <td safe>{p.name}</td>
                <td safe>{p.unit}</td>
                <td class="num" safe>{fmt.money(p.price, p.currency)}</td>
                <td class="num" safe>{p.vatRate === null ? c.noVat : String(p.vatRate)}</td>
                {view.may('seeMargin') ? <td class="num" safe>{fmt.money(p.costPrice, p.currency)}</td> : ''}
                <td class="num">{p.productionDays}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {view.may('manageReference') ? (
        <section aria-labelledby="add-h">
          <h2 id="add-h">{c.add}</h2>
          <form method="post" action="/catalogue">
            <Csrf view={view} />
            <Field name="sku" label={c.sku} required values={form.values} errors={form.errors} />
            <Field name="name" label={c.name} required values={form.values} errors={form.errors} />
            <Field name="unit" label={c.unit} values={form.values} errors={form.errors} />
            <Field name="price" label={c.price} inputmode="decimal" required values={form.values} errors={form.errors} />
            <Select name="vatRate" label={c.vat} options={[['22', '22'], ['10', '10'], ['0', '0'], ['none', c.noVat]]} values={form.values} errors={form.errors} />
            <Field name="costPrice" label={c.cost} inputmode="decimal" required values={form.values} errors={form.errors} />
            <Field name="productionDays" label={c.days} inputmode="numeric" required values={form.values} errors={form.errors} />
            <button type="submit">{c.add}</button>
          </form>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

export interface Issued {
  apiKey?: string;
  inviteUrl?: string;
}

export function EmployeesPage({ view, employees, form, issued }: { view: View; employees: EmployeeRow[]; form: FormProps; issued?: Issued }): JSX.Element {
  const { words } = view;
  const e = words.employees;
  return (
    <Layout view={view} title={e.title}>
      <h1>{e.title}</h1>
      <Notice error={form.error} ok={form.ok} />
      {issued?.inviteUrl ? (
        <section class="card">
          <label for="invite-url">{e.invite}</label>
          <input id="invite-url" class="copy" readonly value={issued.inviteUrl} />
          <p class="muted">{e.inviteHint}</p>
          {issued.apiKey ? (
            <>
              <label for="api-key">{e.apiKey}</label>
              <input id="api-key" class="copy" readonly value={issued.apiKey} />
            </>
          ) : (
            ''
          )}
        </section>
      ) : (
        ''
      )}
      <section class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{e.name}</th>
              <th scope="col">{e.email}</th>
              <th scope="col">{e.department}</th>
              <th scope="col">{e.head}</th>
              <th scope="col">{e.active}</th>
              <th scope="col">
                <span class="skip">{e.invite}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {employees.map((row) => (
              <tr>
                <td safe>{row.name}</td>
                <td safe>{row.email}</td>
                <td>{words.departments[row.department as Department] ?? ''}</td>
                <td>{row.isHead ? e.yes : e.no}</td>
                <td>{row.active ? e.yes : e.no}</td>
                <td class="row-inputs">
                  <form method="post" action={`/employees/${row.id}/active`}>
                    <Csrf view={view} />
                    <input type="hidden" name="active" value={row.active ? 'false' : 'true'} />
                    <button type="submit" aria-label={`${row.active ? e.deactivate : e.activate}: ${row.name}`}>
                      {row.active ? e.deactivate : e.activate}
                    </button>
                  </form>
                  <form method="post" action={`/employees/${row.id}/invite`}>
                    <Csrf view={view} />
                    <button type="submit" aria-label={`${e.invite}: ${row.name}`}>
                      {e.invite}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="add-h">
        <h2 id="add-h">{e.add}</h2>
        <form method="post" action="/employees">
          <Csrf view={view} />
          <Field name="name" label={e.name} required values={form.values} errors={form.errors} />
          <Field name="email" label={e.email} type="email" required values={form.values} errors={form.errors} />
          <Select name="department" label={e.department} options={DEPARTMENTS.map((d) => [d, words.departments[d]])} values={form.values} errors={form.errors} />
          <p class="check">
            <input type="checkbox" id="f-isHead" name="isHead" value="true" checked={form.values?.isHead === 'true'} />
            <label for="f-isHead">{e.head}</label>
          </p>
          <button type="submit">{e.add}</button>
        </form>
      </section>
    </Layout>
  );
}
