// Form fields that carry their label, the value typed and the error, tied together for screen readers.
import type { View } from '../view.ts';

export type FieldErrors = Record<string, string>;
export type Values = Record<string, string | undefined>;

export function Csrf({ view }: { view: View }): JSX.Element {
  return <input type="hidden" name="_csrf" value={view.csrf} />;
}

interface FieldProps {
  name: string;
  label: string;
  values?: Values;
  errors?: FieldErrors;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: 'decimal' | 'numeric' | 'email' | 'tel' | 'text';
  id?: string;
}

export function Field({ name, label, values, errors, type = 'text', required, autocomplete, inputmode, id }: FieldProps): JSX.Element {
  const fieldId = id ?? `f-${name}`;
  const error = errors?.[name];
  return (
    <div class={error ? 'field invalid' : 'field'}>
      <label for={fieldId} safe>
        {label}
      </label>
      {type === 'textarea' ? (
        <textarea id={fieldId} name={name} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${fieldId}-error` : undefined} safe>
          {values?.[name] ?? ''}
        </textarea>
      ) : (
        <input
          id={fieldId}
          name={name}
          type={type}
          value={values?.[name]}
          required={required}
          autocomplete={autocomplete}
          inputmode={inputmode}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${fieldId}-error` : undefined}
        />
      )}
      {error ? (
        <p class="error" id={`${fieldId}-error`}>
          <span aria-hidden="true">⚠ </span>
          <span safe>{error}</span>
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

export function Select({ name, label, options, values, errors, id }: { name: string; label: string; options: [string, string][]; values?: Values; errors?: FieldErrors; id?: string }): JSX.Element {
  const fieldId = id ?? `f-${name}`;
  const error = errors?.[name];
  return (
    <div class={error ? 'field invalid' : 'field'}>
      <label for={fieldId} safe>
        {label}
      </label>
      <select id={fieldId} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${fieldId}-error` : undefined}>
        {options.map(([value, text]) => (
          <option value={value} selected={values?.[name] === value} safe>
            {text}
          </option>
        ))}
      </select>
      {error ? (
        <p class="error" id={`${fieldId}-error`} safe>
          {error}
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

/** A message above a form: what went wrong (role="alert") or what was done (role="status"). */
export function Notice({ error, ok }: { error?: string; ok?: string }): JSX.Element {
  if (error)
    return (
      <p class="notice bad" role="alert">
        <span aria-hidden="true">⚠ </span>
        <span safe>{error}</span>
      </p>
    );
  if (ok)
    return (
      <p class="notice good" role="status">
        <span aria-hidden="true">✓ </span>
        <span safe>{ok}</span>
      </p>
    );
  return '';
}
