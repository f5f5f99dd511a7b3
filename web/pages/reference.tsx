// The catalogue and the employees: lists with a form to add one more.
import { DEPARTMENTS, type Department } from '../../domain/funnel.ts';
import { Csrf, Field, Notice, Select, type FieldErrors, type Values } from '../components/fields.tsx';
import { Layout } from '../components/layout.tsx';
import type { EmployeeView, ProductView } from '../services.ts';
import type { View } from '../view.ts';

interface FormProps {
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

export interface Issued {
  apiKey?: string;
  inviteUrl?: string;
}

export function EmployeesPage({ view, employees, form, issued }: { view: View; employees: EmployeeView[]; form: FormProps; issued?: Issued }): JSX.Element {
  const { words: safeWords } = view;
  const safeE = safeWords.employees;
  return (
    <Layout view={view} title={safeE.title}>
      <h1>{safeE.title}</h1>
      <Notice error={form.error} ok={form.ok} />
      {issued?.inviteUrl ? (
        <section class="card">
          <label for="invite-url">{safeE.invite}</label>
          <input id="invite-url" class="copy" readonly value={issued.inviteUrl} />
          <p class="muted">{safeE.inviteHint}</p>
          {issued.apiKey ? (
            <>
              <label for="api-key">{safeE.apiKey}</label>
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
              <th scope="col">{safeE.name}</th>
              <th scope="col">{safeE.email}</th>
              <th scope="col">{safeE.department}</th>
              <th scope="col">{safeE.head}</th>
              <th scope="col">{safeE.active}</th>
              <th scope="col">
                <span class="skip">{safeE.invite}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {employees.map((row) => (
              <tr>
                <td safe>{row.name}</td>
                <td safe>{row.email}</td>
                <td>{safeWords.departments[row.department as Department] ?? ''}</td>
                <td>{row.isHead ? safeE.yes : safeE.no}</td>
                <td>{row.active ? safeE.yes : safeE.no}</td>
                <td class="row-inputs">
                  <form method="post" action={`/employees/${row.id}/active`}>
                    <Csrf view={view} />
                    <input type="hidden" name="active" value={row.active ? 'false' : 'true'} />
                    <button type="submit" aria-label={`${row.active ? safeE.deactivate : safeE.activate}: ${row.name}`}>
                      {row.active ? safeE.deactivate : safeE.activate}
                    </button>
                  </form>
                  <form method="post" action={`/employees/${row.id}/invite`}>
                    <Csrf view={view} />
                    <button type="submit" aria-label={`${safeE.invite}: ${row.name}`}>
                      {safeE.invite}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="add-h">
        <h2 id="add-h">{safeE.add}</h2>
        <form method="post" action="/employees">
          <Csrf view={view} />
          <Field name="name" label={safeE.name} required values={form.values} errors={form.errors} />
          <Field name="email" label={safeE.email} type="email" required values={form.values} errors={form.errors} />
          <Select name="department" label={safeE.department} options={DEPARTMENTS.map((d) => [d, safeWords.departments[d]])} values={form.values} errors={form.errors} />
          <p class="check">
            <input type="checkbox" id="f-isHead" name="isHead" value="true" checked={form.values?.isHead === 'true'} />
            <label for="f-isHead">{safeE.head}</label>
          </p>
          <button type="submit">{safeE.add}</button>
        </form>
      </section>
    </Layout>
  );
}
