// The employees: the list with each one's actions (activate, invite again, new API key), a form to set a
// password, and a form to add one more. What was just issued (link, key) is shown once, above the list.
import { DEPARTMENTS, type Department } from '../../domain/funnel.ts';
import { Csrf, Field, Notice, Select } from '../components/fields.tsx';
import { Layout } from '../components/layout.tsx';
import type { EmployeeView } from '../services.ts';
import type { View } from '../view.ts';
import type { FormProps } from './reference.tsx';

export interface Issued {
  apiKey?: string;
  inviteUrl?: string;
}

/** Which form on the page the values and errors belong to. */
export type EmployeesForm = FormProps & { of?: 'add' | 'password' };

function IssuedCard({ view, issued }: { view: View; issued: Issued }): JSX.Element {
  const safeE = view.words.employees;
  return (
    <section class="card">
      {issued.inviteUrl ? (
        <>
          <label for="invite-url">{safeE.invite}</label>
          <input id="invite-url" class="copy" readonly value={issued.inviteUrl} />
          <p class="muted">{safeE.inviteHint}</p>
        </>
      ) : (
        ''
      )}
      {issued.apiKey ? (
        <>
          <label for="api-key">{safeE.apiKey}</label>
          <input id="api-key" class="copy" readonly value={issued.apiKey} />
        </>
      ) : (
        ''
      )}
    </section>
  );
}

function RowActions({ view, row }: { view: View; row: EmployeeView }): JSX.Element {
  const safeE = view.words.employees;
  return (
    <td class="row-inputs">
      <form method="post" action={`/employees/${row.id}/active`}>
        <Csrf view={view} />
        <input type="hidden" name="active" value={row.active ? 'false' : 'true'} />
        <button type="submit" aria-label={`${row.active ? safeE.deactivate : safeE.activate}: ${row.name}`}>
          {row.active ? safeE.deactivate : safeE.activate}
        </button>
      </form>
      {row.active ? (
        <form method="post" action={`/employees/${row.id}/invite`}>
          <Csrf view={view} />
          <button type="submit" aria-label={`${safeE.resend}: ${row.name}`}>
            {safeE.resend}
          </button>
        </form>
      ) : (
        ''
      )}
      <form method="post" action={`/employees/${row.id}/api-key`}>
        <Csrf view={view} />
        <button type="submit" aria-label={`${safeE.newKey}: ${row.name}`}>
          {safeE.newKey}
        </button>
      </form>
    </td>
  );
}

export function EmployeesPage({ view, employees, form, issued }: { view: View; employees: EmployeeView[]; form: EmployeesForm; issued?: Issued }): JSX.Element {
  const { words: safeWords } = view;
  const safeE = safeWords.employees;
  const add = form.of === 'password' ? {} : form;
  const password = form.of === 'password' ? form : {};
  return (
    <Layout view={view} title={safeE.title}>
      <h1>{safeE.title}</h1>
      <Notice error={form.error} ok={form.ok} />
      {issued ? <IssuedCard view={view} issued={issued} /> : ''}
      <section class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{safeE.name}</th>
              <th scope="col">{safeE.email}</th>
              <th scope="col">{safeE.department}</th>
              <th scope="col">{safeE.head}</th>
              <th scope="col">{safeE.active}</th>
              <th scope="col">{safeE.actions}</th>
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
                <RowActions view={view} row={row} />
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="password-h">
        <h2 id="password-h">{safeE.setPassword}</h2>
        <form method="post" action="/employees/password">
          <Csrf view={view} />
          <Select name="employeeId" label={safeE.who} options={employees.filter((e) => e.active).map((e) => [e.id, `${e.name} (${e.email})`])} values={password.values} errors={password.errors} />
          <Field name="password" label={safeE.password} type="password" autocomplete="new-password" required errors={password.errors} />
          <p class="muted">{safeE.passwordHint}</p>
          <button type="submit">{safeE.setPassword}</button>
        </form>
      </section>
      <section aria-labelledby="add-h">
        <h2 id="add-h">{safeE.add}</h2>
        <form method="post" action="/employees">
          <Csrf view={view} />
          <Field name="name" label={safeE.name} required values={add.values} errors={add.errors} />
          <Field name="email" label={safeE.email} type="email" required values={add.values} errors={add.errors} />
          <Select name="department" label={safeE.department} options={DEPARTMENTS.map((d) => [d, safeWords.departments[d]])} values={add.values} errors={add.errors} />
          <p class="check">
            <input type="checkbox" id="f-isHead" name="isHead" value="true" checked={add.values?.isHead === 'true'} />
            <label for="f-isHead">{safeE.head}</label>
          </p>
          <button type="submit">{safeE.add}</button>
        </form>
      </section>
    </Layout>
  );
}
